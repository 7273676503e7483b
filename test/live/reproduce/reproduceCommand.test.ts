import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Calibration } from '../../../sim/report/calibration.js';
import { simCli } from '../../helpers/simCli.js';

function has(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** The live run needs root (ip netns) and Perlbal 1.80 (scripts/install-peers.sh). */
const canReproduce = process.getuid?.() === 0 && has('ip') && has('ss') && has('perlbal');

function namespacesLeft(): string[] {
  return has('ip') ? execFileSync('ip', ['netns', 'list']).toString().split('\n').filter((line) => line.startsWith(`stacksim-${process.pid}`)) : [];
}

afterEach(() => vi.restoreAllMocks());

describe('sim reproduce port-exhaustion', () => {
  it('refuses to run without root, saying why, before creating anything', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    const { code, err } = await simCli(['reproduce', 'port-exhaustion', '--peer', 'perlbal', '--duration', '10s']);
    expect(code).toBe(2);
    expect(err).toMatch(/needs root: it creates a network namespace/);
    expect(namespacesLeft()).toEqual([]);
  });

  it.each([
    [['no-such-incident'], /the incident expects port-exhaustion/],
    [['port-exhaustion', '--port-range', '40000-40010'], /--port-range expects low-high .* at least 100 ports/],
    [['port-exhaustion', '--port-range', '8000-8999'], /holds the servers' own ports \(8080, 8081\)/],
    [['port-exhaustion', '--reproxy', 'sometimes'], /--reproxy expects close or keepalive/],
    [['port-exhaustion', '--peer', 'nginx'], /--peer expects ours or perlbal/],
    [['port-exhaustion', '--tw-reuse', '3'], /--tw-reuse expects 0 or 1 or 2/],
  ])('sim reproduce %j exits 2 naming what was wrong', async (args, message) => {
    const { code, err } = await simCli(['reproduce', ...args]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it.skipIf(process.getuid?.() !== 0)('with --peer ours in a checkout without sim live perlbal, says to use --peer perlbal', async () => {
    const help = await simCli(['live', 'perlbal', '--help']);
    if (help.out.includes('--reproxy')) return; // our live proxy is here: nothing to refuse
    const refused = await simCli(['reproduce', 'port-exhaustion', '--peer', 'ours']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/run with --peer perlbal/);
  }, 30_000);

  it.skipIf(!canReproduce)(
    'with 200 ports at 50/s for 20 s, Perlbal 1.80 on the real kernel and the simulator agree within 5 % on onset, failure share and TIME_WAIT peak',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'stacksim-reproduce-test-'));
      try {
        const dir = join(out, 'report');
        const { code, out: printed } = await simCli([
          'reproduce', 'port-exhaustion', '--peer', 'perlbal', '--rate', '50', '--port-range', '40000-40199', '--reproxy', 'close',
          '--duration', '20s', '--json', '--quiet', '--out', dir,
        ]);
        const calibration = JSON.parse(readFileSync(join(dir, 'calibration.json'), 'utf8')) as Calibration;
        console.log(`calibration, 200 ports at 50/s for 20 s: ${printed}`);
        const { onsetMs, failureShare, timeWaitPeak } = calibration.figures;
        // 200 ports / 50 per second: the 201st request, due at 4 s, finds no port.
        expect(onsetMs.measured as number).toBeGreaterThan(3_800);
        expect(onsetMs.errorPercent as number).toBeLessThanOrEqual(5);
        expect(failureShare.errorPercent as number).toBeLessThanOrEqual(5);
        expect(timeWaitPeak.errorPercent as number).toBeLessThanOrEqual(5);
        expect(code).toBe(calibration.disagreements.length === 0 ? 0 : 1);
        expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
        expect(namespacesLeft()).toEqual([]);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
