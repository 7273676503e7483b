/**
 * `npm run soak`: long abuse runs against `sim live jobhub` in its own process, each case on
 * a fresh hub: many idle connections, a minute of slowloris, worker kills under foreground
 * jobs, the status amplification and a 1 MiB packet in 256-byte pieces, then 1 000 fuzzed
 * argument vectors through the CLI. Prints connections held, jobs lost and the hub's peak
 * memory for each case. Sizes from the environment: SOAK_CONNECTIONS (10000),
 * SOAK_SLOWLORIS_SECONDS (60), SOAK_JOBS (5000), SOAK_FUZZ_RUNS (1000).
 */
import { chunkedPacketCpuMs } from '../sim/live/abuse/chunkedPacket.js';
import { processMemory } from '../sim/live/abuse/processMemory.js';
import { statusAmplification } from '../sim/live/abuse/statusAmplification.js';
import { startLiveHubProcess, type LiveHubProcess } from '../sim/live/peers/liveHubProcess.js';
import { fuzzArgv } from '../test/robustness/argvFuzz.js';
import { holdConnections, slowloris, workerKills, type SoakFigures } from './soakCases.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function onFreshHub(label: string, body: (hub: LiveHubProcess) => Promise<SoakFigures>): Promise<void> {
  // A deep backlog, as a server expecting thousands of clients is started (gearmand --backlog).
  const hub = await startLiveHubProcess(['--backlog', '4096']);
  try {
    const figures = await body(hub);
    const lost = figures.jobsLost === null ? '-' : `${figures.jobsLost} (duplicated ${figures.jobsDuplicated})`;
    process.stdout.write(`${label.padEnd(44)} connections held ${String(figures.connectionsHeld).padStart(6)}  jobs lost ${lost.padEnd(16)} peak RSS ${figures.peakRssMb} MB  others served ${figures.othersServed ? 'yes' : 'NO'}\n`);
  } finally {
    const stopped = await hub.stop(1000);
    if (stopped !== 0) process.stdout.write(`  (the hub did not stop cleanly within 1 s of SIGTERM: ${stopped})\n`);
  }
}

async function main(): Promise<void> {
  const connections = env('SOAK_CONNECTIONS', 10_000);
  const slowSeconds = env('SOAK_SLOWLORIS_SECONDS', 60);
  const jobs = env('SOAK_JOBS', 5_000);
  await onFreshHub(`${connections} idle connections`, (hub) => holdConnections(hub, connections));
  await onFreshHub(`slowloris, 1 000 connections for ${slowSeconds} s`, (hub) => slowloris(hub, 1_000, slowSeconds));
  await onFreshHub(`${jobs} jobs, a worker killed every 0.2-0.7 s`, (hub) => workerKills(hub, jobs, 8));
  await onFreshHub('status amplification (4 000 x 9 000)', async (hub) => {
    const outcome = await statusAmplification({ host: hub.host, port: hub.port, pid: hub.pid, holdMs: 20_000 });
    return { connectionsHeld: 3, jobsLost: null, jobsDuplicated: null, peakRssMb: outcome.peakRssBytes === null ? null : Math.round(outcome.peakRssBytes / 1024 / 1024), othersServed: outcome.othersServed };
  });
  await onFreshHub('1 MiB packet in 256-byte pieces', async (hub) => {
    const cpuMs = await chunkedPacketCpuMs({ host: hub.host, port: hub.port, pid: hub.pid });
    process.stdout.write(`  the hub spent ${cpuMs} ms of CPU on it\n`);
    const memory = processMemory(hub.pid);
    return { connectionsHeld: 1, jobsLost: null, jobsDuplicated: null, peakRssMb: memory ? Math.round(memory.peakRssBytes / 1024 / 1024) : null, othersServed: true };
  });
  const fuzzRuns = env('SOAK_FUZZ_RUNS', 1_000);
  const { bad } = await fuzzArgv(fuzzRuns, Date.now() % 2 ** 31);
  process.stdout.write(`${fuzzRuns} fuzzed argument vectors: ${bad.length} exited other than 0/1/2 or printed a stack\n`);
  for (const outcome of bad.slice(0, 5)) process.stdout.write(`  ${JSON.stringify(outcome.argv).slice(0, 200)} -> ${outcome.exitCode}: ${outcome.stderr.slice(0, 200)}\n`);
  if (bad.length > 0) process.exitCode = 1;
}

await main();
