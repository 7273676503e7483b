import { describe, expect, it } from 'vitest';
import { connectPortsPerWalk, connectPortsUsable, sustainableConnectsPerSec } from '../../sim/net/portBudget.js';

describe('the port budget of docs/DOMAIN.md §6', () => {
  it('counts 28 232 ports in the modern range 32768–60999', () => {
    expect(connectPortsUsable({ low: 32_768, high: 60_999 })).toBe(28_232);
  });

  it('counts 28 233 ports in the 2005 range 32768–61000, though one walk visits 28 232', () => {
    expect(connectPortsUsable({ low: 32_768, high: 61_000 })).toBe(28_233);
    expect(connectPortsPerWalk({ low: 32_768, high: 61_000 })).toBe(28_232);
  });

  it('bounds one destination at about 470 new connections per second with a 60 s TIME_WAIT', () => {
    expect(sustainableConnectsPerSec({ low: 32_768, high: 60_999 }, 1, 60_000)).toBeCloseTo(470.53, 2);
  });
});
