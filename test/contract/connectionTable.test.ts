import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConnectionTable } from '../../sim/contract/connectionTable.js';

describe('ConnectionTable', () => {
  it('gives back what was set under an id, and nothing once it is deleted', () => {
    const table = new ConnectionTable<string>();
    table.set(7, 'requesting');
    table.set(7, 'answered');
    expect(table.get(7)).toBe('answered');
    expect(table.size).toBe(1);
    expect(table.delete(7)).toBe(true);
    expect(table.get(7)).toBeUndefined();
    expect(table.delete(7)).toBe(false);
    expect(table.size).toBe(0);
  });

  it('tells apart ids that share a slot, growing while both live', () => {
    const table = new ConnectionTable<number>();
    table.set(1, 10);
    table.set(17, 170);
    table.set(1_000_001, 42);
    expect([table.get(1), table.get(17), table.get(1_000_001), table.get(33)]).toEqual([10, 170, 42, undefined]);
  });

  it('keeps a long-lived id once its slot is needed by newer ones, without growing past its slots', () => {
    const table = new ConnectionTable<string>(16);
    table.set(3, 'keep-alive');
    for (let id = 4; id < 10_000; id++) {
      table.set(id, 'short');
      table.delete(id);
    }
    table.set(10_000, 'new');
    expect([table.get(3), table.get(10_000), table.size]).toEqual(['keep-alive', 'new', 2]);
    expect(table.values()).toEqual(['keep-alive', 'new']);
  });

  it('refuses an id that does not fit its slots', () => {
    const table = new ConnectionTable<number>();
    expect(() => table.set(0, 1)).toThrow(/positive 31-bit/);
    expect(() => table.set(2 ** 31, 1)).toThrow(/positive 31-bit/);
    expect([table.delete(0), table.size]).toEqual([false, 0]);
  });

  it('agrees with a Map over any sequence of sets and deletes, iteration order included', () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 5_000 }), fc.integer());
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), fc.constantFrom(16, 64, 4_096), (ops, slotsMax) => {
      const table = new ConnectionTable<number>(slotsMax);
      const map = new Map<number, number>();
      for (const [isSet, id, value] of ops) {
        if (isSet) {
          table.set(id, value);
          map.set(id, value);
        } else expect(table.delete(id)).toBe(map.delete(id));
      }
      expect(table.size).toBe(map.size);
      for (let id = 1; id <= 5_000; id += 7) expect(table.get(id)).toBe(map.get(id));
      const byId = [...map].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
      expect(table.values()).toEqual(byId);
    }));
  });
});
