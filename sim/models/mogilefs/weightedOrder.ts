/**
 * Orders `items` by repeated weighted draws without replacement, as MogileFS shuffles the
 * devices of `get_paths` and `create_open` (weighted random order, as MogileFS-Server lib/MogileFS/Worker/Query.pm sorts them). `random`
 * returns [0, 1) and is the host's seeded stream. Items of weight 0 or less come last,
 * in their given order, so they are used only when nothing else is left.
 */
export function weightedOrder<T>(items: readonly T[], weightOf: (item: T) => number, random: () => number): T[] {
  const pool = items.filter((item) => weightOf(item) > 0);
  const rest = items.filter((item) => weightOf(item) <= 0);
  const ordered: T[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, item) => sum + weightOf(item), 0);
    let point = random() * total;
    let index = 0;
    for (; index < pool.length - 1; index += 1) {
      point -= weightOf(pool[index] as T);
      if (point < 0) break;
    }
    ordered.push(...pool.splice(index, 1));
  }
  return [...ordered, ...rest];
}
