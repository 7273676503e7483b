import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { portExhaustion } from '../../scenarios/port-exhaustion.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { parseThreshold } from '../../sim/scenario/threshold.js';
import { UsageError } from '../../sim/scenario/usageError.js';
import { simCli } from '../helpers/simCli.js';

/** The evening peak in close mode: the proxy's 5 000 ports run out about five seconds in. */
const peak = { reproxy: 'close', ratePerSec: '1000', portRange: '40000-44999', durationMs: '30000' };
const failingShare = 'http.requests.failed.share < 1%';

describe('a threshold marked abortOnFail stops the run at the first sample that crosses it (k6 abortOnFail)', () => {
  it('parses abortOnFail and delayAbortEval after a threshold, and keeps them in its text for the replay', () => {
    expect(parseThreshold(`${failingShare} abortOnFail`).abort).toEqual({ delayAbortEvalMs: 0 });
    expect(parseThreshold(`${failingShare} abortOnFail delayAbortEval=10s`)).toMatchObject({ metric: 'http.requests.failed.share', value: 0.01, abort: { delayAbortEvalMs: 10_000 } });
    expect(parseThreshold('max(http.failedPerSec over 2s) < 100 abortOnFail').text).toBe('max(http.failedPerSec over 2s) < 100 abortOnFail');
    expect(parseThreshold(failingShare).abort).toBeNull();
    expect(() => parseThreshold(`${failingShare} abortOnFail delayAbortEval=10`)).toThrow(UsageError);
  });

  it('stops when the failed share crosses 1 %, at that sample, and says so in stopReason, findings and annotations', () => {
    const { summary } = runScenario(portExhaustion, linuxModern, { seed: 7, set: peak, expect: [`${failingShare} abortOnFail`] });
    expect(summary.stopReason).toBe('aborted');
    expect(summary.passed).toBe(false);
    // Ports run out at 5 000 / 1 000 per second; the share passes 1 % within a second or two.
    expect(summary.abort?.atMs).toBeGreaterThanOrEqual(5_000);
    expect(summary.abort?.atMs).toBeLessThanOrEqual(8_000);
    expect(summary.abort?.value).toBeGreaterThan(0.01);
    expect(summary.simulatedMs).toBe(summary.abort?.atMs);
    expect(summary.findings[0]).toMatch(/^Aborted at \d+\.\d s of simulated time: the threshold "http\.requests\.failed\.share < 1% abortOnFail"/);
    expect(summary.annotations).toContainEqual(expect.objectContaining({ atMs: summary.abort?.atMs, kind: 'abort', label: expect.stringMatching(/^aborted at \d+\.\d s: http\.requests\.failed\.share < 1%/) }));
  }, 120_000);

  it('waits out delayAbortEval before judging, and a threshold without abortOnFail lets the run finish', () => {
    const delayed = runScenario(portExhaustion, linuxModern, { seed: 7, set: peak, expect: [`${failingShare} abortOnFail delayAbortEval=12s`] }).summary;
    expect(delayed.abort?.atMs).toBe(12_000);
    const judgedAtEnd = runScenario(portExhaustion, linuxModern, { seed: 7, set: { ...peak, durationMs: '12000' }, expect: [failingShare] }).summary;
    expect(judgedAtEnd.stopReason).toBe('completed');
    expect(judgedAtEnd.simulatedMs).toBe(12_000);
    expect(judgedAtEnd.expectations.find((expectation) => expectation.name === failingShare)?.passed).toBe(false);
  }, 120_000);

  it('judges a windowed threshold on the series so far, and aborts the same way for the same seed', () => {
    const run = () => runScenario(portExhaustion, linuxModern, { seed: 7, set: peak, expect: ['max(http.failedPerSec over 2s) < 100 abortOnFail'] }).summary;
    const first = run();
    expect(first.stopReason).toBe('aborted');
    expect(first.abort?.value).toBeGreaterThanOrEqual(100);
    expect(run().traceHash).toBe(first.traceHash);
  }, 120_000);

  it('through the CLI: --expect with abortOnFail, and a scenario file\'s object form, exit 1 and print the abort', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'stacksim-abort-'));
    try {
      const sets = Object.entries(peak).flatMap(([name, value]) => ['--set', `${name}=${value}`]);
      const flag = await simCli(['run', 'port-exhaustion', '--seed', '7', ...sets, '--expect', `${failingShare} abortOnFail`, '--out', join(parent, 'flag')]);
      expect(flag.code).toBe(1);
      expect(flag.out).toMatch(/FAILED \(aborted, \d+(\.\d+)? s simulated/);
      expect(flag.out).toMatch(/Aborted at \d+\.\d s of simulated time/);
      const file = join(parent, 'incident.yaml');
      writeFileSync(file, `extends: port-exhaustion\nseed: 7\nparams: { reproxy: close, ratePerSec: 1000, portRange: 40000-44999 }\ndurationMs: 30000\nexpect:\n  - threshold: '${failingShare}'\n    abortOnFail: true\n    delayAbortEval: 10s\n`);
      const fromFile = await simCli(['run', file, '--json', '--out', join(parent, 'file')]);
      expect(fromFile.code).toBe(1);
      expect(JSON.parse(fromFile.out)).toMatchObject({ stopReason: 'aborted', abort: { atMs: 10_000, threshold: `${failingShare} abortOnFail delayAbortEval=10s` } });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 240_000);
});
