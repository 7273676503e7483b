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
import { projectCommit } from './projectCommit.js';
import { findProfile, findScenario } from './registry.js';
import { loadScenarioFile } from './loadScenarioFile.js';
import { isScenarioFilePath } from '../scenario/scenarioFile.js';

export interface RunCommandOptions {
  readonly seed?: string;
  readonly set?: Record<string, string>;
  readonly fault?: readonly string[];
  readonly expect?: readonly string[];
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
  const file = isScenarioFilePath(name) ? await loadScenarioFile(name) : null;
  const scenario = findScenario(file ? file.extends : name);
  const profile = findProfile(scenario, options.profile ?? file?.profile);
  const seed = parseSeed(options.seed ?? file?.seed ?? 1);
  const set = { ...file?.params, ...(file?.durationMs === undefined ? {} : { durationMs: file.durationMs }), ...options.set };
  const faults = options.fault ?? file?.faults ?? [];
  const expect = [...(file?.expect ?? []), ...(options.expect ?? [])];
  const eventsMax = positiveInt(options.eventsMax, '--events-max');
  const wallSecondsMax = positiveInt(options.wallSecondsMax, '--wall-seconds-max');
  const traceLog = options.trace ? new TraceLog() : undefined;
  const progress = createProgressBar(`${scenario.name} seed ${seed}`, !options.json && !options.quiet);
  let run: RunResult;
  try {
    run = runScenario(scenario, profile, {
      seed, set, faults, expect, traceLog, eventsMax,
      wallMsMax: wallSecondsMax === undefined ? undefined : wallSecondsMax * 1_000,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
  // The commit is read here, outside the simulation, so a comparison across commits says which.
  const result: RunResult = { ...run, summary: { ...run.summary, commit: projectCommit() } };
  // A scenario file's runs go under the file's name, so its incident has a folder of its own.
  const dir = options.out ?? defaultReportDir(file ? { ...result.summary, scenario: file.reportName } : result.summary);
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
