/**
 * `npm run allocations [-- --seeds 50 --top 25 --scenario worker-crash]`: how many bytes one
 * seed of a sweep allocates, and which functions allocate them. Runs the seeds in this
 * process exactly as a sweep worker does (runSweepTask), under V8's sampling heap profiler
 * with the objects later collected by scavenges and mark-compacts kept in the profile, so
 * its totals estimate every byte allocated, not only what survived (the profiler scales
 * each sample by its chance of being drawn). Every MB a seed does not allocate is
 * collector work that a second sweep worker does not share the cores and the memory bus
 * with (docs/sweeps.md). Not a test: nothing here passes or fails.
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { loadTaskScenario, runSweepTask, type SweepTask } from '../sim/sweep/sweepTask.js';

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

/** One sample per this many bytes on average: fine enough for a top-25 of a 30 MB seed. */
const samplingIntervalBytes = 4_096;

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '50' }, top: { type: 'string', default: '25' }, scenario: { type: 'string', default: 'worker-crash' } },
});
const seeds = Number(values.seeds);
const top = Number(values.top);
const task: SweepTask = { scenario: values.scenario!, set: {} };
const scenario = await loadTaskScenario(task);

// Warm-up: the first seeds compile and optimize; their allocations are not the steady state.
for (let seed = 1; seed <= 3; seed++) runSweepTask(task, 1_000 + seed, scenario);

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: samplingIntervalBytes,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const start = performance.now();
for (let seed = 1; seed <= seeds; seed++) runSweepTask(task, seed, scenario);
const wallMs = performance.now() - start;
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
session.disconnect();

const bySite = new Map<string, number>();
/** By source folder (sim/net, sim/models/jobhub …), a built-in counted with its caller's. */
const byFolder = new Map<string, number>();
let totalBytes = 0;
/** A built-in (a Map's set, an iterator's next) is named with the function that called it. */
const visit = (node: ProfileNode, caller: string): void => {
  const frame = node.callFrame;
  const file = frame.url.replace(/^.*\/(sim|scenarios|node_modules)\//, '$1/');
  const own = `${frame.functionName || '(anonymous)'} ${file}`;
  const site = frame.url === '' ? `${frame.functionName} (built-in) in ${caller}` : own;
  bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  const folder = (frame.url === '' ? caller : own).replace(/^\S+ /, '').replace(/\/[^/]*$/, '') || '(other)';
  byFolder.set(folder, (byFolder.get(folder) ?? 0) + node.selfSize);
  totalBytes += node.selfSize;
  for (const child of node.children) visit(child, frame.url === '' ? caller : own);
};
visit(profile.head, '(root)');

const mb = (bytes: number): string => (bytes / 1e6).toFixed(2);
console.log(`${task.scenario}: ${seeds} seeds, ${mb(totalBytes / seeds)} MB allocated per seed, ${(wallMs / seeds).toFixed(1)} ms per seed (under the profiler)`);
console.log(`${'MB/seed'.padStart(8)} ${'share'.padStart(6)}  function`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${mb(bytes / seeds).padStart(8)} ${`${((100 * bytes) / totalBytes).toFixed(1)}%`.padStart(6)}  ${site}`);
}
console.log(`\n${'MB/seed'.padStart(8)} ${'share'.padStart(6)}  folder`);
for (const [folder, bytes] of [...byFolder].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`${mb(bytes / seeds).padStart(8)} ${`${((100 * bytes) / totalBytes).toFixed(1)}%`.padStart(6)}  ${folder}`);
}
