import { fileURLToPath } from 'node:url';
import { startPeer, type PeerProcess } from './peerProcess.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** `sim live jobhub` running as its own process. */
export interface LiveHubProcess extends PeerProcess {
  readonly host: string;
  readonly port: number;
}

/**
 * Starts `sim live jobhub --port 0` as a child process (node with tsx, as bin/sim.js runs
 * it) and waits for its "listening on HOST:PORT" line, at most `startMsMax`.
 */
export async function startLiveHubProcess(extraArgs: readonly string[] = [], startMsMax = 30_000): Promise<LiveHubProcess> {
  // The same young-generation size as the npm scripts: short-lived packet objects are most of the garbage.
  const peer = startPeer(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx', 'sim/cli/sim.ts', 'live', 'jobhub', '--port', '0', ...extraArgs], { cwd: repoRoot });
  const address = await new Promise<{ host: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sim live jobhub did not start within ${startMsMax} ms:\n${peer.output()}`)), startMsMax);
    const look = () => {
      const match = /listening on ([\d.]+):(\d+)/.exec(peer.output());
      if (match) {
        clearTimeout(timer);
        resolve({ host: match[1] as string, port: Number(match[2]) });
      }
    };
    peer.child.stdout?.on('data', look);
    peer.child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`sim live jobhub exited before listening:\n${peer.output()}`));
    });
  }).catch(async (error: unknown) => {
    await peer.stop();
    throw error;
  });
  return { ...peer, ...address };
}
