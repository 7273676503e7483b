import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.js';
import type { SweepFile } from '../../sim/sweep/sweepFile.js';
import { simCli } from '../helpers/simCli.js';

const short = ['--set', 'durationMs=1000', '--quiet'];
let dir = '';

async function tmp(): Promise<string> {
  dir ||= await mkdtemp(join(tmpdir(), 'sim-sweep-'));
  return dir;
}

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sim sweep, sim merge and sim compare', () => {
  it('sweeps seeds on two worker threads, writes sweep.json and the report, and exits 0', async () => {
    const out = join(await tmp(), 'whole');
    expect(await main(['sweep', 'worker-crash', '--seeds', '1..3', '--jobs', '2', '--out', out, ...short])).toBe(0);
    const file = JSON.parse(await readFile(join(out, 'sweep.json'), 'utf8')) as SweepFile;
    expect(file.runs.map((run) => run.seed)).toEqual([1, 2, 3]);
    expect(file.commit === null || /^[0-9a-f]{40}$/.test(file.commit)).toBe(true);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('## Metrics across seeds');
  });

  it('sweeps with --swarm on a worker thread, keeps each draw, and `sim run --swarm --seed N` replays run N with its trace hash', async () => {
    const out = join(await tmp(), 'swarm');
    const code = await main(['sweep', 'worker-crash', '--seeds', '1..2', '--jobs', '1', '--swarm', '--set', 'durationMs=5000', '--out', out, '--quiet']);
    const file = JSON.parse(await readFile(join(out, 'sweep.json'), 'utf8')) as SweepFile;
    expect(code).toBe(file.runs.every((run) => run.passed) ? 0 : 1);
    expect(file.swarm).toBe(true);
    expect(file.runs[1]!.swarm?.params).toHaveProperty('workers');
    expect(file.runs[1]!.replay).toBe('npx sim run worker-crash --seed 2 --swarm --set durationMs=5000');
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('Swarm: each seed drew the parameters not set and a fault schedule');
    expect(report).toContain('## Liveness after faults');
    const { out: printed } = await simCli(['run', 'worker-crash', '--seed', '2', '--swarm', '--set', 'durationMs=5000', '--json', '--out', join(await tmp(), 'replay')]);
    expect((JSON.parse(printed) as { traceHash: string }).traceHash).toBe(file.runs[1]!.traceHash);
  });

  it('sweeps a scenario file with its faults and thresholds, and each run replays with its trace hash', async () => {
    const base = await tmp();
    const scenarioFile = join(base, 'restart.yaml');
    await writeFile(scenarioFile, [
      'extends: ndb-node-failure', 'seed: 9', 'params:', '  kill: ""', '  durationMs: 20000',
      'faults:', '  - crash ndbd1 at 5s', 'expect:', '  - txn.lostCommitted == 0', '  - ndb.nodesStartedAtEnd == 4', '',
    ].join('\n'));
    const out = join(base, 'from-file');
    // The file's node stays down (no restart), so its own threshold on started nodes fails every seed.
    expect(await main(['sweep', scenarioFile, '--seeds', '1..2', '--jobs', '1', '--out', out, '--quiet'])).toBe(1);
    const file = JSON.parse(await readFile(join(out, 'sweep.json'), 'utf8')) as SweepFile;
    expect({ scenario: file.scenario, file: file.file, faults: file.faults, expect: file.expect }).toEqual({
      scenario: 'ndb-node-failure', file: scenarioFile, faults: ['crash ndbd1 at 5s'], expect: ['txn.lostCommitted == 0', 'ndb.nodesStartedAtEnd == 4'],
    });
    expect(file.runs.map((run) => run.seed)).toEqual([1, 2]);
    expect(file.runs[1]!.failedExpectations).toEqual(['ndb.nodesStartedAtEnd == 4']);
    const replay = file.runs[1]!.replay.split(' ').slice(0, 8).join(' ');
    expect(replay).toBe('npx sim run ndb-node-failure --seed 2 --set kill=');
    const { out: verdict } = await simCli(['sweep', scenarioFile, '--seeds', '1..1', '--jobs', '1', '--out', join(base, 'from-file-again')]);
    expect(verdict).toContain(`sweep ${scenarioFile} (ndb-node-failure): FAILED`);
    const { out: printed } = await simCli(['run', scenarioFile, '--seed', '2', '--json', '--out', join(base, 'file-replay')]);
    expect((JSON.parse(printed) as { traceHash: string }).traceHash).toBe(file.runs[1]!.traceHash);
  });

  it('merges shards into the report of the whole sweep', async () => {
    const base = await tmp();
    for (const shard of ['1/2', '2/2']) {
      const out = join(base, `shard-${shard[0]}`);
      expect(await main(['sweep', 'worker-crash', '--seeds', '1..3', '--jobs', '1', '--shard', shard, '--out', out, ...short])).toBe(0);
    }
    const merged = join(base, 'merged');
    expect(await main(['merge', join(base, 'shard-1'), join(base, 'shard-2', 'sweep.json'), '--out', merged, '--quiet'])).toBe(0);
    const file = JSON.parse(await readFile(join(merged, 'sweep.json'), 'utf8')) as SweepFile;
    expect(file.runs.map((run) => run.seed)).toEqual([1, 2, 3]);
  });

  it('compares two sweeps and exits 0 when no threshold is given', async () => {
    const base = await tmp();
    const args = ['compare', join(base, 'whole'), join(base, 'merged'), '--out', join(base, 'compare'), '--quiet'];
    expect(await main(args)).toBe(0);
    expect(await readFile(join(base, 'compare', 'compare.md'), 'utf8')).toContain('Comparison of two sweeps');
  });

  it.each([
    [['sweep', 'worker-crash', '--seeds', '5..1']],
    [['sweep', 'worker-crash', '--seeds', '1..3', '--shard', '4/3']],
    [['sweep', 'worker-crash', '--seeds', '1..3', '--jobs', '0']],
    [['sweep', 'worker-crash', '--seeds', '1..3', '--shard', '1/2', '--until-coverage']],
    [['sweep', 'no-such-scenario', '--seeds', '1..3']],
    [['sweep', '/nonexistent/incident.yaml', '--seeds', '1..3']],
    [['merge', '/nonexistent/sweep.json']],
    [['compare', '/nonexistent/a', '/nonexistent/b']],
  ])('exits 2 on bad input: sim %j', async (argv) => {
    expect(await main([...argv, '--quiet'])).toBe(2);
  });
});
