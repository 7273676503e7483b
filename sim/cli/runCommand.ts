import { join } from 'node:path';
import { TraceLog } from '../kernel/traceLog.js';
import { chromeTraceChunks, traceJsonLines } from '../kernel/traceFiles.js';
import type { RunResult } from '../report/runSummary.js';
import { writeChunksAtomic } from '../report/writeChunksAtomic.js';
import { writeRunReport } from '../report/reportWriter.js';
import { parseSeed, runScenario } from '../scenario/runScenario.js';
import { formatParams, resolveParams } from '../scenario/resolveParams.js';
import { openRunFolder } from '../report/runFolder.js';
import { sameRunAs } from '../report/sameRunAs.js';
import { parseIntegerOption } from './parseOptions.js';
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
  readonly force?: boolean;
}

function positiveInt(raw: string | undefined, flag: string, max: number): number | undefined {
  return raw === undefined ? undefined : parseIntegerOption(flag, raw, 1, max);
}

/** `sim run`: one run, its report written, its summary printed. Returns the exit code. */
export async function runCommand(name: string, options: RunCommandOptions): Promise<number> {
  const scenario = findScenario(name);
  const profile = findProfile(scenario, options.profile);
  const seed = parseSeed(options.seed);
  const eventsMax = positiveInt(options.eventsMax, '--events-max', 1_000_000_000);
  const wallSecondsMax = positiveInt(options.wallSecondsMax, '--wall-seconds-max', 86_400);
  const set = options.set ?? {};
  const params = formatParams(scenario, resolveParams(scenario, profile, set));
  const dir = options.out ?? join('reports', scenario.name, String(seed));
  const folder = await openRunFolder(dir, {
    named: options.out !== undefined, force: options.force ?? false,
    sameRun: sameRunAs({ scenario: scenario.name, profile: profile.name, seed, params }),
  });
  const traceLog = options.trace ? new TraceLog() : undefined;
  const progress = createProgressBar(`${scenario.name} seed ${seed}`, !options.json && !options.quiet);
  let result: RunResult;
  try {
    result = runScenario(scenario, profile, {
      seed, set, traceLog, eventsMax,
      wallMsMax: wallSecondsMax === undefined ? undefined : wallSecondsMax * 1_000,
      onProgress: progress.update,
    });
    await writeRunReport(folder.workDir, result);
    if (traceLog) await writeTraces(folder.workDir, traceLog, `${scenario.name} seed ${seed}`);
    await folder.commit();
  } catch (error) {
    await folder.abandon();
    throw error;
  } finally {
    progress.stop();
  }
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
