import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../sim/cli/main.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-perf-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('sim perf jobhub', () => {
  it('measures both servers in one run, profiles ours with clinic doctor, and writes JSON, Markdown and HTML with both numbers, their ratio and the profile link', async () => {
    const args = ['perf', 'jobhub', '--rounds', '1', '--duration', '500ms', '--clients', '2', '--workers', '1', '--outstanding', '2', '--out', dir, '--profile', 'doctor'];
    expect(await main(args)).toBe(0);
    const result = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(result.rounds.map((round: { server: string }) => round.server)).toEqual(['ours', 'gearmand']);
    expect(result.ours.jobsPerSec).toBeGreaterThan(0);
    expect(result.gearmand.jobsPerSec).toBeGreaterThan(0);
    expect(result.throughputRatio).toBeCloseTo(result.ours.jobsPerSec / result.gearmand.jobsPerSec, 2);
    // Each server was warmed up first, as long as one round's window (at most 2 s), unmeasured.
    expect(result.settings.warmupMs).toBe(500);
    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    expect(markdown).toContain(`${result.throughputRatio}× gearmand's jobs per second`);
    expect(markdown).toContain('after 0.5 s of unmeasured load on each server');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(2);
    const [profile] = result.profiles as { href: string }[];
    expect(profile?.href).toMatch(/^clinic-doctor\/\d+\.clinic-doctor\.html$/);
    await access(join(dir, profile?.href ?? 'missing'));
    expect(html).toContain(`href="${profile?.href}"`);
  });

  it('exits 2 naming the option for a bad --rounds or an unsupported clinic tool', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
    expect(await main(['perf', 'jobhub', '--rounds', '0'])).toBe(2);
    expect(await main(['perf', 'jobhub', '--profile', 'bubbleprof'])).toBe(2);
    expect(await main(['profile', 'jobhub', '--tool', 'bubbleprof'])).toBe(2);
    expect(err).toMatch(/--rounds expects an integer from 1 to 20.*--tool expects doctor or flame, got "bubbleprof".*--tool expects doctor or flame/s);
  });
});
