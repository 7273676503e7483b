/** Settings of `sim load gearman`. */
export interface GearmanLoadSettings {
  readonly host: string;
  readonly port: number;
  /** Client connections, each keeping `outstandingPerClient` foreground jobs in flight. */
  readonly clients: number;
  /** Worker connections, each running the GRAB_JOB / PRE_SLEEP / NOOP loop of DOMAIN.md §1. */
  readonly workers: number;
  readonly outstandingPerClient: number;
  /** Bytes of each job's data; the worker returns it as the result. */
  readonly payloadBytes: number;
  /** Measured window; connections are set up before it starts. */
  readonly durationMs: number;
  /** Function name the jobs are submitted under. */
  readonly functionName: string;
}

/** The measuring setup (32 clients, 8 workers, 16 jobs outstanding per client). */
export const gearmanLoadDefaults: Omit<GearmanLoadSettings, 'host' | 'port'> = {
  clients: 32,
  workers: 8,
  outstandingPerClient: 16,
  payloadBytes: 64,
  durationMs: 10_000,
  functionName: 'load',
};
