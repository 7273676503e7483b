import { join } from 'node:path';
import { TraceLog } from '../kernel/traceLog.js';
import { chromeTraceChunks, traceJsonLines } from '../kernel/traceFiles.js';
import type { RunResult } from '../report/runSummary.js';
import { writeChunksAtomic } from '../report/writeChunksAtomic.js';
import { defaultReportDir } from '../report/reportDir.js';
import { writeRunReport } from '../report/reportWriter.js';
import { writeRunsIndex } from '../report/runsIndex.js';
import { parseSeed, runScenario } from '../scenario/runScenario.js';
import { UsageError } from '../scenario/usageError.js';
import { createProgressBar } from './progressBar.js';
import { formatSummary } from './printSummary.js';
import { findProfile, findScenario } from './registry.js';

export interface RunCommandOptions {
  readonly seed: string;
  readonly set?: Record<string, string>;
  readonly profile?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly trace?: boolean;
  readonly eventsMax?: string;
  readonly wallSecondsMax?: string;
  readonly quiet?: boolean;
}

function positiveInt(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`${flag} expects a positive integer, got "${raw}"`);
  return Number(raw);
}

/** `sim run`: one run, its report written, its summary printed. Returns the exit code. */
export async function runCommand(name: string, options: RunCommandOptions): Promise<number> {
  const scenario = findScenario(name);
  const profile = findProfile(scenario, options.profile);
  const seed = parseSeed(options.seed);
  const eventsMax = positiveInt(options.eventsMax, '--events-max');
  const wallSecondsMax = positiveInt(options.wallSecondsMax, '--wall-seconds-max');
  const traceLog = options.trace ? new TraceLog() : undefined;
  const progress = createProgressBar(`${scenario.name} seed ${seed}`, !options.json && !options.quiet);
  let result: RunResult;
  try {
    result = runScenario(scenario, profile, {
      seed, set: options.set ?? {}, traceLog, eventsMax,
      wallMsMax: wallSecondsMax === undefined ? undefined : wallSecondsMax * 1_000,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
  const dir = options.out ?? defaultReportDir(result.summary);
  await writeRunReport(dir, result);
  if (options.out === undefined) await writeRunsIndex();
  if (traceLog) await writeTraces(dir, traceLog, `${scenario.name} seed ${seed}`);
  if (options.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
  else if (!options.quiet) process.stdout.write(`${formatSummary(result.summary, dir)}\n`);
  return result.summary.passed ? 0 : 1;
}

async function writeTraces(dir: string, log: TraceLog, label: string): Promise<void> {
  await writeChunksAtomic(join(dir, 'trace.jsonl'), traceJsonLines(log));
  await writeChunksAtomic(join(dir, 'trace.chrome.json'), chromeTraceChunks(log, label));
  if (log.truncated) {
    process.stderr.write(`trace: kept the first ${log.recordsMax} of ${log.seen} events (the trace hash covers all of them)\n`);
  }
}
