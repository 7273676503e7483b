import type { DeviceStatus } from './device.js';

/**
 * How device status follows host failures (DOMAIN.md §4, *configurable*): `2005` only logs
 * them, so a dead host's devices stay readable until an admin marks them; `modern` marks a
 * host's devices down within one 2.5 s monitor cycle.
 */
export type MonitorMode = '2005' | 'modern';

/** A device in the tracker's input. */
export interface DeviceInput {
  readonly id: number;
  readonly host: string;
  /** Default `alive`. */
  readonly status?: DeviceStatus;
  readonly freeBytes: number;
  /** Default 100. */
  readonly weight?: number;
}

/** A file the tracker knows at start. */
export interface FileInput {
  readonly fid: number;
  readonly key: string;
  readonly sizeBytes: number;
  readonly devices: readonly number[];
}

/** Input of `trackerMachine`. */
export interface TrackerInput {
  readonly devices: readonly DeviceInput[];
  /** Default none; files under `mindevcount` copies are queued for replication at start. */
  readonly files?: readonly FileInput[];
  /** The host's seeded stream, returning [0, 1). */
  readonly random: () => number;
  /** Default `2005`. */
  readonly monitorMode?: MonitorMode;
  /** Metadata query cost before each reply. Default 1 ms. */
  readonly queryCostMs?: number;
  /** Copies each file should have on distinct hosts: MogileFS's default is 2 (DOMAIN.md §4). */
  readonly mindevcount?: number;
  /** Delays before replication retries: 15 s, 60 s, 300 s (DOMAIN.md §4); the last repeats. */
  readonly replicateBackoffMs?: readonly number[];
  /** Monitor cycle of `modern` mode: 2.5 s (DOMAIN.md §4). */
  readonly monitorCycleMs?: number;
  /** Tracker port: 7001 (DOMAIN.md §4). */
  readonly port?: number;
  /** Default 128. */
  readonly backlog?: number;
}

export type TrackerSettings = Required<Omit<TrackerInput, 'devices' | 'files' | 'random'>>;

export const trackerDefaults: TrackerSettings = {
  monitorMode: '2005',
  queryCostMs: 1,
  mindevcount: 2,
  replicateBackoffMs: [15_000, 60_000, 300_000],
  monitorCycleMs: 2_500,
  port: 7001,
  backlog: 128,
};

/** Fills in defaults and checks them; throws an error naming the bad setting. */
export function resolveTrackerSettings(input: TrackerInput): TrackerSettings {
  const settings = { ...trackerDefaults, ...stripUndefined(input) } as TrackerSettings & TrackerInput;
  if (settings.monitorMode !== '2005' && settings.monitorMode !== 'modern') {
    throw new Error(`trackerMachine input.monitorMode should be '2005' or 'modern', got ${JSON.stringify(settings.monitorMode)}`);
  }
  if (!(settings.queryCostMs >= 0)) throw new Error(`trackerMachine input.queryCostMs should be 0 or more, got ${settings.queryCostMs}`);
  if (!Number.isInteger(settings.mindevcount) || settings.mindevcount < 1) {
    throw new Error(`trackerMachine input.mindevcount should be an integer of 1 or more, got ${settings.mindevcount}`);
  }
  if (settings.replicateBackoffMs.length === 0 || settings.replicateBackoffMs.some((delayMs) => !(delayMs > 0))) {
    throw new Error('trackerMachine input.replicateBackoffMs should be a non-empty list of delays above 0');
  }
  if (!(settings.monitorCycleMs > 0)) throw new Error(`trackerMachine input.monitorCycleMs should be above 0, got ${settings.monitorCycleMs}`);
  const { monitorMode, queryCostMs, mindevcount, replicateBackoffMs, monitorCycleMs, port, backlog } = settings;
  return { monitorMode, queryCostMs, mindevcount, replicateBackoffMs, monitorCycleMs, port, backlog };
}

function stripUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
