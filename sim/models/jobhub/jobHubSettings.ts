/**
 * The job hub's parameters: what `jobHubMachine` takes as input, their defaults, and the
 * check that turns an input into settings (STYLE.md: bad input is a clear error naming
 * what was wrong and what is allowed).
 */

/**
 * What happens to a job whose worker is lost mid-job (configurable: gearmand and the Perl Gearman::Server differ):
 * `requeue` is gearmand 1.1.20 (back to the tail of its priority list, same handle),
 * `fail` is the 2005 Perl Gearman::Server (WORK_FAIL to every waiting client, job dropped).
 */
export type WorkerLossMode = 'requeue' | 'fail';

/** Every setting of the hub, resolved. */
export interface JobHubSettings {
  /** Host part of job handles `H:<host>:<n>` (the Gearman PROTOCOL file). */
  readonly hostName: string;
  /** Port to listen on: 4730 is Gearman's (the Gearman PROTOCOL file). */
  readonly port: number;
  /** Listen backlog: gearmand's `--backlog` defaults to 32 (gearmand/gearmand.cc). */
  readonly backlog: number;
  readonly workerLossMode: WorkerLossMode;
  /**
   * gearmand's `--job-retries`: 0 is unlimited; N > 0 sends WORK_FAIL to the clients when
   * the N-th assignment of a job is lost (the Gearman PROTOCOL file). Used in `requeue` mode.
   */
  readonly jobRetries: number;
  /** Jobs the hub holds at once (queued or running); a SUBMIT of a new job beyond it gets ERROR QUEUE_ERROR. */
  readonly queuedJobsMax: number;
  /** Bytes of a packet's arguments, NUL separators included (its length field); beyond it → ERROR ARGUMENT_TOO_LARGE. */
  readonly packetArgBytesMax: number;
  /** What the admin `version` command reports. */
  readonly version: string;
  /**
   * Emit `jobhub.history` records for the grab checker. The simulator keeps them; the live
   * hub has no checker and turns them off, which saves five effects per job.
   */
  readonly recordHistory: boolean;
}

/** Input of `jobHubMachine`: any setting left out takes its value from {@link jobHubDefaults}. */
export type JobHubInput = Partial<JobHubSettings>;

/** Defaults of every hub setting. */
export const jobHubDefaults: JobHubSettings = {
  hostName: 'jobhub',
  port: 4730,
  backlog: 32,
  workerLossMode: 'requeue',
  jobRetries: 0,
  // gearmand's own default is no limit (--queue-size 0); a simulation still needs one.
  queuedJobsMax: 1_000_000,
  // gearmand has no packet size limit of its own; 1 MiB bounds a simulated payload.
  packetArgBytesMax: 1_048_576,
  version: '1.1.20',
  recordHistory: true,
};

/** Handles are at most 64 bytes (the Gearman PROTOCOL file; GEARMAND_JOB_HANDLE_SIZE in libgearman-server/constants.h). */
export const handleBytesMax = 64;
/** `H:` + host + `:` + a u32 counter of up to 10 digits must fit in a handle. */
const hostNameBytesMax = handleBytesMax - 'H:'.length - ':'.length - 10;

/** Fills in defaults and checks every value; throws an error naming the bad setting. */
export function resolveJobHubSettings(input: JobHubInput = {}): JobHubSettings {
  const settings = settingsOf({ ...jobHubDefaults, ...input });
  const { hostName, workerLossMode } = settings;
  if (hostName.length === 0 || Buffer.byteLength(hostName) > hostNameBytesMax || /[\s:]/.test(hostName)) {
    throw new Error(`jobHubMachine input.hostName should be 1 to ${hostNameBytesMax} bytes without spaces or ':', got ${JSON.stringify(hostName)}`);
  }
  if (workerLossMode !== 'requeue' && workerLossMode !== 'fail') {
    throw new Error(`jobHubMachine input.workerLossMode should be 'requeue' or 'fail', got ${JSON.stringify(workerLossMode)}`);
  }
  requireInteger('port', settings.port, 1, 65_535);
  requireInteger('backlog', settings.backlog, 1, 65_535);
  requireInteger('jobRetries', settings.jobRetries, 0, Number.MAX_SAFE_INTEGER);
  requireInteger('queuedJobsMax', settings.queuedJobsMax, 1, Number.MAX_SAFE_INTEGER);
  requireInteger('packetArgBytesMax', settings.packetArgBytesMax, 1, Number.MAX_SAFE_INTEGER);
  return settings;
}

/**
 * The settings as an object of one shape, every field in declaration order: the spread that
 * fills in the defaults made objects whose hidden class depended on the input (a copy of the
 * defaults' class with some fields moved to another representation), and the hub's optimized
 * code was thrown away at a later run of a sweep for meeting settings of another shape
 * (docs/sweeps.md, "JIT compile work").
 */
function settingsOf(merged: JobHubSettings): JobHubSettings {
  return {
    hostName: merged.hostName,
    port: merged.port,
    backlog: merged.backlog,
    workerLossMode: merged.workerLossMode,
    jobRetries: merged.jobRetries,
    queuedJobsMax: merged.queuedJobsMax,
    packetArgBytesMax: merged.packetArgBytesMax,
    version: merged.version,
    recordHistory: merged.recordHistory,
  };
}

function requireInteger(name: keyof JobHubSettings, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`jobHubMachine input.${name} should be an integer from ${min} to ${max}, got ${value}`);
  }
}
