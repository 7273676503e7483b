import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = new URL('../..', import.meta.url).pathname;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-replay-line-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a printed replay line runs as printed', () => {
  it('pasted into bash, the line for a split-brain run gives the same trace hash', async () => {
    const args = ['sim', 'run', 'ndb-node-failure', '--seed', '3', '--set', 'kill=', '--set', 'partition=1,3,mgm|2,4', '--set', 'durationMs=1000'];
    const first = await run('npx', [...args, '--json', '--out', join(dir, 'first')], { cwd: repo });
    const summary = JSON.parse(first.stdout) as { replay: string; traceHash: string };
    expect(summary.replay).toBe("npx sim run ndb-node-failure --seed 3 --set kill= --set 'partition=1,3,mgm|2,4' --set durationMs=1000");
    const again = await run('bash', ['-c', `${summary.replay} --json --out ${join(dir, 'again')}`], { cwd: repo });
    expect((JSON.parse(again.stdout) as { traceHash: string }).traceHash).toBe(summary.traceHash);
  }, 120_000);
});
