import { join } from 'node:path';
import { TraceLog } from '../kernel/traceLog.js';
import { chromeTraceChunks, traceJsonLines } from '../kernel/traceFiles.js';
import type { RunResult } from '../report/runSummary.js';
import { writeChunksAtomic } from '../report/writeChunksAtomic.js';
import { reportDirOf } from '../report/reportDir.js';
import { runVariant, variantLabel } from '../scenario/runVariant.js';
import { parseFault } from '../scenario/parseFault.js';
import { faultsParam, runFaults } from '../scenario/runFaults.js';
import { parseThreshold } from '../scenario/threshold.js';
import { writeRunReport } from '../report/reportWriter.js';
import { writeRunsIndex } from '../report/runsIndex.js';
import { parseSeed, runScenario } from '../scenario/runScenario.js';
import { formatParams, resolveParams } from '../scenario/resolveParams.js';
import { openRunFolder } from './runFolder.js';
import { sameRunAs } from './sameRunAs.js';
import { parseIntegerOption } from './parseOptions.js';
import { createProgressBar } from './progressBar.js';
import { formatSummary } from './printSummary.js';
import { projectCommit } from './projectCommit.js';
import { findProfile, findScenario } from './registry.js';
import { loadScenarioFile } from './loadScenarioFile.js';
import { isScenarioFilePath, thresholdText } from '../scenario/scenarioFile.js';

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
  readonly force?: boolean;
}

function positiveInt(raw: string | undefined, flag: string, max: number): number | undefined {
  return raw === undefined ? undefined : parseIntegerOption(flag, raw, 1, max);
}

/** `sim run`: one run, its report written, its summary printed. Returns the exit code. */
export async function runCommand(name: string, options: RunCommandOptions): Promise<number> {
  const file = isScenarioFilePath(name) ? await loadScenarioFile(name) : null;
  const scenario = findScenario(file ? file.extends : name);
  const profile = findProfile(scenario, options.profile ?? file?.profile);
  const seed = parseSeed(options.seed ?? file?.seed ?? 1);
  const set = { ...file?.params, ...(file?.durationMs === undefined ? {} : { durationMs: file.durationMs }), ...options.set };
  const faults = (options.fault ?? file?.faults ?? []).map((text) => parseFault(text).text);
  const expect = [...(file?.expect ?? []).map(thresholdText), ...(options.expect ?? [])].map((text) => parseThreshold(text).text);
  const eventsMax = positiveInt(options.eventsMax, '--events-max', 1_000_000_000);
  const wallSecondsMax = positiveInt(options.wallSecondsMax, '--wall-seconds-max', 86_400);
  const resolved = resolveParams(scenario, profile, set);
  const params = { ...formatParams(scenario, resolved), ...faultsParam(runFaults(scenario, resolved, faults)) };
  // A scenario file's runs go under the file's name, so its incident has a folder of its own.
  const variant = variantLabel(runVariant(scenario, profile, resolved, { faults, expect }));
  const dir = options.out ?? reportDirOf(file?.reportName ?? scenario.name, variant, seed);
  const folder = await openRunFolder(dir, {
    named: options.out !== undefined, force: options.force ?? false,
    sameRun: sameRunAs({ scenario: scenario.name, profile: profile.name, seed, params }),
  });
  const traceLog = options.trace ? new TraceLog() : undefined;
  const progress = createProgressBar(`${scenario.name} seed ${seed}`, !options.json && !options.quiet);
  let result: RunResult;
  try {
    const run = runScenario(scenario, profile, {
      seed, set, faults, expect, traceLog, eventsMax,
      wallMsMax: wallSecondsMax === undefined ? undefined : wallSecondsMax * 1_000,
      onProgress: progress.update,
    });
    // The commit is read here, outside the simulation, so a comparison across commits says which.
    result = { ...run, summary: { ...run.summary, commit: projectCommit() } };
    await writeRunReport(folder.workDir, result);
    if (traceLog) await writeTraces(folder.workDir, traceLog, `${scenario.name} seed ${seed}`);
    await folder.commit();
    if (options.out === undefined) await writeRunsIndex();
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
