import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
  it('measures both servers in one run and writes JSON, Markdown and HTML with both numbers and their ratio', async () => {
    const args = ['perf', 'jobhub', '--rounds', '1', '--duration', '500ms', '--clients', '2', '--workers', '1', '--outstanding', '2', '--out', dir];
    expect(await main(args)).toBe(0);
    const result = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(result.rounds.map((round: { server: string }) => round.server)).toEqual(['ours', 'gearmand']);
    expect(result.ours.jobsPerSec).toBeGreaterThan(0);
    expect(result.gearmand.jobsPerSec).toBeGreaterThan(0);
    expect(result.throughputRatio).toBeCloseTo(result.ours.jobsPerSec / result.gearmand.jobsPerSec, 2);
    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    expect(markdown).toContain(`${result.throughputRatio}× gearmand's jobs per second`);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(2);
  });

  it('exits 2 naming the option for a bad --rounds', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['perf', 'jobhub', '--rounds', '0'])).toBe(2);
  });
});
