import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeComparisonReport, writeRunReport } from '../../sim/report/reportWriter.js';
import type { RunResult } from '../../sim/report/runSummary.js';
import { fakeRunResult } from './fixture.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'report-writer-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function withBrokenChart(result: RunResult): RunResult {
  const charts = [{ id: 'broken', title: 'Broken', yLabel: 'x', series: ['server.tcp.missing'] }];
  return { ...result, summary: { ...result.summary, charts } };
}

describe('writeRunReport', () => {
  it('writes the four files into a new nested folder and leaves no .tmp files behind', async () => {
    const dir = join(root, 'ephemeral-ports', '42');
    const written = await writeRunReport(dir, fakeRunResult());
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.md', 'series.json', 'summary.json']);
    expect(written.files.map((f) => f.slice(dir.length + 1))).toEqual(['summary.json', 'series.json', 'report.md', 'report.html']);
  });

  it('writes summary.json as pretty JSON that parses back equal to the summary', async () => {
    const result = fakeRunResult('server');
    await writeRunReport(root, result);
    const text = await readFile(join(root, 'summary.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "scenario": "ephemeral-ports",');
    expect(JSON.parse(text)).toEqual(result.summary);
    expect(JSON.parse(await readFile(join(root, 'series.json'), 'utf8'))).toEqual(result.series);
  });

  it('keeps summary.json on disk and names the missing series when a chart cannot render', async () => {
    const result = withBrokenChart(fakeRunResult());
    await expect(writeRunReport(root, result)).rejects.toThrow(/server\.tcp\.missing/);
    expect(JSON.parse(await readFile(join(root, 'summary.json'), 'utf8'))).toEqual(result.summary);
    expect((await readdir(root)).sort()).toEqual(['series.json', 'summary.json']);
  });

  it("removes an earlier run's report when the new one cannot render, so it never sits next to the new summary", async () => {
    await writeRunReport(root, fakeRunResult('server'));
    await expect(writeRunReport(root, withBrokenChart(fakeRunResult('client')))).rejects.toThrow();
    expect((await readdir(root)).sort()).toEqual(['series.json', 'summary.json']);
  });

  it('replaces an existing report with the new one', async () => {
    await writeFile(join(root, 'report.md'), 'old');
    await writeRunReport(root, fakeRunResult('client'));
    expect(await readFile(join(root, 'report.md'), 'utf8')).toContain('closer | client');
  });
});

describe('writeComparisonReport', () => {
  it('writes index.md and index.html and nothing else', async () => {
    const runs = [fakeRunResult('client'), fakeRunResult('server')];
    const written = await writeComparisonReport(root, runs, 'Who closes first', ['./client/42/report.html', './server/42/report.html']);
    expect((await readdir(root)).sort()).toEqual(['index.html', 'index.md']);
    expect(written.files).toEqual([join(root, 'index.md'), join(root, 'index.html')]);
  });
});
