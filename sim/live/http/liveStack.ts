import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LivePerlbalOptions } from './livePerlbal.js';
import { startLivePerlbal } from './livePerlbal.js';
import type { LiveHttpProcess } from './liveHttpProcess.js';
import { startLiveMogstored } from './liveMogstored.js';
import { startLiveUserpicApp } from './liveUserpicApp.js';

/** Storage nodes, the userpic app and our Perlbal in one process. */
export interface LiveStack {
  readonly storage: LiveHttpProcess[];
  readonly app: LiveHttpProcess;
  readonly perlbal: LiveHttpProcess;
  /** Where the storage nodes keep their files. */
  readonly root: string;
  stop(): Promise<void>;
}

export interface LiveStackOptions {
  /** Address of the proxy; the nodes and the app take free ports on the same host. */
  readonly host: string;
  readonly port: number;
  readonly nodes: number;
  /** Userpics 0..files-1 on every node (node j on `dev<j+1>`). */
  readonly files: number;
  /** Directory for the files; without one a temporary directory, removed at stop. */
  readonly root?: string;
  readonly perlbal?: Partial<Omit<LivePerlbalOptions, 'host' | 'port' | 'pool'>>;
  readonly onFailure?: (error: unknown) => void;
}

/**
 * The whole userpic path on loopback: `nodes` storage nodes, the app pointing at them with
 * two copies per file (one with a single node), and Perlbal in front of the app. What one
 * started of it is stopped again if a later part fails to start.
 */
export async function startLiveStack(options: LiveStackOptions): Promise<LiveStack> {
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'sim-livestack-'));
  const ownsRoot = options.root === undefined;
  const started: LiveHttpProcess[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((process) => process.stop()));
    if (ownsRoot) rmSync(root, { recursive: true, force: true });
  };
  const { host, onFailure } = options;
  try {
    const storage: LiveHttpProcess[] = [];
    for (let j = 0; j < options.nodes; j++) {
      const node = await startLiveMogstored({ host, port: 0, root, files: options.files, device: j + 1, onFailure });
      storage.push(node);
      started.push(node);
    }
    const app = await startLiveUserpicApp({ host, port: 0, storage: storage.map((node) => `${addressText(host)}:${node.port}`), replicas: Math.min(2, options.nodes), onFailure });
    started.push(app);
    const perlbal = await startLivePerlbal({
      reproxyMode: 'keepalive', persistClient: false, persistBackend: false, verifyBackend: false, seed: 1, ...options.perlbal,
      host, port: options.port, pool: [{ host, port: app.port }], onFailure,
    });
    started.push(perlbal);
    return { storage, app, perlbal, root, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** An IPv6 literal in brackets, as a URL's host:port needs it. */
function addressText(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
