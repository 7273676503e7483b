import { join } from 'node:path';
import { reportStamp } from '../live/reportStamp.js';
import { mergeSweeps } from '../sweep/mergeSweeps.js';
import { loadSweepFile } from '../sweep/sweepFile.js';
import { writeSweepReport } from '../sweep/sweepReportWriter.js';
import { formatSweep } from './sweepCommand.js';

export interface MergeCommandOptions {
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/**
 * `sim merge`: the sweep.json files of a sweep's shards (or their folders) combined into
 * the report the whole sweep would have written. Exit 0 when the merged sweep passed, 1
 * when it failed (a failing run, an assertion never seen, a shard missing), 2 on bad input.
 */
export async function mergeCommand(paths: readonly string[], options: MergeCommandOptions): Promise<number> {
  const files = await Promise.all(paths.map(loadSweepFile));
  const merged = mergeSweeps(files);
  const dir = options.out ?? join('reports', 'sweeps', merged.scenario, `${reportStamp()}-merged`);
  const analysis = await writeSweepReport(dir, merged);
  if (options.json) process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
  else if (!options.quiet) process.stdout.write(`${formatSweep(merged, analysis, dir)}\n`);
  return analysis.passed ? 0 : 1;
}
