import type { LoadResult } from '../load/loadResult.js';

/** The servers `sim perf jobhub` compares: our hub, gearmand, and with `--floor` Node's floor (sim/live/perf/floorHub.ts). */
export type PerfServer = 'ours' | 'gearmand' | 'floor';

/** One load round against one server, with the CPU the server process used during it. */
export interface PerfRound {
  readonly round: number;
  readonly server: PerfServer;
  readonly load: LoadResult;
  /** Server CPU (user + system, all threads) during the round's measured window, ms; null without /proc. */
  readonly serverCpuMs: number | null;
  /** serverCpuMs per completed job, µs: what one job costs the server. */
  readonly serverCpuUsPerJob: number | null;
  /** The part of serverCpuUsPerJob spent in the kernel (system time): the syscalls and loopback TCP. */
  readonly serverSystemUsPerJob: number | null;
}

/** Medians over the rounds of one server. */
export interface PerfServerSummary {
  readonly jobsPerSec: number;
  readonly latencyMsP50: number | null;
  readonly latencyMsP99: number | null;
  readonly serverCpuUsPerJob: number | null;
  readonly serverSystemUsPerJob: number | null;
  /** Median server CPU over the round's wall time: 1.0 is one core busy all the time. */
  readonly serverCores: number | null;
}

/** Everything `sim perf jobhub` measured: report.json, from which the Markdown and HTML are rendered. */
export interface JobHubPerfResult {
  readonly startedAt: string;
  readonly machine: { readonly cpus: number; readonly loadAverage1m: number; readonly node: string; readonly gearmand: string };
  readonly settings: Readonly<Record<string, number | string>>;
  readonly rounds: readonly PerfRound[];
  readonly ours: PerfServerSummary;
  readonly gearmand: PerfServerSummary;
  /** The floor's medians, when it was measured (`--floor`): what any Node hub pays with our codec and sockets. */
  readonly floor?: PerfServerSummary;
  /** ours.jobsPerSec / gearmand.jobsPerSec. */
  readonly throughputRatio: number;
  /** The aim: our hub at least 1.0× gearmand's jobs per second. */
  readonly aimMet: boolean;
  /** What limits our hub, from the numbers above (and the profile, when one was taken). */
  readonly limits: readonly string[];
}
