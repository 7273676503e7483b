import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRunReport } from '../../sim/report/reportWriter.js';
import { collectRuns, renderRunsIndexHtml } from '../../sim/report/runsIndex.js';
import { fakeRunResult } from './fixture.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sim-runs-index-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('reports/index.html lists every run', () => {
  it('finds each summary.json below the root, newest first, and links each report', async () => {
    const older = fakeRunResult('client');
    const newer = fakeRunResult('server');
    await writeRunReport(join(root, 'ephemeral-ports/closer=client/42'), { ...older, summary: { ...older.summary, variant: 'closer=client' } });
    await writeRunReport(join(root, 'ephemeral-ports/defaults/42'), { ...newer, summary: { ...newer.summary, variant: 'defaults' } });
    await utimes(join(root, 'ephemeral-ports/closer=client/42/summary.json'), 1_000, 1_000);
    const runs = await collectRuns(root);
    expect(runs.map((run) => run.dir)).toEqual(['ephemeral-ports/defaults/42', 'ephemeral-ports/closer=client/42']);
    const html = renderRunsIndexHtml(runs);
    expect(html).toContain('href="./ephemeral-ports/closer=client/42/report.html"');
    expect(html).toMatch(/FAILED: 2 of 2 expectations did not hold/);
    expect(html).toContain('2 run(s) under reports/');
  });
});
