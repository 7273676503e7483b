import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveHttpProcess } from '../../../sim/live/http/liveHttpProcess.js';
import { startLiveMogstored } from '../../../sim/live/http/liveMogstored.js';
import { startLivePerlbal, type LivePerlbalOptions } from '../../../sim/live/http/livePerlbal.js';
import { startLiveUserpicApp } from '../../../sim/live/http/liveUserpicApp.js';

/** Storage nodes, the userpic app and our Perlbal in this process, on loopback. */
export interface LiveStack {
  readonly storage: LiveHttpProcess[];
  readonly app: LiveHttpProcess;
  readonly perlbal: LiveHttpProcess;
  readonly root: string;
  stop(): Promise<void>;
}

const host = '127.0.0.1';

/** Starts `nodes` storage nodes holding `files` userpics each (node j on dev<j+1>), the app, and Perlbal over it. */
export async function startLiveStack(options: { nodes: number; files: number; perlbal?: Partial<LivePerlbalOptions> }): Promise<LiveStack> {
  const root = mkdtempSync(join(tmpdir(), 'sim-livehttp-'));
  const started: LiveHttpProcess[] = [];
  try {
    const storage: LiveHttpProcess[] = [];
    for (let j = 0; j < options.nodes; j++) {
      storage.push(await startLiveMogstored({ host, port: 0, root, files: options.files, device: j + 1 }));
      started.push(storage[j] as LiveHttpProcess);
    }
    const app = await startLiveUserpicApp({ host, port: 0, storage: storage.map((node) => `${host}:${node.port}`), replicas: Math.min(2, options.nodes) });
    started.push(app);
    const perlbal = await startLivePerlbal({
      host, port: 0, pool: [{ host, port: app.port }], reproxyMode: 'keepalive', persistClient: false, persistBackend: false, verifyBackend: false, seed: 1, ...options.perlbal,
    });
    started.push(perlbal);
    const stop = async () => {
      await Promise.all(started.map((process) => process.stop()));
      rmSync(root, { recursive: true, force: true });
    };
    return { storage, app, perlbal, root, stop };
  } catch (error) {
    await Promise.all(started.map((process) => process.stop()));
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
