import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { objectArray } from '../../sim/contract/objectArray.js';

/**
 * V8's own test of an array's element kind. Natives syntax is read when a function is
 * compiled, so the flag is set before the function is made; it stays on for this worker,
 * which changes nothing for code that does not write `%Name(…)`.
 */
function hasObjectElements(): (array: unknown[]) => boolean {
  v8.setFlagsFromString('--allow-natives-syntax');
  return new Function('array', 'return %HasObjectElements(array)') as (array: unknown[]) => boolean;
}

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

  it('starts in V8\'s object element kind, where an empty literal starts in the small-integer kind', () => {
    const isObjectKind = hasObjectElements();
    expect(isObjectKind(objectArray())).toBe(true);
    expect(isObjectKind([])).toBe(false);
  });
});
