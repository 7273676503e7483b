import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { startPeer, waitForPort, type PeerProcess } from './peerProcess.js';

/** Where Debian's perlbal package puts the program. */
const perlbalPaths = ['/usr/bin/perlbal', '/usr/local/bin/perlbal'];

/** The perlbal program, or null when scripts/install-peers.sh has not run. */
export function perlbalPath(): string | null {
  return perlbalPaths.find((path) => existsSync(path)) ?? null;
}

/** The settings of a `reverse_proxy` service that our Perlbal machine has too. */
export interface PerlbalPeerSettings {
  readonly pool: readonly { host: string; port: number }[];
  readonly persistClient: boolean;
  readonly persistBackend: boolean;
  readonly verifyBackend: boolean;
}

/** A running Perlbal 1.80 and its loopback address. */
export interface PerlbalPeer extends PeerProcess {
  readonly host: string;
  readonly port: number;
}

/**
 * The config file of one `reverse_proxy` service on `port` with reproxying on, as Perlbal's
 * conf/ examples write it (`CREATE POOL`, `POOL … ADD`, `SET role = reverse_proxy`,
 * `enable_reproxy`); no management service, no pid file.
 */
export function perlbalConfig(host: string, port: number, settings: PerlbalPeerSettings): string {
  const onOff = (value: boolean) => (value ? 'on' : 'off');
  return [
    'CREATE POOL backends',
    ...settings.pool.map((backend) => `  POOL backends ADD ${backend.host}:${backend.port}`),
    'CREATE SERVICE proxy',
    '  SET role = reverse_proxy',
    `  SET listen = ${host}:${port}`,
    '  SET pool = backends',
    '  SET enable_reproxy = on',
    `  SET persist_client = ${onOff(settings.persistClient)}`,
    `  SET persist_backend = ${onOff(settings.persistBackend)}`,
    `  SET verify_backend = ${onOff(settings.verifyBackend)}`,
    'ENABLE proxy',
    '',
  ].join('\n');
}

/** Starts Perlbal 1.80 in the foreground (`perlbal --config=FILE`) on a free loopback port and waits until it accepts. */
export async function startPerlbalPeer(settings: PerlbalPeerSettings): Promise<PerlbalPeer> {
  const binary = perlbalPath();
  if (binary === null) throw new Error('perlbal is not installed: run scripts/install-peers.sh');
  const host = '127.0.0.1';
  const port = await freePort(host);
  const folder = mkdtempSync(join(tmpdir(), 'sim-perlbal-'));
  const config = join(folder, 'perlbal.conf');
  writeFileSync(config, perlbalConfig(host, port, settings));
  const peer = startPeer(binary, [`--config=${config}`]);
  const stop = async (graceMs?: number) => {
    const result = await peer.stop(graceMs);
    rmSync(folder, { recursive: true, force: true });
    return result;
  };
  try {
    await waitForPort(host, port, 200, 25);
  } catch (error) {
    await stop();
    throw new Error(`perlbal did not start: ${(error as Error).message}\n${peer.output()}`);
  }
  return { ...peer, stop, host, port };
}
