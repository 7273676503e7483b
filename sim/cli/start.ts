import { join } from 'node:path';
import { startRuns } from '../../scenarios/startRuns.js';
import type { RunResult } from '../report/runSummary.js';
import { writeComparisonReport, writeRunReport } from '../report/reportWriter.js';
import { runScenario } from '../scenario/runScenario.js';
import { createProgressBar } from './progressBar.js';
import { formatSummary } from './printSummary.js';
import { findProfile, findScenario } from './registry.js';

const startDir = join('reports', 'start');

/**
 * `npm start`: runs the default incident scenarios, writes each run's report and one
 * side-by-side report, and prints where they are with a one-screen summary. Exit 0 when
 * every run met its expectations and invariants.
 */
async function start(): Promise<number> {
  const results: RunResult[] = [];
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
    await writeRunReport(dir, result);
    process.stdout.write(`${formatSummary(result.summary, dir)}\n\n`);
    results.push(result);
  }
  const links = startRuns.map((entry) => `./${entry.label}/report.html`);
  await writeComparisonReport(startDir, results, 'Default incident scenarios, side by side', links);
  const failed = results.filter((result) => !result.summary.passed).length;
  process.stdout.write(
    `Side-by-side report: ${join(startDir, 'index.html')} (and index.md)\n` +
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
