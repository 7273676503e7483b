import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { wallNowMs } from '../kernel/determinism.js';
import { reportStamp } from '../live/reportStamp.js';
import { resolveParams } from '../scenario/resolveParams.js';
import { parseFault } from '../scenario/parseFault.js';
import { UsageError } from '../scenario/usageError.js';
import { runSweep } from '../sweep/runSweep.js';
import { parseSeedRange, parseShard, seedCount, shardRange } from '../sweep/seedRange.js';
import type { SweepAnalysis } from '../sweep/sweepAnalysis.js';
import type { SweepFile } from '../sweep/sweepFile.js';
import { verdictLine } from '../sweep/sweepReport.js';
import type { SweepTask } from '../sweep/sweepTask.js';
import { sweepJobsMax, WorkerPool } from '../sweep/workerPool.js';
import { parseIntegerOption } from './parseOptions.js';
import { projectCommitAsync } from './projectCommit.js';
import { findProfile } from './findProfile.js';
import { isScenarioFilePath } from '../scenario/scenarioFilePath.js';
import { parseThreshold } from '../scenario/threshold.js';
import { loadRegisteredScenario } from '../../scenarios/scenarioLoaders.js';
import { createSweepProgress } from './sweepProgress.js';

export interface SweepCommandOptions {
  readonly seeds: string;
  readonly jobs?: string;
  readonly set?: Record<string, string>;
  readonly fault?: readonly string[];
  readonly profile?: string;
  readonly shard?: string;
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly eventsMax?: string;
  readonly runWallSecondsMax?: string;
  readonly wallSecondsMax?: string;
  readonly untilCoverage?: boolean;
  readonly coveragePatience: string;
  readonly swarm?: boolean;
}

const intMax = 2_147_483_647;

/**
 * `sim sweep`: every seed of a range (or of one shard of it) on a pool of worker threads;
 * writes sweep.json, report.md and report.html. Exit 0 when every run passed and every
 * declared sometimes/reachable assertion was seen, 1 otherwise, 2 on bad input.
 */
