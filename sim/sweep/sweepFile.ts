import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../scenario/usageError.js';
import type { MachineCountsJson } from '../contract/machineCoverage.js';
import type { SeedRange, Shard } from './seedRange.js';
import type { SweepRun } from './sweepRun.js';

/** Why a sweep stopped drawing seeds. */
export interface SweepStop {
  readonly reason: 'allSeeds' | 'coverageStoppedGrowing' | 'wallTimeLimit';
  /** The sentence the report prints. */
  readonly message: string;
}

/**
 * `sweep.json`: everything a sweep's report is computed from, and all `sim merge` needs to
 * combine shards into the report of the whole sweep. Runs are kept in seed order; machine
 * counts and assertion sightings are summed over the runs (sums merge by adding).
 */
export interface SweepFile {
  readonly format: 'stacksim-sweep/1';
  readonly scenario: string;
  readonly profile: string;
  /** The `--set` overrides every run shares. */
  readonly set: Readonly<Record<string, string>>;
  /** Faults in the fault language every run shared (`--fault` or the scenario file's); absent when none. */
  readonly faults?: readonly string[];
  /** Thresholds every run judged (a scenario file's `expect`); absent when none. */
  readonly expect?: readonly string[];
  /** The scenario file the sweep ran, when it ran one. */
  readonly file?: string;
  /** The whole sweep's seeds, as `--seeds` gave them. */
  readonly seeds: SeedRange;
  /** This file's part of the seeds; null for an unsharded or merged sweep. */
  readonly shard: Shard | null;
  /** The project's commit (`git rev-parse HEAD`), null outside a git checkout. */
  readonly commit: string | null;
  readonly untilCoverage: boolean;
  /** `--swarm`: each run drew its parameters and faults from its seed (each run keeps its draw). Absent in older files: false. */
  readonly swarm?: boolean;
  readonly stop: SweepStop;
  readonly runs: readonly SweepRun[];
  /** Per machine, state entries and transitions summed over the runs. */
  readonly machines: Readonly<Record<string, MachineCountsJson>>;
  /** Per declared assertion id, how many runs saw it. */
  readonly assertionRuns: Readonly<Record<string, number>>;
}

/** Reads and checks a parsed sweep.json; a UsageError naming `source` when it is not one. */
export function asSweepFile(value: unknown, source: string): SweepFile {
  const file = value as Partial<SweepFile> | null;
  if (typeof file !== 'object' || file === null || file.format !== 'stacksim-sweep/1' || !Array.isArray(file.runs)) {
    throw new UsageError(`${source} is not a sweep.json (format stacksim-sweep/1)`);
  }
  return file as SweepFile;
}

/** Reads `path` (a sweep.json, or a sweep folder holding one); a UsageError when it is missing or not a sweep. */
export async function loadSweepFile(path: string): Promise<SweepFile> {
  return asSweepFile(await readJson(path, 'sweep.json'), path);
}

/**
 * Parses the JSON at `path`, or at `path/<inFolder>` when `path` is a folder; a UsageError
 * naming the path when it cannot be read or parsed.
 */
export async function readJson(path: string, inFolder: string): Promise<unknown> {
  try {
    const file = (await stat(path)).isDirectory() ? join(path, inFolder) : path;
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
