import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { gearmandPath, startGearmand } from '../peers/gearmand.js';
import { startLiveHubProcess } from '../peers/liveHubProcess.js';
import type { PeerProcess } from '../peers/peerProcess.js';
import type { GearmanLoadSettings } from '../load/gearmanLoadSettings.js';
import { runGearmanLoad } from '../load/runGearmanLoad.js';
import type { JobHubPerfResult, PerfRound, PerfServer, PerfServerSummary } from './jobHubPerfResult.js';
import { processCpuTimesMs, type ProcessCpuTimes } from './processCpu.js';

export interface JobHubPerfSettings {
  readonly rounds: number;
  readonly load: Omit<GearmanLoadSettings, 'host' | 'port'>;
  /** Also measure the floor (`sim live jobhub --floor`: no model) in the same rotation. */
  readonly floor?: boolean;
  /** Called after each round, for a progress line. */
  readonly onRound?: (round: PerfRound) => void;
}

/** The unmeasured load each server gets before the rounds: at most this, at most one round's window. */
const warmupMsMax = 2000;

/**
 * Our live hub (`sim live jobhub` in its own process) against gearmand 1.1.20 with
 * `--threads=1`, both started here on loopback, measured with the same Gearman load driver
 * in alternating rounds (ours first in odd rounds, gearmand first in even ones) so drift
 * in the machine's load hits both alike. Each server first gets an unmeasured warm-up
 * load, so our hub's JIT compiling is not in round 1 (a server that runs for hours pays it
 * once), and each server's CPU is read from /proc exactly as the measured window opens and
 * closes.
 */
export async function runJobHubPerf(settings: JobHubPerfSettings): Promise<JobHubPerfResult> {
  const startedAt = new Date().toISOString();
  const loadAverage1m = loadavg()[0] ?? 0;
  const started = await startServers(settings.floor === true);
  const servers: Partial<Record<PerfServer, Server>> = started;
  const names = (Object.keys(started) as PerfServer[]).sort((a, b) => serverOrder.indexOf(a) - serverOrder.indexOf(b));
  const rounds: PerfRound[] = [];
  const warmupMs = Math.min(warmupMsMax, settings.load.durationMs);
  try {
    for (const server of names) {
      const { host, port } = servers[server] as Server;
      await runGearmanLoad({ ...settings.load, host, port, durationMs: warmupMs, functionName: 'perfWarmup' });
    }
    for (let round = 1; round <= settings.rounds; round++) {
      const order = round % 2 === 1 ? names : [...names].reverse();
      for (const server of order) {
        const { host, port, pid } = servers[server] as Server;
        const cpu: { opened: ProcessCpuTimes | null; closed: ProcessCpuTimes | null } = { opened: null, closed: null };
        const window = { opened: () => (cpu.opened = processCpuTimesMs(pid)), closed: () => (cpu.closed = processCpuTimesMs(pid)) };
        const load = await runGearmanLoad({ ...settings.load, host, port, functionName: `perf${round}` }, window);
        const used = cpu.opened === null || cpu.closed === null ? null : { userMs: cpu.closed.userMs - cpu.opened.userMs, systemMs: cpu.closed.systemMs - cpu.opened.systemMs };
        const serverCpuMs = used === null ? null : used.userMs + used.systemMs;
        const entry: PerfRound = {
          round,
          server,
          load,
          serverCpuMs,
          serverCpuUsPerJob: perJobUs(serverCpuMs, load.completed),
          serverSystemUsPerJob: perJobUs(used?.systemMs ?? null, load.completed),
        };
        rounds.push(entry);
        settings.onRound?.(entry);
      }
    }
  } finally {
    for (const server of Object.values(started)) await server.stop();
  }
  const summaryOurs = summarize(rounds, 'ours');
  const summaryGearmand = summarize(rounds, 'gearmand');
  const summaryFloor = started.floor ? summarize(rounds, 'floor') : null;
  const throughputRatio = summaryGearmand.jobsPerSec === 0 ? 0 : Math.round((summaryOurs.jobsPerSec / summaryGearmand.jobsPerSec) * 1000) / 1000;
  return {
    startedAt,
    machine: { cpus: cpus().length, loadAverage1m: Math.round(loadAverage1m * 100) / 100, node: process.version, gearmand: gearmandVersion() },
    settings: { rounds: settings.rounds, warmupMs, ...settings.load },
    rounds,
    ours: summaryOurs,
    gearmand: summaryGearmand,
    ...(summaryFloor ? { floor: summaryFloor } : {}),
    throughputRatio,
    aimMet: throughputRatio >= 1,
    limits: limitsOf(summaryOurs, summaryGearmand, summaryFloor),
  };
}

