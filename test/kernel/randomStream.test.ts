import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel/kernel.js';

function draw(kernel: Kernel, name: string): number[] {
  const stream = kernel.stream(name);
  return Array.from({ length: 5 }, () => stream.uint32());
}

describe('random streams', () => {
  it('give a stream the same values whatever other streams were made before it', () => {
    const alone = new Kernel(42);
    const crowded = new Kernel(42);
    draw(crowded, 'host:a');
    draw(crowded, 'host:b');
    expect(draw(crowded, 'worker:1')).toEqual(draw(alone, 'worker:1'));
  });

  it('differ between names and between root seeds', () => {
    const kernel = new Kernel(42);
    expect(draw(kernel, 'x')).not.toEqual(draw(kernel, 'y'));
    expect(draw(new Kernel(42), 'x')).not.toEqual(draw(new Kernel(43), 'x'));
  });

  it('keep ints and floats inside their bounds', () => {
    const stream = new Kernel(3).stream('bounds');
    for (let i = 0; i < 10_000; i++) {
      const value = stream.int(-3, 7);
      expect(value).toBeGreaterThanOrEqual(-3);
      expect(value).toBeLessThanOrEqual(7);
      const float = stream.float();
      expect(float).toBeGreaterThanOrEqual(0);
      expect(float).toBeLessThan(1);
    }
  });
});
