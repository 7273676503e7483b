/**
 * Sort comparator on UTF-16 code units. Unlike `localeCompare` it gives the same order
 * on every machine and locale, so reports of equal runs are byte-identical.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
