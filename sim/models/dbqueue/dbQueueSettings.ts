import type { TraceLog } from '../../kernel/traceLog.js';
import { dbQueueDefaults, type DbQueueParams } from './dbQueueDefaults.js';

/** Which grab the workers use: the post's old polling model, TheSchwartz, or the planted bug. */
export type DbWorkerKindName = 'polling' | 'schwartz' | 'naive';

/** A worker process killed at `atMs` (mid-job if it is working); it restarts as a new incarnation. */
export interface WorkerCrash {
  /** Index of the worker, 0-based; recorded names are 1-based (`w1#2` = worker 0, second incarnation). */
  readonly workerIndex: number;
  readonly atMs: number;
}

/** What `runDbQueue` takes: the run's shape, and any {@link DbQueueParams} to override. */
export interface DbQueueOptions extends Partial<DbQueueParams> {
  readonly seed: number;
  readonly workerKind: DbWorkerKindName;
  /** Simulated time the run lasts. */
  readonly durationMs: number;
  /** Explicit submission times; when given they replace the `jobsPerSec` stream. */
  readonly submitAtMs?: readonly number[];
  /** When each worker starts (default: all at 0, the most contended start). */
  readonly workerStartMs?: readonly number[];
  readonly crashes?: readonly WorkerCrash[];
  /** Where the kernel writes the full trace, when asked (not a setting: it changes no outcome). */
  readonly traceLog?: TraceLog | null;
}

/** Every value a run used, defaults included, so a run can be printed and replayed. */
export interface DbQueueSettings extends DbQueueParams {
  readonly seed: number;
  readonly workerKind: DbWorkerKindName;
  readonly durationMs: number;
  readonly submitAtMs: readonly number[] | null;
  readonly workerStartMs: readonly number[];
  readonly crashes: readonly WorkerCrash[];
}

const workersMax = 1_000;
const kinds: readonly DbWorkerKindName[] = ['polling', 'schwartz', 'naive'];

/** Fills in the defaults and checks every value; bad input throws a RangeError naming the option. */
export function resolveDbQueueSettings(options: DbQueueOptions): DbQueueSettings {
  const { traceLog: _traceLog, ...values } = options;
  const settings: DbQueueSettings = {
    ...dbQueueDefaults,
    ...withoutUndefined(values),
    submitAtMs: options.submitAtMs ? [...options.submitAtMs].sort((a, b) => a - b) : null,
    workerStartMs: options.workerStartMs ?? [],
    crashes: options.crashes ?? [],
  };
  if (!kinds.includes(settings.workerKind)) fail('workerKind', `one of ${kinds.join(', ')}`, settings.workerKind);
  integer('seed', settings.seed, 0, 2 ** 32 - 1);
  integer('workers', settings.workers, 1, workersMax);
  integer('jobsMax', settings.jobsMax, 0, settings.rowsMax);
  integer('findLimit', settings.findLimit, 1, 10_000);
  integer('rowsMax', settings.rowsMax, 1, 10_000_000);
  integer('eventsMax', settings.eventsMax, 1, 1e9);
  for (const name of ['queryCostUs', 'lockCostUs'] as const) integer(name, settings[name], 0, 1e9);
  for (const name of ['durationMs', 'jobsPerSec', 'jobMs', 'jobMsMax', 'pollIntervalMs', 'grabForMs', 'restartDelayMs'] as const) {
    if (!(settings[name] >= 0 && settings[name] <= 1e9)) fail(name, 'a number from 0 to 1e9', settings[name]);
  }
  if (settings.arrivals !== 'fixed' && settings.arrivals !== 'poisson') fail('arrivals', "'fixed' or 'poisson'", settings.arrivals);
  if (settings.jobTime !== 'fixed' && settings.jobTime !== 'exponential') fail('jobTime', "'fixed' or 'exponential'", settings.jobTime);
  if (settings.submitAtMs && settings.submitAtMs.length > settings.jobsMax) fail('submitAtMs', `at most jobsMax (${settings.jobsMax}) times`, settings.submitAtMs.length);
  for (const atMs of [...(settings.submitAtMs ?? []), ...settings.workerStartMs]) {
    if (!(atMs >= 0 && atMs <= settings.durationMs)) fail('submitAtMs/workerStartMs', `times from 0 to durationMs (${settings.durationMs})`, atMs);
  }
  if (settings.workerStartMs.length > settings.workers) fail('workerStartMs', `at most one time per worker (${settings.workers})`, settings.workerStartMs.length);
  for (const crash of settings.crashes) {
    integer('crashes[].workerIndex', crash.workerIndex, 0, settings.workers - 1);
    if (!(crash.atMs >= 0 && crash.atMs <= settings.durationMs)) fail('crashes[].atMs', `a time from 0 to durationMs (${settings.durationMs})`, crash.atMs);
  }
  return settings;
}

function integer(name: string, value: number, min: number, max: number): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) fail(name, `an integer from ${min} to ${max}`, value);
}

function fail(name: string, allowed: string, got: unknown): never {
  throw new RangeError(`runDbQueue: ${name} should be ${allowed}, got ${String(got)}`);
}

function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}
