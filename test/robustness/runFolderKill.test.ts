import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let parent = '';

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'sim-kill-'));
});

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** `sim run ephemeral-ports` with a trace into `out`; SIGKILL after `killAfterMs` unless it ended first. */
function runAndKill(out: string, seed: number, killAfterMs: number): Promise<void> {
  const args = ['--import', 'tsx', 'sim/cli/sim.ts', 'run', 'ephemeral-ports', '--seed', String(seed), '--out', out, '--force', '--trace', '--quiet', '--events-max', '40000'];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => child.once('exit', () => (clearTimeout(timer), resolve())));
}

/** The seed summary.json names, and the one report.md's heading names ("# ephemeral-ports — seed N"). */
async function seedsIn(dir: string): Promise<{ summary: number; report: number; traces: boolean }> {
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { seed: number };
  const report = Number(/seed (\d+)/.exec(await readFile(join(dir, 'report.md'), 'utf8'))?.[1]);
  const traces = (await readdir(dir)).filter((name) => name.startsWith('trace.')).length === 2;
  return { summary: summary.seed, report, traces };
}

describe('run folders when runs are killed while writing', () => {
  it('hold one whole run or none after each kill -9, and the next run removes what killed runs left', async () => {
    const out = join(parent, 'run');
    // Kill times spread over start-up, simulation and writing; a bounded count, a few runs finish.
    for (const [index, killAfterMs] of [2500, 3500, 4500, 5500, 7000, 9000].entries()) {
      await runAndKill(out, index + 1, killAfterMs);
      const present = await stat(out).then(() => true, () => false);
      if (!present) continue;
      const seeds = await seedsIn(out);
      expect(seeds.report).toBe(seeds.summary);
      expect(seeds.traces).toBe(true);
    }
    await runAndKill(out, 99, 120_000);
    expect((await seedsIn(out)).summary).toBe(99);
    expect((await readdir(parent)).filter((name) => name !== 'run')).toEqual([]);
  }, 300_000);
});
