import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { NetworkNamespace } from './networkNamespace.js';

const execFileAsync = promisify(execFile);

/** The proxy's outgoing sockets at one moment, as `ss` lists them. */
export interface SocketSample {
  /** Sockets in TIME_WAIT whose peer is a storage node (the proxy closed first): what runs out. */
  readonly timeWait: number;
  /** Sockets in TIME_WAIT whose peer is the app (the proxy closed before the app did). */
  readonly timeWaitToApp: number;
  /** Distinct local ports held by sockets towards a backend port, in any state. */
  readonly portsInUse: number;
}

/**
 * Counts the proxy's sockets towards `backendPorts` from `ss -Htan` inside the namespace.
 * Everything runs on 127.0.0.1 there, so the proxy's side of a backend connection is the
 * one whose peer port is a backend's listening port; the clients' connections to the
 * proxy and the backends' own TIME_WAIT (their local port is the listening one) stay out.
 */
export async function sampleSockets(namespace: NetworkNamespace, backends: SocketPeers): Promise<SocketSample> {
  const { command, args } = namespace.exec('ss', ['-Htan']);
  const { stdout } = await execFileAsync(command, args, { maxBuffer: 64 * 1024 * 1024 });
  return countSockets(stdout, backends);
}

/** The listening ports of the proxy's backends. */
export interface SocketPeers {
  readonly storagePorts: ReadonlySet<number>;
  readonly appPorts: ReadonlySet<number>;
}

/** The counting of {@link sampleSockets} on `ss -Htan` text: state, Recv-Q, Send-Q, local, peer. */
export function countSockets(ssText: string, backends: SocketPeers): SocketSample {
  let timeWait = 0;
  let timeWaitToApp = 0;
  const ports = new Set<number>();
  for (const line of ssText.split('\n')) {
    const [state, , , local, peer] = line.trim().split(/\s+/);
    if (!state || !local || !peer || state === 'LISTEN') continue;
    const peerPort = portOf(peer);
    const toStorage = backends.storagePorts.has(peerPort);
    if (!toStorage && !backends.appPorts.has(peerPort)) continue;
    if (state === 'TIME-WAIT' && toStorage) timeWait++;
    if (state === 'TIME-WAIT' && !toStorage) timeWaitToApp++;
    ports.add(portOf(local));
  }
  return { timeWait, timeWaitToApp, portsInUse: ports.size };
}

function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}
