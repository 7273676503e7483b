/**
 * Orders `items` by repeated weighted draws without replacement, as MogileFS shuffles the
 * devices of `get_paths` and `create_open` (weighted random order, as MogileFS-Server lib/MogileFS/Worker/Query.pm sorts them). `random`
 * returns [0, 1) and is the host's seeded stream. Items of weight 0 or less come last,
 * in their given order, so they are used only when nothing else is left.
 */
export function weightedOrder<T>(items: readonly T[], weightOf: (item: T) => number, random: () => number): T[] {
  // Plain loops: this runs on every get_paths, and the filters, reduce and spreads it was
  // written with made six arrays and a closure per call. Same sums in the same order, same draws.
  const pool: T[] = [];
  const rest: T[] = [];
  for (const item of items) (weightOf(item) > 0 ? pool : rest).push(item);
  const ordered: T[] = [];
  while (pool.length > 0) {
    let total = 0;
    for (const item of pool) total += weightOf(item);
    let point = random() * total;
    let index = 0;
    for (; index < pool.length - 1; index += 1) {
      point -= weightOf(pool[index] as T);
      if (point < 0) break;
    }
    ordered.push(pool[index] as T);
    pool.splice(index, 1);
  }
  for (const item of rest) ordered.push(item);
  return ordered;
}
