import { existsSync } from 'node:fs';
import { freePort } from './freePort.js';
import { startPeer, waitForPort, type PeerProcess } from './peerProcess.js';

/** Where Debian's gearman-job-server puts gearmand (/usr/sbin is not on every PATH). */
const gearmandPaths = ['/usr/sbin/gearmand', '/usr/bin/gearmand', '/usr/local/sbin/gearmand'];

/** The gearmand binary, or null when scripts/install-peers.sh has not run. */
export function gearmandPath(): string | null {
  return gearmandPaths.find((path) => existsSync(path)) ?? null;
}

/** A running gearmand and its loopback address. */
export interface Gearmand extends PeerProcess {
  readonly host: string;
  readonly port: number;
}

/**
 * Starts gearmand 1.1.20 in the foreground on a free loopback port, one processing thread,
 * logging to its stderr (DOMAIN.md §1's command line), and waits until it accepts.
 */
export async function startGearmand(options: { jobRetries?: number; threads?: number } = {}): Promise<Gearmand> {
  const binary = gearmandPath();
  if (binary === null) throw new Error('gearmand is not installed: run scripts/install-peers.sh');
  const host = '127.0.0.1';
  const port = await freePort(host);
  const args = [`--listen=${host}`, `--port=${port}`, '--log-file=stderr', `--threads=${options.threads ?? 1}`];
  if (options.jobRetries !== undefined) args.push(`--job-retries=${options.jobRetries}`);
  const peer = startPeer(binary, args);
  try {
    await waitForPort(host, port);
  } catch (error) {
    await peer.stop();
    throw new Error(`gearmand did not start: ${(error as Error).message}\n${peer.output()}`);
  }
  return { ...peer, host, port };
}
