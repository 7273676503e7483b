import type { OpenLoadResult } from '../load/openModelLoad.js';
import type { SocketSample } from './socketSample.js';

/** One sample a second of the proxy's sockets, `atMs` from the start of the load's schedule. */
export interface TimedSocketSample extends SocketSample {
  readonly atMs: number;
}

/** What the live reproduction measured: the load driver's result and the socket samples. */
export interface ReproductionMeasurement {
  readonly load: OpenLoadResult;
  readonly samples: readonly TimedSocketSample[];
  /** The namespace's kernel, proxy and settings as run, for the report. */
  readonly environment: Readonly<Record<string, string | number>>;
}
