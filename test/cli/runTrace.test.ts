import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chromeTraceProblems, type TraceEvent } from '../helpers/chromeTraceProblems.js';
import { simCli } from '../helpers/simCli.js';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-trace-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function traceEvents(runDir: string): Promise<TraceEvent[]> {
  return (JSON.parse(await readFile(join(runDir, 'trace.chrome.json'), 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
}

async function traceHash(runDir: string): Promise<string> {
  return (JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as { traceHash: string }).traceHash;
}

describe('sim run --trace', () => {
  it('writes a trace Perfetto can lay out, says where, and traces the same run as without it', async () => {
    const traced = join(dir, 'traced');
    const { code, err } = await simCli(['run', 'ephemeral-ports', '--set', 'durationMs=2000', '--trace', '--out', traced]);
    expect(code).toBe(0);
    expect(err).toContain(`trace: wrote ${join(traced, 'trace.chrome.json')}`);
    const events = await traceEvents(traced);
    expect(chromeTraceProblems(events)).toEqual([]);
    const sliceNames = new Set(events.filter((e) => e.ph === 'b').map((e) => e.name));
    expect([...sliceNames].sort()).toEqual(['TIME_WAIT', 'connection', 'requests']);
    expect(events.some((e) => e.flow_out) && events.some((e) => e.flow_in)).toBe(true);
    const plain = join(dir, 'plain');
    expect((await simCli(['run', 'ephemeral-ports', '--set', 'durationMs=2000', '--quiet', '--out', plain])).code).toBe(0);
    expect(await traceHash(traced)).toBe(await traceHash(plain));
  });

  it('draws NDB transactions as slices', async () => {
    const out = join(dir, 'ndb');
    const { code } = await simCli(['run', 'ndb-node-failure', '--set', 'durationMs=3000', '--quiet', '--trace', '--out', out]);
    expect(code).toBe(0);
    const events = await traceEvents(out);
    expect(chromeTraceProblems(events)).toEqual([]);
    expect(events.filter((e) => e.ph === 'b' && e.name === 'transaction').length).toBeGreaterThan(10);
  });

  it('keeps only the --trace-window part of the run', async () => {
    const { code } = await simCli(['run', 'ephemeral-ports', '--set', 'durationMs=2000', '--quiet', '--trace-window', '500ms..1s', '--out', dir]);
    expect(code).toBe(0);
    const events = (await traceEvents(dir)).filter((e) => e.ph !== 'M');
    expect(events.length).toBeGreaterThan(100);
    expect(events.every((e) => (e.ts as number) >= 500_000 && (e.ts as number) <= 1_000_000)).toBe(true);
    expect(chromeTraceProblems(await traceEvents(dir))).toEqual([]);
    const lines = (await readFile(join(dir, 'trace.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { tUs: number });
    expect(lines.every((line) => line.tUs >= 500_000 && line.tUs < 1_000_000)).toBe(true);
  });

  it.each([
    ['1s..500ms', /keeps nothing/],
    ['40s', /expects two durations/],
    ['5s..10s', /before the run's end at 2s/],
    ['1..2', /expects two durations/],
  ])('exits 2 before running for --trace-window %s', async (window, message) => {
    const out = join(dir, 'never');
    const { code, err } = await simCli(['run', 'ephemeral-ports', '--set', 'durationMs=2000', '--trace-window', window, '--out', out]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});
