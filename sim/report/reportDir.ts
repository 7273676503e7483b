import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RunSummary } from './runSummary.js';

/** Longest variant part of a folder name before it is cut and hashed. */
const variantChars = 60;

/**
 * The folder name for a run's variant: the label itself when it is short and made of
 * characters safe in a path and a shell word (`reproxy=close`, `kill=1,2`, `defaults`),
 * words joined by `+`; otherwise its safe characters, cut to 60, and 8 hex digits of the
 * label's SHA-1, so two variants never share a folder (`kill=_none_+partition=1,3,mgm_2,4-1c9e…`).
 */
export function variantDirName(label: string): string {
  const joined = label.trim().split(/\s+/).join('+');
  const safe = joined.replace(/[^\w.,=+-]/g, '_');
  if (safe === joined && safe.length <= variantChars) return safe;
  const hash = createHash('sha1').update(label).digest('hex').slice(0, 8);
  return `${safe.slice(0, variantChars)}-${hash}`;
}

/**
 * Where `sim run` writes a run by default: `reports/<scenario>/<variant>/<seed>/`, so a
 * run with other parameters or another profile never replaces this one's report.
 */
export function defaultReportDir(summary: RunSummary, root = 'reports'): string {
  return reportDirOf(summary.scenario, summary.variant ?? 'defaults', summary.seed, root);
}

/** The same folder from its parts, known before the run: to check `--out` before any work. */
export function reportDirOf(scenario: string, variant: string, seed: number, root = 'reports'): string {
  return join(root, scenario, variantDirName(variant), String(seed));
}
