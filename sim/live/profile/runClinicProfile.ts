import { mkdir, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gearmanLoadDefaults, type GearmanLoadSettings } from '../load/gearmanLoadSettings.js';
import type { LoadResult } from '../load/loadResult.js';
import { runGearmanLoad } from '../load/runGearmanLoad.js';
import { startPeer } from '../peers/peerProcess.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The clinic tools that work here: bubbleprof hangs on this machine, so it is not offered. */
export const clinicTools = ['doctor', 'flame'] as const;
export type ClinicTool = (typeof clinicTools)[number];

export interface ClinicProfileSettings {
  readonly tool: ClinicTool;
  /** Folder the clinic HTML ends up in. */
  readonly dir: string;
  readonly load: Omit<GearmanLoadSettings, 'host' | 'port'>;
  /** Bounds clinic's start, and its analysis after the hub stops. */
  readonly clinicMsMax?: number;
}

export interface ClinicProfile {
  readonly tool: ClinicTool;
  /** The clinic HTML, relative to `dir`. */
  readonly htmlPath: string;
  readonly load: LoadResult;
}

/**
 * Runs `sim live jobhub` under `clinic doctor|flame` (NO_INSIGHT=1, --open=false: nothing
 * is sent anywhere or opened), loads it with the Gearman driver, stops the hub with SIGINT
 * (by the pid it prints), and waits for clinic to write its HTML into `dir`.
 */
export async function runClinicProfile(settings: ClinicProfileSettings): Promise<ClinicProfile> {
  const clinicMsMax = settings.clinicMsMax ?? 180_000;
  const dest = join(settings.dir, `clinic-${settings.tool}`);
  await mkdir(dest, { recursive: true });
  const clinic = join(repoRoot, 'node_modules', '.bin', 'clinic');
  const args = [settings.tool, '--open=false', '--dest', dest, '--', process.execPath, '--import', 'tsx', 'sim/cli/sim.ts', 'live', 'jobhub', '--port', '0'];
  const peer = startPeer(clinic, args, { cwd: repoRoot, env: { ...process.env, NO_INSIGHT: '1' } });
  const deadline = setTimeout(() => void peer.stop(), clinicMsMax);
  try {
    const { host, port, pid } = await hubAddress(peer.output, peer.child, clinicMsMax);
    const load = await runGearmanLoad({ ...gearmanLoadDefaults, ...settings.load, host, port });
    process.kill(pid, 'SIGINT');
    const code = await new Promise<number | null>((resolve) => peer.child.once('exit', (exitCode) => resolve(exitCode)));
    const html = (await readdir(dest, { recursive: true })).map(String).find((name) => name.endsWith('.html'));
    if (code !== 0 || html === undefined) throw new Error(`clinic ${settings.tool} exited ${code} without an HTML report:\n${peer.output()}`);
    return { tool: settings.tool, htmlPath: relative(settings.dir, join(dest, html)), load };
  } finally {
    clearTimeout(deadline);
    await peer.stop();
  }
}

/** Waits for the hub's "listening on HOST:PORT (pid N" line in clinic's output. */
function hubAddress(output: () => string, child: NodeJS.EventEmitter & { stdout: NodeJS.ReadableStream | null }, msMax: number): Promise<{ host: string; port: number; pid: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start under clinic within ${msMax} ms:\n${output()}`)), msMax);
    const look = () => {
      const match = /listening on ([\d.]+):(\d+) \(pid (\d+)/.exec(output());
      if (!match) return;
      clearTimeout(timer);
      resolve({ host: match[1] as string, port: Number(match[2]), pid: Number(match[3]) });
    };
    child.stdout?.on('data', () => setImmediate(look));
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`clinic exited before the hub listened:\n${output()}`));
    });
  });
}
