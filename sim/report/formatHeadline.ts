import type { Headline } from './runSummary.js';

/**
 * A headline figure in words: `80 978 failed requests`, `first EADDRNOTAVAIL 47.06 s`,
 * `hub jobs 412/s`. Thousands are grouped (a person reads these, unlike the tables that a
 * grep should find), milliseconds of 10 s or more print as seconds, ratios as percentages.
 */
export function formatHeadlineValue(headline: Headline): string {
  const { value, unit } = headline;
  if (value === null) return 'none';
  if (unit === 'ms') return value >= 10_000 ? `${grouped(value / 1_000, 2)} s` : `${grouped(value, 0)} ms`;
  if (unit === '%') return `${grouped(value * 100, 1)} %`;
  if (unit === '/s') return `${grouped(value, value < 10 ? 2 : 0)}/s`;
  const number = grouped(value, Number.isInteger(value) ? 0 : 2);
  return unit ? `${number} ${unit}` : number;
}

/** `label: value`, as a table cell or a line of the start summary. */
export function formatHeadline(headline: Headline): string {
  return `${headline.label}: ${formatHeadlineValue(headline)}`;
}

function grouped(value: number, decimals: number): string {
  const [whole = '0', fraction] = Math.abs(value).toFixed(decimals).split('.');
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${value < 0 ? '-' : ''}${digits}${fraction ? `.${fraction}` : ''}`;
}
