import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRuns } from '../../scenarios/startRuns.js';
import type { RunResult } from '../report/runSummary.js';
import { writeComparisonReport, writeRunReport } from '../report/reportWriter.js';
import { openRunFolder } from './runFolder.js';
import { renderStartIndexHtml, renderStartIndexMarkdown, type StartGroup } from '../report/startIndex.js';
import { writeFileAtomic } from '../report/writeFileAtomic.js';
import { runScenario } from '../scenario/runScenario.js';
import { withMachineShapes } from '../scenario/withMachineShapes.js';
import { writeRunsIndex } from '../report/runsIndex.js';
import { formatStartTable } from './startTable.js';
import { createProgressBar } from './progressBar.js';
import { findProfile, findScenario } from './registry.js';

const startDir = join('reports', 'start');

/**
 * `npm start`: runs the default incident scenarios, writes each run's report, one
 * side-by-side page per scenario, a front page and reports/index.html, and prints one
 * screen: a table of runs, then where the reports are. Exit 0 when every run met its
 * expectations and invariants.
 */
async function start(): Promise<number> {
  const results: { readonly label: string; readonly result: RunResult }[] = [];
  for (const entry of startRuns) {
    const scenario = findScenario(entry.scenario);
    const profile = findProfile(scenario);
    const progress = createProgressBar(entry.label, true);
    let result: RunResult;
    try {
      result = withMachineShapes(runScenario(scenario, profile, { seed: entry.seed, set: entry.set, faults: entry.faults ?? [], onProgress: progress.update }));
    } finally {
      progress.stop();
    }
    const dir = join(startDir, entry.label);
    const folder = await openRunFolder(dir, { named: false, force: true, sameRun: () => true });
    await writeRunReport(folder.workDir, result).catch(async (error: unknown) => {
      await folder.abandon();
      throw error;
    });
    await folder.commit();
    results.push({ label: entry.label, result });
  }
  const groups: StartGroup[] = [];
  for (const scenario of [...new Set(results.map(({ result }) => result.summary.scenario))]) {
    const runs = results.filter(({ result }) => result.summary.scenario === scenario);
    const heading = `${scenario}: ${runs[0]?.result.summary.title ?? ''}`;
    await writeComparisonReport(join(startDir, scenario), runs.map(({ result }) => result), heading, runs.map(({ label }) => `../${label}/report.html`));
    groups.push({
      scenario, title: runs[0]?.result.summary.title ?? '', link: `./${scenario}/index.html`,
      runs: runs.map(({ label, result }) => ({ label, link: `./${label}/report.html`, summary: result.summary })),
    });
  }
  await writeFileAtomic(join(startDir, 'index.md'), renderStartIndexMarkdown(groups));
  await writeFileAtomic(join(startDir, 'index.html'), renderStartIndexHtml(groups));
  await writeRunsIndex();
  const rows = results.map(({ label, result }) => ({ label, summary: result.summary }));
  process.stdout.write(`${formatStartTable(rows, pathToFileURL(resolve(startDir, 'index.html')).href)}\n`);
  return rows.every((row) => row.summary.passed) ? 0 : 1;
}

start().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`npm start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
