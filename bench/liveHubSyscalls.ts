import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gearmanLoadDefaults } from '../sim/live/load/gearmanLoadSettings.js';
import { runGearmanLoad } from '../sim/live/load/runGearmanLoad.js';
import { startGearmand } from '../sim/live/peers/gearmand.js';
import { startLiveHubProcess } from '../sim/live/peers/liveHubProcess.js';
import type { PeerProcess } from '../sim/live/peers/peerProcess.js';
import { processCpuTimesMs, type ProcessCpuTimes } from '../sim/live/perf/processCpu.js';

/**
 * System calls per job of each Gearman server under the same load as `sim perf jobhub`:
 * `perf stat` counts the server's syscall tracepoints (all its threads) exactly over the
 * measured window, and the jobs completed in it divide them. Counts per job do not depend
 * on how loaded the machine is, so they compare servers where jobs/s cannot.
 *
 *   npx tsx bench/liveHubSyscalls.ts [ours] [floor] [gearmand]   (default: all three)
 *
 * Needs `perf` and tracepoints readable (root, or perf_event_paranoid ≤ -1).
 */
const syscallNames = ['read', 'readv', 'recvfrom', 'recvmsg', 'write', 'writev', 'sendto', 'sendmsg', 'epoll_wait', 'epoll_pwait', 'epoll_ctl', 'futex'];
const events = ['raw_syscalls:sys_enter', ...syscallNames.map((name) => `syscalls:sys_enter_${name}`)];

type ServerName = 'ours' | 'floor' | 'gearmand';

async function startServer(name: ServerName): Promise<PeerProcess & { host: string; port: number }> {
  if (name === 'gearmand') return startGearmand({ threads: 1 });
  return startLiveHubProcess(name === 'floor' ? ['--floor'] : []);
}

/** `perf stat` attached to `pid` until the returned function is called; that resolves with counts by event. */
function attachPerfStat(pid: number, outPath: string): () => Promise<Map<string, number>> {
  const perf = spawn('perf', ['stat', '-x', ',', '-o', outPath, '-e', events.join(','), '-p', String(pid)], { stdio: 'ignore' });
  return async () => {
    const exited = new Promise((resolve) => perf.once('exit', resolve));
    perf.kill('SIGINT');
    await exited;
    const counts = new Map<string, number>();
    for (const line of readFileSync(outPath, 'utf8').split('\n')) {
      const [value, , event] = line.split(',');
      if (event !== undefined && value !== undefined && /^\d+$/.test(value)) counts.set(event.replace(/^(raw_)?syscalls:sys_enter_?/, '') || 'all', Number(value));
    }
    return counts;
  };
}

async function measure(name: ServerName, durationMs: number, dir: string): Promise<void> {
  const server = await startServer(name);
  try {
    const load = { ...gearmanLoadDefaults, host: server.host, port: server.port };
    await runGearmanLoad({ ...load, durationMs: 2000, functionName: 'warmup' });
    let stop: (() => Promise<Map<string, number>>) | null = null;
    const cpu: { opened: ProcessCpuTimes | null; closed: ProcessCpuTimes | null } = { opened: null, closed: null };
    const result = await runGearmanLoad(
      { ...load, durationMs, functionName: 'measured' },
      {
        opened: () => {
          stop = attachPerfStat(server.pid, join(dir, `${name}.csv`));
          cpu.opened = processCpuTimesMs(server.pid);
        },
        closed: () => (cpu.closed = processCpuTimesMs(server.pid)),
      },
    );
    // perf needs a moment to attach; the window is seconds long, so that is well under 1 %.
    const counts = stop === null ? new Map<string, number>() : await (stop as () => Promise<Map<string, number>>)();
    const perJob = (value: number | undefined) => ((value ?? 0) / Math.max(1, result.completed)).toFixed(2);
    const cpuUs = (part: keyof ProcessCpuTimes) => (((cpu.closed?.[part] ?? 0) - (cpu.opened?.[part] ?? 0)) * 1000) / Math.max(1, result.completed);
    const nonzero = syscallNames.filter((syscall) => (counts.get(syscall) ?? 0) > 0).map((syscall) => `${syscall} ${perJob(counts.get(syscall))}`);
    process.stdout.write(
      `${name.padEnd(9)} ${result.ratePerSec} jobs/s, ${(cpuUs('userMs') + cpuUs('systemMs')).toFixed(1)} µs CPU/job (user ${cpuUs('userMs').toFixed(1)}, system ${cpuUs('systemMs').toFixed(1)}), ` +
        `syscalls/job ${perJob(counts.get('all'))}: ${nonzero.join(', ')}\n`,
    );
  } finally {
    await server.stop();
  }
}

const chosen = process.argv.slice(2).filter((arg): arg is ServerName => arg === 'ours' || arg === 'floor' || arg === 'gearmand');
const dir = mkdtempSync(join(tmpdir(), 'hub-syscalls-'));
try {
  for (const name of chosen.length > 0 ? chosen : (['ours', 'floor', 'gearmand'] as const)) await measure(name, 5000, dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