type Server = PeerProcess & { host: string; port: number };

/** Rounds visit the servers in this order (odd rounds) or its reverse (even ones). */
const serverOrder: readonly PerfServer[] = ['ours', 'floor', 'gearmand'];

/** Our hub, gearmand, and the floor if asked; whatever started is stopped if a later one fails. */
async function startServers(floor: boolean): Promise<{ ours: Server; gearmand: Server; floor?: Server }> {
  const ours = await startLiveHubProcess();
  const others: Server[] = [];
  try {
    const floorServer = floor ? await startLiveHubProcess(['--floor']) : undefined;
    if (floorServer) others.push(floorServer);
    const gearmand = await startGearmand({ threads: 1 });
    return { ours, gearmand, ...(floorServer ? { floor: floorServer } : {}) };
  } catch (error) {
    for (const server of [ours, ...others]) await server.stop();
    throw error;
  }
}

/** `ms` over `jobs` in µs, to 0.1. */
function perJobUs(ms: number | null, jobs: number): number | null {
  return ms === null || jobs === 0 ? null : Math.round((ms * 10_000) / jobs) / 10;
}

function median(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 === 1 ? (known[middle] as number) : ((known[middle - 1] as number) + (known[middle] as number)) / 2;
}

function summarize(rounds: readonly PerfRound[], server: PerfServer): PerfServerSummary {
  const mine = rounds.filter((round) => round.server === server);
  return {
    jobsPerSec: median(mine.map((round) => round.load.ratePerSec)) ?? 0,
    latencyMsP50: median(mine.map((round) => round.load.latencyMs.p50)),
    latencyMsP99: median(mine.map((round) => round.load.latencyMs.p99)),
    serverCpuUsPerJob: median(mine.map((round) => round.serverCpuUsPerJob)),
    serverSystemUsPerJob: median(mine.map((round) => round.serverSystemUsPerJob)),
    serverCores: median(mine.map((round) => (round.serverCpuMs === null ? null : Math.round((round.serverCpuMs / round.load.durationMs) * 100) / 100))),
  };
}

/** Plain statements of what bounds our hub, derived from the measurements (rendered as they are). */
function limitsOf(ours: PerfServerSummary, gearmand: PerfServerSummary, floor: PerfServerSummary | null): string[] {
  const limits: string[] = [];
  if (floor?.serverCpuUsPerJob != null && ours.serverCpuUsPerJob !== null && gearmand.serverCpuUsPerJob !== null) {
    const modelUs = Math.round((ours.serverCpuUsPerJob - floor.serverCpuUsPerJob) * 10) / 10;
    const nodeUs = Math.round((floor.serverCpuUsPerJob - gearmand.serverCpuUsPerJob) * 10) / 10;
    limits.push(
      `The Node floor (same codec and sockets, no model) used ${floor.serverCpuUsPerJob} µs per job at ${floor.jobsPerSec} jobs/s: the model and the host add ${modelUs} µs, Node's sockets and event loop ${nodeUs} µs over gearmand.`,
    );
  }
  if (ours.serverCpuUsPerJob !== null && gearmand.serverCpuUsPerJob !== null) {
    limits.push(
      `CPU per job: our hub ${ours.serverCpuUsPerJob} µs, gearmand ${gearmand.serverCpuUsPerJob} µs (server process, user + system, all threads), of which in the kernel ${ours.serverSystemUsPerJob ?? '—'} µs and ${gearmand.serverSystemUsPerJob ?? '—'} µs.`,
    );
  }
  if (ours.serverCores !== null) {
    limits.push(
      `Our hub is one Node thread: it used ${ours.serverCores} of a core during its rounds${ours.serverCores >= 0.85 ? ', so it is CPU-bound' : ''}; gearmand --threads=1 has an I/O thread and a processing thread and used ${gearmand.serverCores ?? '—'} cores.`,
    );
  }
  limits.push('The load driver runs in this process on the same 2 cores as both servers, so every number includes contention with it.');
  return limits;
}

function gearmandVersion(): string {
  const binary = gearmandPath();
  if (binary === null) return 'not installed';
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().split('\n')[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
