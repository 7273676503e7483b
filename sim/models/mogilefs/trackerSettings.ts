import type { DeviceStatus } from './device.js';

/**
 * How device status follows host failures (*configurable* here): `2005` only logs
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
  /** Copies each file should have on distinct hosts: MogileFS's default class has `mindevcount` 2 (lib/MogileFS/Class.pm). */
  readonly mindevcount?: number;
  /** Delays before replication retries: 15 s, 60 s, 300 s (lib/MogileFS/Worker/Replicate.pm); the last repeats. */
  readonly replicateBackoffMs?: readonly number[];
  /** Monitor cycle of `modern` mode: 2.5 s (lib/MogileFS/Worker/Monitor.pm). */
  readonly monitorCycleMs?: number;
  /**
   * How long the tracker waits for a connection to a storage node (side channel or HTTP):
   * `conn_timeout`, 2 s by default (MogileFS-Server lib/MogileFS/Config.pm; hard-coded 2 s in
   * lib/MogileFS/HTTPFile.pm before 2010).
   */
  readonly connTimeoutMs?: number;
  /**
   * How long the tracker waits for a storage node's answer on an open connection:
   * `node_timeout`, 2 s by default (MogileFS-Server lib/MogileFS/Config.pm).
   */
  readonly nodeTimeoutMs?: number;
  /**
   * Bytes per second a replica copy moves between two storage nodes (the GET from the source
   * streamed into the PUT to the target). Not a MogileFS number: the link's. Default
   * 12 500 000 (100 Mbit/s Fast Ethernet, an assumption for a 2005 storage rack).
   */
  readonly copyBytesPerSec?: number;
  /** Replicate workers copying at once: `replicate_jobs`, 1 by default (lib/MogileFS/Config.pm). */
  readonly replicateWorkers?: number;
  /**
   * Delay before a failed DELETE is retried, times (1 + failures so far): 30 min
   * (lib/MogileFS/Worker/Delete.pm: "connect failure? retry in 30min", `60 * 30 * (1 + failcount)`).
   */
  readonly deleteRetryMs?: number;
  /** Tracker port: 7001, mogilefsd's default `listen` (lib/MogileFS/Config.pm). */
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
  connTimeoutMs: 2_000,
  nodeTimeoutMs: 2_000,
  copyBytesPerSec: 12_500_000,
  replicateWorkers: 1,
  deleteRetryMs: 1_800_000,
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
  for (const name of ['connTimeoutMs', 'nodeTimeoutMs', 'copyBytesPerSec', 'deleteRetryMs'] as const) {
    if (!(settings[name] > 0)) throw new Error(`trackerMachine input.${name} should be above 0, got ${settings[name]}`);
  }
  if (!Number.isInteger(settings.replicateWorkers) || settings.replicateWorkers < 1) {
    throw new Error(`trackerMachine input.replicateWorkers should be an integer of 1 or more, got ${settings.replicateWorkers}`);
  }
  const { monitorMode, queryCostMs, mindevcount, replicateBackoffMs, monitorCycleMs, port, backlog } = settings;
  const { connTimeoutMs, nodeTimeoutMs, copyBytesPerSec, replicateWorkers, deleteRetryMs } = settings;
  return {
    monitorMode, queryCostMs, mindevcount, replicateBackoffMs, monitorCycleMs,
    connTimeoutMs, nodeTimeoutMs, copyBytesPerSec, replicateWorkers, deleteRetryMs, port, backlog,
  };
}

function stripUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
