import { describe, expect, it } from 'vitest';
import { createProgressLine } from '../../sim/cli/progressLine.js';

describe('progress off a terminal is one plain line every 10 s of wall time', () => {
  it('says simulated time, events per second and the ETA, and stays quiet in between', () => {
    let wallMs = 0;
    const lines: string[] = [];
    const update = createProgressLine('port-exhaustion seed 1', (line) => lines.push(line), () => wallMs);
    wallMs = 5_000;
    update(100_000, 600_000, 5_000_000);
    expect(lines).toEqual([]);
    wallMs = 10_000;
    update(200_000, 600_000, 12_000_000);
    expect(lines).toEqual(['port-exhaustion seed 1: 200/600 s simulated, 1 200 000 events/s, ETA 20 s\n']);
  });
});
