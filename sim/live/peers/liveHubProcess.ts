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
 * it) and waits for its "listening on HOST:PORT" line, at most `startMsMax`. `nodeArgs` go to
 * node before the script (`--perf-basic-prof` for bench/liveHubProfile.ts).
 */
export async function startLiveHubProcess(extraArgs: readonly string[] = [], startMsMax = 30_000, nodeArgs: readonly string[] = []): Promise<LiveHubProcess> {
  // The same young-generation size as the npm scripts: short-lived packet objects are most of the garbage.
  // Other V8 settings measured on the hub (5 December, `sim perf jobhub`'s load, alternating
  // rounds, medians, CPU µs per job at load average 5–10, rounds ±4 µs apart): semi-space 32 MB
  // 33.4 and 33.0, 8 MB 32.1, 64 MB 34.6; --single-threaded-gc 32.6 and 32.5; the esbuild
  // bundle (bin/sim.js) instead of tsx 35.1 and 32.1; --no-lazy-feedback-allocation 35.6, with
  // --max-lazy 36.5. Paired round by round against this setting: --min-semi-space-size=32
  // (fewer page faults in the profile, 1.8 → 1.2 %) 0.95 and 1.00 of its CPU per job,
  // --single-threaded-gc 1.09. None stands out of the noise, so none is added; tsx only
  // loads the sources, the code that runs is the same.
  const peer = startPeer(process.execPath, ['--max-semi-space-size=32', ...nodeArgs, '--import', 'tsx', 'sim/cli/sim.ts', 'live', 'jobhub', '--port', '0', ...extraArgs], { cwd: repoRoot });
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
