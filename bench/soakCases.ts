import type { Socket } from 'node:net';
import { openSocket, exchange } from '../sim/live/abuse/rawConnection.js';
import { processMemory } from '../sim/live/abuse/processMemory.js';
import { ResponseDecoder } from '../sim/live/gearman/gearmanDecoder.js';
import { encodePacket } from '../sim/live/gearman/gearmanEncoder.js';
import { LoadWorker } from '../sim/live/load/loadWorker.js';
import type { LiveHubProcess } from '../sim/live/peers/liveHubProcess.js';
import { request } from '../sim/models/jobhub/packet.js';

/** One line of the soak report. */
export interface SoakFigures {
  readonly connectionsHeld: number;
  readonly jobsLost: number | null;
  readonly jobsDuplicated: number | null;
  /** Jobs the hub acknowledged (JOB_CREATED), when jobs were submitted. */
  readonly jobsCreated?: number;
  readonly peakRssMb: number | null;
  readonly othersServed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const echo = (text: string) => encodePacket(request('ECHO_REQ', text));
const peakMb = (hub: LiveHubProcess) => {
  const memory = processMemory(hub.pid);
  return memory ? Math.round(memory.peakRssBytes / 1024 / 1024) : null;
};

async function servesOthers(hub: LiveHubProcess): Promise<boolean> {
  const socket = await openSocket(hub.host, hub.port).catch(() => null);
  if (!socket) return false;
  const served = await exchange(socket, echo('alive'), (bytes) => bytes.includes('alive'), 10_000).then(() => true, () => false);
  socket.destroy();
  return served;
}

/** `count` idle connections opened and held; each must still be answered at the end. */
export async function holdConnections(hub: LiveHubProcess, count: number): Promise<SoakFigures> {
  const sockets: Socket[] = [];
  for (let opened = 0; opened < count; opened += 200) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, count - opened) }, () => openSocket(hub.host, hub.port).catch(() => null)));
    for (const socket of batch) if (socket) sockets.push(socket);
  }
  let held = 0;
  for (let from = 0; from < sockets.length; from += 500) {
    const answers = await Promise.all(sockets.slice(from, from + 500).map((socket) => exchange(socket, echo('held'), (bytes) => bytes.includes('held'), 30_000).then(() => 1, () => 0)));
    held += answers.reduce<number>((sum, one) => sum + one, 0);
  }
  const figures = { connectionsHeld: held, jobsLost: null, jobsDuplicated: null, peakRssMb: peakMb(hub), othersServed: await servesOthers(hub) };
  for (const socket of sockets) socket.destroy();
  // Let the hub hear every close before the next step stops it: the stop is timed, not the closes.
  await sleep(3000);
  return figures;
}

/** `count` connections each sending one byte of a big packet per second for `seconds` (slowloris). */
export async function slowloris(hub: LiveHubProcess, count: number, seconds: number): Promise<SoakFigures> {
  const packet = echo('x'.repeat(64 * 1024));
  const sockets = (await Promise.all(Array.from({ length: count }, () => openSocket(hub.host, hub.port).catch(() => null)))).filter((socket): socket is Socket => socket !== null);
  let servedThroughout = true;
  for (let second = 0; second < seconds; second++) {
    for (const socket of sockets) socket.write(packet.subarray(second, second + 1));
    if (second % 10 === 0) servedThroughout &&= await servesOthers(hub);
    await sleep(1000);
  }
  const open = sockets.filter((socket) => !socket.destroyed).length;
  const figures = { connectionsHeld: open, jobsLost: null, jobsDuplicated: null, peakRssMb: peakMb(hub), othersServed: servedThroughout && (await servesOthers(hub)) };
  for (const socket of sockets) socket.destroy();
  return figures;
}

/**
 * `jobs` foreground jobs from one client while `workers` workers serve them and one worker
 * is killed (its socket destroyed) every 0.2–0.7 s and replaced: in requeue mode every job
 * must complete exactly once.
 */
export async function workerKills(hub: LiveHubProcess, jobs: number, workers: number): Promise<SoakFigures> {
  const pool = await Promise.all(Array.from({ length: workers }, () => LoadWorker.start(hub.host, hub.port, 'soak')));
  const client = await openSocket(hub.host, hub.port);
  const decoder = new ResponseDecoder();
  const completions = new Map<string, number>();
  let created = 0;
  client.on('data', (chunk: Buffer) => {
    for (const message of decoder.push(chunk).messages) {
      if (message.kind === 'line') continue;
      if (message.type === 'JOB_CREATED') created += 1;
      if (message.type === 'WORK_COMPLETE') completions.set(message.args[0] ?? '', (completions.get(message.args[0] ?? '') ?? 0) + 1);
    }
  });
  for (let index = 0; index < jobs; index += 100) {
    client.write(Buffer.concat(Array.from({ length: Math.min(100, jobs - index) }, (_, offset) => encodePacket(request('SUBMIT_JOB', 'soak', '', `job-${index + offset}`)))));
  }
  let killAt = 0;
  for (let waitedMs = 0; completions.size < jobs && waitedMs < 120_000; waitedMs += 50) {
    await sleep(50);
    killAt -= 50;
    if (killAt <= 0) {
      const victim = Math.floor(Math.random() * pool.length);
      pool[victim]?.stop();
      pool[victim] = await LoadWorker.start(hub.host, hub.port, 'soak');
      killAt = 200 + Math.random() * 500;
    }
  }
  for (const worker of pool) worker.stop();
  client.destroy();
  const duplicated = [...completions.values()].filter((count) => count > 1).length;
  return { connectionsHeld: workers + 1, jobsLost: jobs - completions.size, jobsCreated: created, jobsDuplicated: duplicated, peakRssMb: peakMb(hub), othersServed: await servesOthers(hub) };
}
