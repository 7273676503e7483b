import { join } from 'node:path';
import { TraceLog } from '../kernel/traceLog.js';
import { chromeTraceChunks, estimateTraceBytes, traceJsonLines, type TraceWindow } from '../kernel/traceFiles.js';
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
import { withMachineShapes } from '../scenario/withMachineShapes.js';
import { formatParams, resolveParams } from '../scenario/resolveParams.js';
import { openRunFolder } from './runFolder.js';
import { sameRunAs } from './sameRunAs.js';
import { parseIntegerOption } from './parseOptions.js';
import { parseTraceWindow } from './parseTraceWindow.js';
import { createProgressBar } from './progressBar.js';
import { formatSummary, formatSwarmDraw } from './printSummary.js';
import { projectCommit } from './projectCommit.js';
import { findProfile, findScenario } from './registry.js';
import { loadScenarioFile } from './loadScenarioFile.js';
import { fileParams, fileThresholds, isScenarioFilePath } from '../scenario/scenarioFile.js';
import { swarmRunInputs } from '../scenario/swarm.js';

export interface RunCommandOptions {
  readonly seed?: string;
  readonly set?: Record<string, string>;
  readonly fault?: readonly string[];
  readonly expect?: readonly string[];
  readonly profile?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly trace?: boolean;
  readonly traceWindow?: string;
  readonly eventsMax?: string;
  readonly wallSecondsMax?: string;
  readonly quiet?: boolean;
  readonly force?: boolean;
  readonly swarm?: boolean;
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
  const set = { ...fileParams(file), ...options.set };
  const faults = (options.fault ?? file?.faults ?? []).map((text) => parseFault(text).text);
  const expect = [...fileThresholds(file), ...(options.expect ?? [])].map((text) => parseThreshold(text, scenario.enumerations).text);
  const eventsMax = positiveInt(options.eventsMax, '--events-max', 1_000_000_000);
  const wallSecondsMax = positiveInt(options.wallSecondsMax, '--wall-seconds-max', 86_400);
  const resolved = resolveParams(scenario, profile, set);
  const quietPhase = file?.quietPhase;
  const swarm = options.swarm ? swarmRunInputs(scenario, profile, seed, { set, faults, quietPhase }) : null;
  const ran = swarm ? { params: resolveParams(scenario, profile, swarm.set), faults: swarm.faults } : { params: resolved, faults };
  const runMs = scenario.durationMs(ran.params as never);
  const traceWindow = options.traceWindow === undefined ? undefined : parseTraceWindow(options.traceWindow, runMs);
  const params = { ...formatParams(scenario, ran.params), ...faultsParam(runFaults(scenario, ran.params, ran.faults)) };
  // A scenario file's runs go under the file's name, so its incident has a folder of its own.
  const variant = variantLabel(runVariant(scenario, profile, resolved, { faults, expect, swarm: swarm !== null }));
  if (swarm && !options.json && !options.quiet) process.stdout.write(`${formatSwarmDraw(swarm.drawn)}\n`);
  const dir = options.out ?? reportDirOf(file?.reportName ?? scenario.name, variant, seed);
  const folder = await openRunFolder(dir, {
    named: options.out !== undefined, force: options.force ?? false,
    sameRun: sameRunAs({ scenario: scenario.name, profile: profile.name, seed, params }),
  });
  const traceLog = options.trace || traceWindow ? new TraceLog(undefined, traceWindow) : undefined;
  const progress = createProgressBar(`${scenario.name} seed ${seed}`, !options.json && !options.quiet);
  let result: RunResult;
  try {
    const run = runScenario(scenario, profile, {
      seed, set, faults, expect, traceLog, eventsMax, swarm: options.swarm ?? false, quietPhase,
      wallMsMax: wallSecondsMax === undefined ? undefined : wallSecondsMax * 1_000,
      onProgress: progress.update,
    });
    // The commit is read here, outside the simulation, so a comparison across commits says which.
    result = withMachineShapes({ ...run, summary: { ...run.summary, commit: projectCommit() } });
    await writeRunReport(folder.workDir, result);
    const trace = { label: `${scenario.name} seed ${seed}`, endUs: run.summary.simulatedMs * 1_000, window: traceWindow };
    if (traceLog) await writeTraces(folder.workDir, traceLog, trace);
    await folder.commit();
    if (traceLog && !options.quiet) process.stderr.write(`trace: wrote ${join(dir, 'trace.chrome.json')} (open in ui.perfetto.dev) and ${join(dir, 'trace.jsonl')}\n`);
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

/** A trace bigger than this gets its size said before it is written. */
const traceBytesWarn = 50_000_000;

interface TraceOutput {
  readonly label: string;
  readonly endUs: number;
  readonly window: TraceWindow | undefined;
}

async function writeTraces(dir: string, log: TraceLog, { label, endUs, window }: TraceOutput): Promise<void> {
  const bytes = estimateTraceBytes(log, window);
  if (bytes > traceBytesWarn) {
    const hint = window ? '' : '; --trace-window 40s..60s keeps part of the run';
    process.stderr.write(`trace: writing about ${Math.round(bytes / 1e6)} MB (${log.size} events, ${log.slices.size} slices)${hint}\n`);
  }
  await writeChunksAtomic(join(dir, 'trace.jsonl'), traceJsonLines(log, window));
  await writeChunksAtomic(join(dir, 'trace.chrome.json'), chromeTraceChunks(log, label, { endUs, window }));
  if (log.truncated) {
    const of = window ? 'in the window' : `of ${log.seen}`;
    process.stderr.write(`trace: kept the first ${log.recordsMax} events ${of} (the trace hash covers all ${log.seen}); --trace-window keeps a later part\n`);
  }
}
