/** What a missing value (a metric that does not exist for this run) looks like in a report. */
export const MISSING = '—';

/**
 * Formats a number for a report table. Integers keep plain digits (no thousands
 * separators) so `grep 41231 report.md` finds them; other numbers are rounded to 3
 * decimals, or to 3 significant digits when smaller than 1, with trailing zeros dropped.
 */
export function formatNumber(value: number | null): string {
  if (value === null) return MISSING;
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  // Clamp at 20: toFixed's limit in older engines, and far beyond anything a report needs.
  const decimals = Math.min(20, Math.max(3, 2 - magnitude));
  return stripZeros(value.toFixed(decimals));
}

function stripZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
