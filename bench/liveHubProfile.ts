/**
 * Where the live hub's CPU goes under the `sim perf jobhub` load: `perf record -g` of the
 * hub process (started with `--perf-basic-prof`, so JIT frames have names) over one
 * measured window, sorted by bench/perfSamples.ts into the kernel, V8's builtins and C++
 * runtime, its collector, libc, Node's C++ and libuv, and JavaScript by folder; then the
 * builtins and runtime functions with the JavaScript that called them, and JavaScript's own
 * time by function. Shares hold better than CPU per job on a loaded machine. perf names a
 * JIT frame from the map V8 appends to as it compiles, so code moved or freed since leaves a
 * stale name on a few samples (1–2 % show as cjs-module-lexer's `parseSource`, which the
 * hub never runs after its start).
 *
 *   npx tsx bench/liveHubProfile.ts [ours|floor] [--seconds 5] [--top 20]
 *
 * Needs `perf` with call graphs readable (root, or perf_event_paranoid ≤ 1).
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gearmanLoadDefaults } from '../sim/live/load/gearmanLoadSettings.js';
import { runGearmanLoad } from '../sim/live/load/runGearmanLoad.js';
import { startLiveHubProcess } from '../sim/live/peers/liveHubProcess.js';
import { countBy, frameCategory, nearestScript, parsePerfScript, topShares, type PerfSample } from './perfSamples.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { seconds: { type: 'string', default: '5' }, top: { type: 'string', default: '20' } } });
const server = positionals[0] ?? 'ours';
if (server !== 'ours' && server !== 'floor') {
  process.stderr.write(`liveHubProfile: the server is ours or floor, got ${server}\n`);
  process.exit(2);
}
const durationMs = Number(values.seconds) * 1000;
const top = Number(values.top);

const dir = mkdtempSync(join(tmpdir(), 'hub-profile-'));
const dataPath = join(dir, 'perf.data');
// V8 writes a log beside its perf map: into the temporary folder, not the hub's working directory.
const hub = await startLiveHubProcess(server === 'floor' ? ['--floor'] : [], 30_000, ['--perf-basic-prof', `--logfile=${join(dir, 'v8.log')}`, '--no-logfile-per-isolate']);
try {
  const load = { ...gearmanLoadDefaults, host: hub.host, port: hub.port };
  await runGearmanLoad({ ...load, durationMs: 2000, functionName: 'warmup' });
  let perf: ReturnType<typeof spawn> | null = null;
  const result = await runGearmanLoad(
    { ...load, durationMs, functionName: 'measured' },
    {
      opened: () => (perf = spawn('perf', ['record', '-F', '999', '-g', '-o', dataPath, '-p', String(hub.pid)], { stdio: 'ignore' })),
      closed: () => perf?.kill('SIGINT'),
    },
  );
  const recorder = perf as ReturnType<typeof spawn> | null;
  if (recorder && recorder.exitCode === null) await new Promise((resolve) => recorder.once('exit', resolve));
  const script = execFileSync('perf', ['script', '-i', dataPath, '-F', 'ip,sym,dso'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  report(parsePerfScript(script), `${server}: ${result.ratePerSec} jobs/s`);
} finally {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`/tmp/perf-${hub.pid}.map`, { force: true });
}

function report(samples: PerfSample[], title: string): void {
  const total = samples.length;
  const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  const print = (heading: string, rows: [string, number][]) => {
    process.stdout.write(`${heading}\n`);
    for (const [key, share] of rows) process.stdout.write(`  ${percent(share)}  ${key}\n`);
  };
  process.stdout.write(`${title}, ${total} samples\n`);
  print('by leaf', topShares(countBy(samples, (sample) => frameCategory(sample[0] as PerfSample[number])), total, 20));
  const engine = (sample: PerfSample) => ['V8 builtins', 'V8 runtime (C++)', 'V8 collector'].includes(frameCategory(sample[0] as PerfSample[number]));
  print('V8 builtins and runtime, leaf', topShares(countBy(samples, (sample) => (engine(sample) ? (sample[0] as PerfSample[number]).symbol.slice(0, 90) : null)), total, top));
  print('V8 builtins and runtime, by the JavaScript that called them', topShares(countBy(samples, (sample) => (engine(sample) ? nearestScript(sample) : null)), total, top));
  print('JavaScript, own time by function', topShares(countBy(samples, (sample) => ((sample[0] as PerfSample[number]).symbol.startsWith('JS:') ? nearestScript(sample) : null)), total, top));
}
