import { describe, expect, it } from 'vitest';
import { objectArray } from '../../sim/contract/objectArray.js';

describe('objectArray', () => {
  it('gives a new empty array at each call, which takes records like any array', () => {
    const first = objectArray<{ id: number }>();
    const second = objectArray<{ id: number }>();
    expect(first).toEqual([]);
    expect(first).not.toBe(second);
    first.push({ id: 1 }, { id: 2 });
    expect(first.map((record) => record.id)).toEqual([1, 2]);
    expect(second).toEqual([]);
    expect(objectArray()).toEqual([]);
  });
});
