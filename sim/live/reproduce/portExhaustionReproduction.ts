import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { OpenLoadResult } from '../load/openModelLoad.js';
import { startPeer, type PeerProcess } from '../peers/peerProcess.js';
import { NetworkNamespace } from './networkNamespace.js';
import { perlbalConfig } from './perlbalConfig.js';
import type { ReproductionMeasurement, TimedSocketSample } from './reproductionMeasurement.js';
import { reproductionPorts, type ReproductionSettings } from './reproductionSettings.js';
import { sampleSockets, type SocketPeers } from './socketSample.js';

/** How long a child gets to start (node with tsx takes over 10 s on a loaded two-core machine). */
const startupMsMax = 60_000;
/** Beyond the load's own duration: node start-up, the last requests' timeout, the JSON. */
const loadSlackMs = 40_000;
/** A request without a response after this long fails as timeout (Perlbal gives up on a backend connect after 5 s). */
const requestTimeoutMs = 10_000;

/**
 * Everything the reproduction starts, so one call removes it: on success, on error and from
 * a SIGINT/SIGTERM handler (synchronous, so it runs before the process exits).
 */
export class ReproductionResources {
  readonly namespaces: NetworkNamespace[] = [];
  readonly children: PeerProcess[] = [];
  readonly tempDirs: string[] = [];

  removeAll(): void {
    for (const child of this.children) {
      if (child.child.exitCode === null && child.child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // It exited between the check and the kill.
        }
      }
    }
    for (const namespace of this.namespaces) namespace.remove();
    for (const dir of this.tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The incident on the real kernel: a namespace with the narrowed port range and the chosen
 * tcp_tw_reuse, storage node(s) and the app (stand-ins, standInBackends.ts), the proxy (ours
 * or Perlbal 1.80), and the open-model driver sending userpic requests at the set rate from
 * inside the namespace, while the proxy's sockets are counted once a second.
 */
export async function reproducePortExhaustion(settings: ReproductionSettings, resources: ReproductionResources): Promise<ReproductionMeasurement> {
  const progress = settings.onProgress ?? (() => undefined);
  const namespace = NetworkNamespace.create(`stacksim-${process.pid}`, {
    'net.ipv4.ip_local_port_range': `${settings.portRange.low} ${settings.portRange.high}`,
    'net.ipv4.tcp_tw_reuse': String(settings.twReuse),
  });
  resources.namespaces.push(namespace);
  // The clients are other machines: their own namespace keeps their ports out of the
  // proxy's narrowed range, as the simulator's client hosts have their own.
  const clients = NetworkNamespace.create(`stacksim-${process.pid}-c`, {});
  resources.namespaces.push(clients);
  namespace.link(clients, `${reproductionPorts.proxyAddress}/24`, `${reproductionPorts.clientAddress}/24`);
  progress(`namespace ${namespace.name}: ip_local_port_range ${settings.portRange.low}-${settings.portRange.high}, tcp_tw_reuse ${settings.twReuse}; clients in ${clients.name}`);
  const storagePorts = Array.from({ length: settings.storageNodes }, (_, index) => reproductionPorts.storageFirst + index);
  await startBackends(settings, namespace, storagePorts, resources);
  const proxyName = await startProxy(settings, namespace, resources);
  progress(`${proxyName} on ${reproductionPorts.proxyAddress}:${reproductionPorts.proxy}, app on :${reproductionPorts.app}, storage on :${storagePorts.join(', :')}`);
  const backends: SocketPeers = { storagePorts: new Set(storagePorts), appPorts: new Set([reproductionPorts.app]) };
  const { load, samples } = await driveLoad(settings, { proxy: namespace, clients }, backends, resources, progress);
  return {
    load,
    samples,
    environment: {
      kernel: execFileSync('uname', ['-r']).toString().trim(),
      proxy: proxyName,
      backends: settings.backends === 'live' ? 'sim live mogstored and sim live app' : 'stand-in storage and app (sim/live/reproduce/standInBackends.ts)',
      clientAgent: 'keepalive',
    },
  };
}

function startIn(namespace: NetworkNamespace, resources: ReproductionResources, command: string, args: readonly string[], cwd: string): PeerProcess {
  const line = namespace.exec(command, args);
  const child = startPeer(line.command, line.args, { cwd });
  resources.children.push(child);
  return child;
}

async function startBackends(settings: ReproductionSettings, namespace: NetworkNamespace, storagePorts: readonly number[], resources: ReproductionResources): Promise<void> {
  if (settings.backends === 'stand-in') {
    const script = join(settings.repoRoot, 'sim/live/reproduce/standInMain.ts');
    const child = startIn(namespace, resources, process.execPath, ['--import', 'tsx', script, settings.reproxy, String(reproductionPorts.app), ...storagePorts.map(String)], settings.repoRoot);
    await waitForOutput(child, /listening on/, 'the stand-in backends');
    return;
  }
  const sim = ['--import', 'tsx', join(settings.repoRoot, 'sim/cli/sim.ts'), 'live'];
  const root = mkdtempSync(join(tmpdir(), 'stacksim-reproduce-storage-'));
  resources.tempDirs.push(root);
  const roots = storagePorts.map((_, index) => join(root, `node${index + 1}`));
  for (const dir of roots) mkdirSync(dir);
  const storage = storagePorts.map((port, index) => startIn(namespace, resources, process.execPath, [
    ...sim, 'mogstored', '--listen', `127.0.0.1:${port}`, '--root', roots[index]!, '--files', '10', '--device', String(index + 1),
  ], settings.repoRoot));
  const app = startIn(namespace, resources, process.execPath, [
    ...sim, 'app', '--listen', `127.0.0.1:${reproductionPorts.app}`, '--storage', storagePorts.map((port) => `127.0.0.1:${port}`).join(','),
  ], settings.repoRoot);
  await Promise.all([...storage.map((child) => waitForOutput(child, /listening on/, 'sim live mogstored')), waitForOutput(app, /listening on/, 'sim live app')]);
}

async function startProxy(settings: ReproductionSettings, namespace: NetworkNamespace, resources: ReproductionResources): Promise<string> {
  const listen = `0.0.0.0:${reproductionPorts.proxy}`;
  const pool = [`127.0.0.1:${reproductionPorts.app}`];
  if (settings.peer === 'perlbal') {
    const dir = mkdtempSync(join(tmpdir(), 'stacksim-reproduce-'));
    resources.tempDirs.push(dir);
    const configPath = join(dir, 'perlbal.conf');
    writeFileSync(configPath, perlbalConfig(listen, pool));
    const child = startIn(namespace, resources, 'perlbal', [`--config=${configPath}`], dir);
    await waitForListener(namespace, reproductionPorts.proxy, child);
    return `Perlbal ${execFileSync('perlbal', ['--version']).toString().trim().split(/\s+/).pop()}`;
  }
  const args = ['--import', 'tsx', join(settings.repoRoot, 'sim/cli/sim.ts'), 'live', 'perlbal', '--listen', listen, '--pool', pool.join(','), '--reproxy', settings.reproxy, '--persist-client'];
  const child = startIn(namespace, resources, process.execPath, args, settings.repoRoot);
  await waitForOutput(child, /listening on/, 'sim live perlbal');
  return `sim live perlbal --reproxy ${settings.reproxy}`;
}

/** Resolves once `child` printed a line matching `ready`; rejects with its output if it exits or takes too long. */
function waitForOutput(child: PeerProcess, ready: RegExp, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = setInterval(() => {
      if (ready.test(child.output())) return done(null);
      if (child.child.exitCode !== null || child.child.signalCode !== null) return done(`${name} exited before listening:\n${child.output().trim()}`);
      if (performance.now() - started > startupMsMax) done(`${name} did not start listening within ${startupMsMax / 1000} s:\n${child.output().trim()}`);
    }, 50);
    const done = (failure: string | null): void => {
      clearInterval(poll);
      if (failure === null) resolve();
      else reject(new Error(failure));
    };
  });
}

