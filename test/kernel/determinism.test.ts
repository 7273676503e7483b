import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel/kernel.js';

describe('deterministic globals during a run', () => {
  it('replace Math.random and Date.now with seeded, simulated versions and restore them after', () => {
    const realRandom = Math.random;
    const realNow = Date.now;
    const sample = (seed: number) => {
      const kernel = new Kernel(seed);
      const seen: number[] = [];
      kernel.at(2_500_000, kernel.name('a'), kernel.name('e'), 0, () => seen.push(Math.random(), Date.now()));
      kernel.run({ durationUs: 3_000_000 });
      return seen;
    };
    const first = sample(9);
    expect(first[1]).toBe(2_500);
    expect(sample(9)).toEqual(first);
    expect(sample(10)[0]).not.toBe(first[0]);
    expect(Math.random).toBe(realRandom);
    expect(Date.now).toBe(realNow);
  });

  it('restore the globals when the run throws', () => {
    const realRandom = Math.random;
    const kernel = new Kernel(1);
    kernel.at(1, kernel.name('a'), kernel.name('boom'), 0, () => {
      throw new Error('boom');
    });
    expect(() => kernel.run({ durationUs: 10 })).toThrow('boom');
    expect(Math.random).toBe(realRandom);
  });
});
