import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../sim/cli/main.js';

let out = '';
let err = '';
let dir = '';

beforeEach(async () => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const short = ['--set', 'durationMs=5000'];

describe('sim command line', () => {
  it('exits 2 naming the scenario when it does not exist', async () => {
    expect(await main(['run', 'no-such-scenario'])).toBe(2);
    expect(err).toMatch(/unknown scenario "no-such-scenario".*ephemeral-ports/);
  });

  it('exits 2 naming the parameter and what it allows for a bad --set value', async () => {
    expect(await main(['run', 'ephemeral-ports', '--set', 'ratePerSec=abc'])).toBe(2);
    expect(err).toMatch(/ratePerSec.*"abc".*an integer from 1 to 100000/);
  });

  it('exits 2 for an unknown parameter, listing the known ones', async () => {
    expect(await main(['run', 'ephemeral-ports', '--set', 'rate=5'])).toBe(2);
    expect(err).toMatch(/unknown parameter "rate".*ratePerSec/);
  });

  it('exits 2 for a --set without "=", a bad seed, an unknown option and an unknown command', async () => {
    expect(await main(['run', 'ephemeral-ports', '--set', 'ratePerSec'])).toBe(2);
    expect(await main(['run', 'ephemeral-ports', '--seed', '-4'])).toBe(2);
    expect(await main(['run', 'ephemeral-ports', '--frobnicate'])).toBe(2);
    expect(await main(['frobnicate'])).toBe(2);
    expect(err).toMatch(/key=value/);
    expect(err).toMatch(/invalid seed/);
  });

  it('prints the summary contract with --json and writes summary.json, report.md and report.html', async () => {
    expect(await main(['run', 'ephemeral-ports', '--seed', '7', '--json', '--out', dir, ...short])).toBe(0);
    const summary = JSON.parse(out);
    for (const key of ['scenario', 'seed', 'params', 'simulatedMs', 'wallMs', 'events', 'traceHash', 'stopReason', 'passed', 'expectations', 'invariants', 'metrics']) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary.params).toMatchObject({ ratePerSec: 600, closer: 'client', portRange: '32768-60999', durationMs: 5000 });
    const files = await readdir(dir);
    expect(files.sort()).toEqual(['report.html', 'report.md', 'series.json', 'summary.json']);
    expect(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'))).toEqual(summary);
  });

  it('writes the full trace as JSON lines and Chrome trace JSON with --trace', async () => {
    expect(await main(['run', 'ephemeral-ports', '--quiet', '--trace', '--out', dir, '--set', 'durationMs=1000'])).toBe(0);
    const lines = (await readFile(join(dir, 'trace.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toHaveProperty('tUs');
    const chrome = JSON.parse(await readFile(join(dir, 'trace.chrome.json'), 'utf8'));
    expect(chrome.traceEvents.length).toBeGreaterThan(lines.length);
  });

  it('exits 1 and still writes the summary with its seed when an expectation fails', async () => {
    // Stopping at 100 events cannot complete the run: stopReason eventsMax fails it.
    expect(await main(['run', 'ephemeral-ports', '--seed', '9', '--quiet', '--out', dir, '--events-max', '100', ...short])).toBe(1);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ seed: 9, passed: false, stopReason: 'eventsMax' });
  });

  it('check-determinism exits 0 when two runs give the same trace hash', async () => {
    expect(await main(['check-determinism', 'ephemeral-ports', '--seed', '7', ...short])).toBe(0);
    expect(out).toMatch(/deterministic: ephemeral-ports seed 7 gave trace [0-9a-f]{16} twice/);
  });

  it('lists scenarios with their parameters, defaults and allowed values', async () => {
    expect(await main(['list'])).toBe(0);
    expect(out).toMatch(/ephemeral-ports/);
    expect(out).toMatch(/--set portRange=32768-60999/);
    expect(out).toMatch(/linux-2005/);
  });

  it('shows help with exit 0', async () => {
    expect(await main(['run', '--help'])).toBe(0);
    expect(out).toMatch(/--seed <n>/);
  });

  it('check grab exits 1 for the naive grab with a replay token, and replay reproduces the case and writes its report', async () => {
    expect(await main(['check', 'grab', '--model', 'naive', '--runs', '100', '--seed', '5'])).toBe(1);
    expect(out).toMatch(/grab atomicity BROKEN/);
    expect(out).toMatch(/doubleHold/);
    const token = /sim replay (grab1\.\S+)/.exec(out)?.[1];
    expect(token).toBeDefined();
    out = '';
    expect(await main(['replay', token as string, '--out', dir])).toBe(1);
    expect(out).toMatch(/no job held by two live workers at once/);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ passed: false, params: { model: 'naive', mode: 'requeue' } });
  });

  it('check grab exits 0 when the property holds', async () => {
    expect(await main(['check', 'grab', '--model', 'schwartz', '--runs', '200'])).toBe(0);
    expect(out).toMatch(/grab atomicity held: model schwartz, mode requeue, 200 runs/);
  });

  it('check grab and replay exit 2 for bad input, naming what is allowed', async () => {
    expect(await main(['check', 'grab', '--model', 'frob'])).toBe(2);
    expect(await main(['check', 'grab', '--mode', 'sideways'])).toBe(2);
    expect(await main(['check', 'grab', '--runs', '0'])).toBe(2);
    expect(await main(['check', 'grab', '--model', 'schwartz', '--mode', 'fail'])).toBe(2);
    expect(await main(['replay', 'not-a-token'])).toBe(2);
    expect(err).toMatch(/unknown grab model "frob" \(models: hub, schwartz, naive\)/);
    expect(err).toMatch(/--mode expects requeue or fail/);
    expect(err).toMatch(/model schwartz has no worker-loss mode "fail"/);
  });
});
