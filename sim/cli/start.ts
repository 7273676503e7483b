import { join } from 'node:path';
import { startRuns } from '../../scenarios/startRuns.js';
import type { RunResult } from '../report/runSummary.js';
import { writeComparisonReport, writeRunReport } from '../report/reportWriter.js';
import { openRunFolder } from '../report/runFolder.js';
import { renderStartIndexHtml, renderStartIndexMarkdown, type StartGroup } from '../report/startIndex.js';
import { writeFileAtomic } from '../report/writeFileAtomic.js';
import { runScenario } from '../scenario/runScenario.js';
import { createProgressBar } from './progressBar.js';
import { formatSummary } from './printSummary.js';
import { findProfile, findScenario } from './registry.js';

const startDir = join('reports', 'start');

/**
 * `npm start`: runs the default incident scenarios, writes each run's report, one
 * side-by-side page per scenario and a front page, and prints where they are with a
 * one-screen summary. Exit 0 when every run met its expectations and invariants.
 */
async function start(): Promise<number> {
  const results: { readonly label: string; readonly result: RunResult }[] = [];
  for (const entry of startRuns) {
    const scenario = findScenario(entry.scenario);
    const profile = findProfile(scenario);
    const progress = createProgressBar(entry.label, true);
    let result: RunResult;
    try {
      result = runScenario(scenario, profile, { seed: entry.seed, set: entry.set, onProgress: progress.update });
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
    process.stdout.write(`${formatSummary(result.summary, dir)}\n\n`);
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
  const failed = results.filter(({ result }) => !result.summary.passed).length;
  process.stdout.write(
    `Reports: ${join(startDir, 'index.html')} (and index.md), one side-by-side page per scenario beside it.\n` +
      `${results.length - failed} of ${results.length} runs met every expectation and invariant.\n`,
  );
  return failed === 0 ? 0 : 1;
}

start().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`npm start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