/** Perlbal prints nothing when ready: wait until `ss` lists its listening socket. */
async function waitForListener(namespace: NetworkNamespace, port: number, child: PeerProcess): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < startupMsMax) {
    const { command, args } = namespace.exec('ss', ['-Hltn', `sport = :${port}`]);
    if (execFileSync(command, args).toString().trim() !== '') return;
    if (child.child.exitCode !== null) throw new Error(`perlbal exited before listening:\n${child.output().trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`perlbal did not listen on ${port} within ${startupMsMax / 1000} s:\n${child.output().trim()}`);
}

async function driveLoad(
  settings: ReproductionSettings, namespaces: { proxy: NetworkNamespace; clients: NetworkNamespace }, backends: SocketPeers,
  resources: ReproductionResources, progress: (line: string) => void,
): Promise<{ load: OpenLoadResult; samples: TimedSocketSample[] }> {
  const namespace = namespaces.proxy;
  const url = `http://${reproductionPorts.proxyAddress}:${reproductionPorts.proxy}/userpic/1`;
  const args = [
    '--import', 'tsx', join(settings.repoRoot, 'sim/cli/sim.ts'), 'load', 'http', '--url', url, '--rate', String(settings.ratePerSec),
    '--duration', `${settings.durationMs}ms`, '--timeout', `${requestTimeoutMs}ms`, '--agent', 'keepalive', '--progress', '--json',
  ];
  const driver = startIn(namespaces.clients, resources, process.execPath, args, settings.repoRoot);
  let stdout = '';
  driver.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await waitForOutput(driver, /load: 0 s/, 'the load driver');
  const startMs = performance.now();
  const samples: TimedSocketSample[] = [];
  const sampling = sampleEverySecond(namespace, backends, startMs, samples, driver, progress);
  const deadline = setTimeout(() => driver.stop(1_000), settings.durationMs + loadSlackMs);
  const exit = await new Promise<number | null>((resolve) => driver.child.once('exit', (code) => resolve(code)));
  clearTimeout(deadline);
  await sampling;
  if (exit === null || !stdout.trim().startsWith('{')) throw new Error(`the load driver stopped without a result (exit ${exit}):\n${driver.output().slice(-2_000)}`);
  return { load: JSON.parse(stdout) as OpenLoadResult, samples };
}

async function sampleEverySecond(
  namespace: NetworkNamespace, backends: SocketPeers, startMs: number, samples: TimedSocketSample[], driver: PeerProcess, progress: (line: string) => void,
): Promise<void> {
  for (let second = 1; driver.child.exitCode === null && driver.child.signalCode === null; second++) {
    const waitMs = startMs + second * 1_000 - performance.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    if (driver.child.exitCode !== null) break;
    const sample = await sampleSockets(namespace, backends);
    samples.push({ atMs: second * 1_000, ...sample });
    const loadLine = driver.output().match(/load: \d+ s[^\n]*/g)?.at(-1) ?? '';
    progress(`${second} s: proxy TIME_WAIT ${sample.timeWait} to storage, ${sample.timeWaitToApp} to the app, ports in use ${sample.portsInUse}; ${loadLine.replace(/^load: \d+ s\s+/, '')}`);
  }
}
