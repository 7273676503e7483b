import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findProfile, findScenario } from '../../sim/cli/registry.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import type { SweepFile } from '../../sim/sweep/sweepFile.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'stacksim-bundle');

/** bin/bundleCache.js, loaded by URL: it is plain JavaScript without type declarations. */
async function bundleDir(): Promise<URL | null> {
  const module = (await import(new URL('../../bin/bundleCache.js', import.meta.url).href)) as { bundleDir: () => Promise<URL | null> };
  return module.bundleDir();
}

describe('the bundle bin/sim.js runs', () => {
  it('is built once and reused while no source changes, with the CLI and every worker entry', async () => {
    const first = await bundleDir();
    const second = await bundleDir();
    expect(first).not.toBeNull();
    expect(second?.href).toBe(first?.href);
    for (const entry of ['sim.mjs', 'workerEntry.mjs', 'sweepWorker.mjs', 'grabCheckWorker.mjs']) expect(existsSync(new URL(entry, first!))).toBe(true);
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', first!), 'utf8')) as { inputs: Record<string, string> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['sim/cli/sim.ts', 'sim/sweep/sweepWorker.ts', 'scenarios/worker-crash.ts']));
  });

  it('is built again when the one it names is gone', async () => {
    const good = await bundleDir();
    const current = join(cacheDir, 'current.json');
    writeFileSync(current, JSON.stringify({ name: 'no-such-bundle' }));
    const rebuilt = await bundleDir();
    expect(rebuilt?.href).toBe(good?.href);
    expect(JSON.parse(readFileSync(current, 'utf8'))).not.toEqual({ name: 'no-such-bundle' });
  });

  it('sweeps a seed on its worker threads to the trace hash `sim run` gives from the sources', async () => {
    const set = { durationMs: '1000', crashProbability: '0.3' };
    const scenario = findScenario('worker-crash');
    const direct = runScenario(scenario, findProfile(scenario), { seed: 2, set });
    const out = mkdtempSync(join(tmpdir(), 'bundled-sweep-'));
    try {
      const sets = Object.entries(set).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
      await promisify(execFile)(process.execPath, [join(root, 'bin', 'sim.js'), 'sweep', 'worker-crash', '--seeds', '1..2', '--jobs', '2', '--quiet', '--out', out, ...sets]);
      const file = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepFile;
      expect(file.runs[1]!.traceHash).toBe(direct.summary.traceHash);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
