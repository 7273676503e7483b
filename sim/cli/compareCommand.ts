import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { reportStamp } from '../live/reportStamp.js';
import { writeFileAtomic } from '../report/writeFileAtomic.js';
import { UsageError } from '../scenario/usageError.js';
import { compare, loadCompared, type ChangeLimit } from '../sweep/comparison.js';
import { renderComparisonMarkdown } from '../sweep/comparisonReport.js';

export interface CompareCommandOptions {
  readonly maxIncrease?: readonly string[];
  readonly maxDecrease?: readonly string[];
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/**
 * `sim compare`: the differences of every metric and expectation between two run folders
 * or two sweeps, printed and written as compare.md and compare.json. Exit 1 when a
 * declared threshold is crossed or an expectation that passed now fails, else 0; 2 on bad input.
 */
export async function compareCommand(beforePath: string, afterPath: string, options: CompareCommandOptions): Promise<number> {
  const limits = [
    ...(options.maxIncrease ?? []).map((text) => parseLimit(text, 'increase')),
    ...(options.maxDecrease ?? []).map((text) => parseLimit(text, 'decrease')),
  ];
  const comparison = compare(await loadCompared(beforePath), await loadCompared(afterPath), limits);
  const markdown = renderComparisonMarkdown(comparison);
  const dir = options.out ?? join('reports', 'compare', reportStamp());
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, 'compare.json'), `${JSON.stringify(comparison, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'compare.md'), markdown);
  if (options.json) process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
  else if (!options.quiet) process.stdout.write(`${markdown}\nwritten: ${dir}/compare.md (compare.json beside it)\n`);
  return comparison.regressions.length > 0 ? 1 : 0;
}

/** `metric=10` or `metric=10%`: the most the metric may move in one direction, in percent. */
function parseLimit(text: string, direction: ChangeLimit['direction']): ChangeLimit {
  const match = /^([A-Za-z0-9_.]+)=(\d+(?:\.\d+)?)%?$/.exec(text);
  if (!match) throw new UsageError(`--max-${direction} expects metric=percent (e.g. jobs.latencyMs.p99=10%), got "${text}"`);
  return { metric: match[1]!, direction, percent: Number(match[2]) };
}

