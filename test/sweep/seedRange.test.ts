import { describe, expect, it } from 'vitest';
import { parseSeedRange, parseShard, shardRange } from '../../sim/sweep/seedRange.js';
import { UsageError } from '../../sim/scenario/usageError.js';

describe('seed ranges and shards', () => {
  it('reads first..last and a single seed', () => {
    expect(parseSeedRange('1..200')).toEqual({ first: 1, last: 200 });
    expect(parseSeedRange('7')).toEqual({ first: 7, last: 7 });
  });

  it.each(['200..1', '1..', 'a..b', '-1..3', '1..4294967296'])('rejects --seeds %s as bad input', (text) => {
    expect(() => parseSeedRange(text)).toThrow(UsageError);
  });

  it.each(['0/3', '4/3', '1/0', '1', 'a/b'])('rejects --shard %s as bad input', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError);
  });

  it('splits a range into disjoint shards that cover it, sizes differing by at most one', () => {
    const range = parseSeedRange('1..200');
    const parts = [1, 2, 3].map((index) => shardRange(range, { index, count: 3 })!);
    expect(parts).toEqual([{ first: 1, last: 66 }, { first: 67, last: 133 }, { first: 134, last: 200 }]);
  });

  it('gives a shard no seeds when there are more shards than seeds', () => {
    expect(shardRange({ first: 1, last: 2 }, { index: 1, count: 3 })).toBeNull();
  });
});
