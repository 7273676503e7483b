import type { LiveHttpProcess } from '../live/http/liveHttpProcess.js';
import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';
import { untilSignal, type StopSignal } from './liveJobHubCommand.js';
import { parseHostOption, parseIntegerOption } from './parseOptions.js';

/** `--listen HOST:PORT`: an IP literal or localhost, and a port from 0 (any free one) to 65535. */
export function parseListenOption(raw: string): { host: string; port: number } {
  const colonAt = raw.lastIndexOf(':');
  if (colonAt <= 0) throw new UsageError(`--listen expects HOST:PORT such as 127.0.0.1:8080 (port 0 for any free one), got ${quoteInput(raw)}`);
  const host = parseHostOption('--listen', raw.slice(0, colonAt).replace(/^\[(.*)\]$/, '$1'));
  return { host, port: parseIntegerOption('--listen port', raw.slice(colonAt + 1), 0, 65_535) };
}

/**
 * Starts a live HTTP process, prints `listening on HOST:PORT` alone on a line (scripts wait
 * for it), serves until SIGINT or SIGTERM, stops. Exit 0 after a clean stop, 1 if the
 * machine failed, 2 (a UsageError) if the address cannot be bound.
 */
export async function serveLive(
  name: string,
  address: { host: string; port: number },
  start: (onFailure: (error: unknown) => void) => Promise<LiveHttpProcess>,
  stopSignal: StopSignal = untilSignal,
): Promise<number> {
  // Listen for the stop signals before the address is printed: whoever reads it may signal at once.
  const stopped = stopSignal();
  let failure: unknown = null;
  let served: LiveHttpProcess;
  try {
    served = await start((error) => (failure = error));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new UsageError(`cannot listen on ${address.host}:${address.port} (${code}); pick another --listen port, or port 0 for any free one`);
    }
    throw error;
  }
  process.stdout.write(`listening on ${served.host}:${served.port}\n`);
  const signal = await stopped;
  await served.stop();
  if (failure !== null) {
    process.stderr.write(`sim live ${name}: failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}\n`);
    return 1;
  }
  process.stderr.write(`sim live ${name}: stopped on ${signal}\n`);
  return 0;
}
