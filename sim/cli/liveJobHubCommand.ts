import { startLiveJobHub, type LiveJobHub } from '../live/jobhub/liveJobHub.js';
import { FloorHubServer } from '../live/perf/floorHub.js';
import type { WorkerLossMode } from '../models/jobhub/jobHubSettings.js';
import { UsageError } from '../scenario/usageError.js';
import { parseChoiceOption, parseHostOption, parseIntegerOption } from './parseOptions.js';

export interface LiveJobHubCommandOptions {
  readonly host: string;
  readonly port: string;
  readonly mode: string;
  readonly jobRetries: string;
  /** gearmand's --backlog: the listen backlog (default 32, as gearmand's). */
  readonly backlog?: string;
  /** Take a host name for --host and resolve it (DNS); without it only IP literals and localhost. */
  readonly resolveHost?: boolean;
  /** Serve the perf load from a few maps instead of the hub model: Node's own floor (sim/live/perf/floorHub.ts). */
  readonly floor?: boolean;
}

/** Resolves once the process is asked to stop (SIGINT, SIGTERM). Replaceable in tests. */
export type StopSignal = () => Promise<string>;

/**
 * SIGINT and SIGTERM stop the hub. SIGHUP is ignored: gearmand 1.1.20 keeps serving after
 * one (tried beside it on loopback), so a hub started from a terminal that closes does too. The host answers in bounded turns, so a signal is
 * acted on within one turn even under load.
 */
export const untilSignal: StopSignal = () =>
  new Promise((resolve) => {
    const ignore = () => {};
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', ignore);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', ignore);
  });

/**
 * `sim live jobhub`: the job hub machine on a real port until SIGINT or SIGTERM. Prints
 * `listening on HOST:PORT` once bound (port 0 picks a free one), then serves Gearman clients,
 * workers and gearadmin. Exit 0 after a clean stop, 1 if the hub failed, 2 for bad options
 * or a port already in use.
 */
export async function liveJobHubCommand(options: LiveJobHubCommandOptions, stopSignal: StopSignal = untilSignal): Promise<number> {
  const host = parseHostOption('--host', options.host, options.resolveHost ?? false);
  const port = parseIntegerOption('--port', options.port, 0, 65_535);
  const mode = parseChoiceOption<WorkerLossMode>('--mode', options.mode, ['requeue', 'fail']);
  const jobRetries = parseIntegerOption('--job-retries', options.jobRetries, 0, 1_000_000);
  const backlog = parseIntegerOption('--backlog', options.backlog ?? '32', 1, 65_535);
  // Listen for the stop signals before the address is printed: whoever reads it may signal at once.
  const stopped = stopSignal();
  let failure: unknown = null;
  let hub: LiveJobHub;
  try {
    hub = options.floor
      ? await new FloorHubServer().listen(host, port)
      : await startLiveJobHub({ host, port, hub: { workerLossMode: mode, jobRetries, backlog }, onFailure: (error) => (failure = error) });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new UsageError(`cannot listen on ${host}:${port} (${code}); pick another --port, or --port 0 for any free one`);
    }
    throw error;
  }
  const serving = options.floor ? 'floor: no model, the perf load only' : `mode ${mode}, job retries ${jobRetries === 0 ? 'unlimited' : jobRetries}`;
  process.stdout.write(`sim live jobhub: listening on ${hub.host}:${hub.port} (pid ${process.pid}, ${serving})\n`);
  const signal = await stopped;
  await hub.stop();
  if (failure !== null) {
    process.stderr.write(`sim live jobhub: the hub failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}\n`);
    return 1;
  }
  process.stdout.write(`sim live jobhub: stopped on ${signal}\n`);
  return 0;
}
