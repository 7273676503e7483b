import { UsageError } from '../scenario/usageError.js';

/** The seeds of a sweep, both ends included. */
export interface SeedRange {
  readonly first: number;
  readonly last: number;
}

/** Which of n disjoint parts of a seed range this process runs: `index` counts from 1. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

const seedMax = 4_294_967_295;

/** `--seeds 1..10000` (or one seed, `7`) as a range; a UsageError for anything else. */
export function parseSeedRange(text: string): SeedRange {
  const match = /^(\d+)(?:\.\.(\d+))?$/.exec(text);
  const first = match ? Number(match[1]) : NaN;
  const last = match ? Number(match[2] ?? match[1]) : NaN;
  if (!match || first > last || last > seedMax) {
    throw new UsageError(`--seeds expects first..last with 0 <= first <= last <= ${seedMax} (e.g. 1..200), got "${text}"`);
  }
  return { first, last };
}

/**
 * `--shard i/n` as a batch runner passes it (a Kubernetes Indexed Job's
 * JOB_COMPLETION_INDEX + 1, a CI matrix entry); a UsageError unless 1 <= i <= n.
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || index < 1 || index > count) throw new UsageError(`--shard expects i/n with 1 <= i <= n (e.g. 2/3), got "${text}"`);
  return { index, count };
}

/** How many seeds the range holds. */
export function seedCount(range: SeedRange): number {
  return range.last - range.first + 1;
}

/**
 * The shard's part of `range`: contiguous blocks whose sizes differ by at most one, so
 * the n parts are disjoint, cover the range, and a shard's seeds can be read off its range.
 * Null when the shard gets no seed (more shards than seeds).
 */
export function shardRange(range: SeedRange, shard: Shard): SeedRange | null {
  const total = seedCount(range);
  const start = Math.floor(((shard.index - 1) * total) / shard.count);
  const end = Math.floor((shard.index * total) / shard.count);
  return end > start ? { first: range.first + start, last: range.first + end - 1 } : null;
}

/** `1..200`, the way `--seeds` spells it. */
export function formatSeedRange(range: SeedRange): string {
  return range.first === range.last ? String(range.first) : `${range.first}..${range.last}`;
}