export async function sweepCommand(name: string, options: SweepCommandOptions): Promise<number> {
  // A scenario file sweeps as `sim run <file>` runs: its scenario, profile, parameters,
  // faults, thresholds and quiet phase, with the command line's --set/--fault on top; the
  // file's own seed gives way to --seeds.
  // Only what this sweep needs is loaded: the file parser for a file, the one scenario named
  // (the workers load theirs meanwhile); the report writer while the seeds run.
  const files = isScenarioFilePath(name) ? await import('../scenario/scenarioFile.js') : null;
  const scenarioFile = files ? await (await import('./loadScenarioFile.js')).loadScenarioFile(name) : null;
  const scenario = await loadRegisteredScenario(scenarioFile ? scenarioFile.extends : name);
  const profileName = options.profile ?? scenarioFile?.profile;
  const profile = findProfile(scenario, profileName);
  const set: Record<string, string> = { ...stringValues(files?.fileParams(scenarioFile) ?? {}), ...options.set };
  resolveParams(scenario, profile, set);
  const faults = (options.fault ?? scenarioFile?.faults ?? []).map((text) => parseFault(text).text);
  const expect = (files?.fileThresholds(scenarioFile) ?? []).map((text) => parseThreshold(text, scenario.enumerations).text);
  const seeds = parseSeedRange(options.seeds);
  const shard = options.shard === undefined ? null : parseShard(options.shard);
  if (shard && options.untilCoverage) throw new UsageError('--until-coverage and --shard do not combine: where coverage stops depends on every seed before');
  const part = shard ? shardRange(seeds, shard) : seeds;
  const jobs = parseIntegerOption('--jobs', options.jobs ?? String(availableParallelism()), 1, sweepJobsMax);
  const task: SweepTask = {
    scenario: scenario.name, profile: profileName, set, faults,
    ...(expect.length > 0 ? { expect } : {}),
    ...(scenarioFile?.quietPhase ? { quietPhase: scenarioFile.quietPhase } : {}),
    ...(scenarioFile ? { file: name } : {}),
    eventsMax: optionalInt('--events-max', options.eventsMax),
    runWallMsMax: secondsToMs(optionalInt('--run-wall-seconds-max', options.runWallSecondsMax)),
    ...(options.swarm ? { swarm: true } : {}),
  };
  const wallMsMax = secondsToMs(optionalInt('--wall-seconds-max', options.wallSecondsMax));
  const patience = options.untilCoverage ? parseIntegerOption('--coverage-patience', options.coveragePatience, 1, intMax) : undefined;
  const totalRuns = part ? seedCount(part) : 0;
  const progress = createSweepProgress(`sweep ${scenarioFile ? `${name} (${scenario.name})` : scenario.name}`, totalRuns, !options.json && !options.quiet);
  const pool = new WorkerPool(task, Math.max(1, Math.min(jobs, totalRuns)));
  const reportWriter = import('../sweep/sweepReportWriter.js');
  reportWriter.catch(() => {}); // awaited below; a sweep that throws first never reads it
  let file: SweepFile;
  try {
    file = await runSweep({
      task, profile: profile.name, seeds, shard, executor: pool, commit: projectCommitAsync(),
      wallMsMax, coveragePatienceRuns: patience, nowMs: wallNowMs, onRun: progress.onRun,
    });
  } catch (error) {
    progress.stop();
    await pool.close();
    throw error;
  }
  progress.stop();
  // Each worker's isolate is torn down on its own thread (tens of ms, its whole heap)
  // while this one writes the report, instead of before it.
  const closing = pool.close();
  const shardPart = shard ? `-shard-${shard.index}-of-${shard.count}` : '';
  const dir = options.out ?? join('reports', 'sweeps', scenarioFile?.reportName ?? scenario.name, `${reportStamp()}${shardPart}`);
  let analysis: SweepAnalysis;
  try {
    analysis = await (await reportWriter).writeSweepReport(dir, file);
  } finally {
    await closing;
  }
  if (options.json) process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
  else if (!options.quiet) process.stdout.write(`${formatSweep(file, analysis, dir)}\n`);
  return analysis.passed ? 0 : 1;
}

/** The sweep on a few lines: verdict, the first failing seeds with their replay, coverage, where the report is. */
export function formatSweep(file: SweepFile, analysis: SweepAnalysis, dir: string): string {
  const swept = file.file === undefined ? file.scenario : `${file.file} (${file.scenario})`;
  const lines = [`sweep ${swept}: ${verdictLine(analysis)} (${file.stop.message})`];
  for (const failing of analysis.failingSeeds.slice(0, 10)) lines.push(`  seed ${failing.seed}: ${failing.failures.join('; ')}\n    replay: ${failing.replay}`);
  if (analysis.failingSeeds.length > 10) lines.push(`  … ${analysis.failingSeeds.length - 10} more failing seeds in the report`);
  const machines = analysis.coverage.machines;
  const states = machines.reduce((sum, m) => sum + m.statesEntered, 0);
  const statesTotal = machines.reduce((sum, m) => sum + m.statesTotal, 0);
  const transitions = machines.reduce((sum, m) => sum + m.transitionsTaken, 0);
  const transitionsTotal = machines.reduce((sum, m) => sum + m.transitionsTotal, 0);
  lines.push(`  coverage: ${machines.length} machines ran, ${states} of ${statesTotal} states entered, ${transitions} of ${transitionsTotal} transitions taken`);
  lines.push(`  report: ${dir}/report.html (sweep.json, report.md beside it)`);
  return lines.join('\n');
}

function optionalInt(flag: string, raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : parseIntegerOption(flag, raw, 1, intMax);
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1_000;
}

/** A scenario file's parameter values as `--set` would give them (sweep.json and the workers take strings). */
function stringValues(params: Readonly<Record<string, string | number | boolean>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, String(value)]));
}
