import { formatNumber, MISSING } from './formatNumber.js';

/** Formats a parameter value as the scenario would write it; `—` for a run without it. */
export function formatParam(value: string | number | boolean | undefined): string {
  if (value === undefined) return MISSING;
  return typeof value === 'number' ? formatNumber(value) : String(value);
}
