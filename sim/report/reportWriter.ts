import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { renderComparisonHtml, renderComparisonMarkdown } from './comparison.js';
import { renderHtml } from './htmlReport.js';
import { renderMarkdown } from './markdownReport.js';
import type { RunResult, TimeSeries } from './runSummary.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Writes a run's report into `dir` (created if missing): `summary.json`, `series.json`,
 * `report.md`, `report.html`, each atomically. The data goes first: if rendering then
 * throws, `summary.json` with the seed and replay command is already on disk, so the run
 * can be reproduced and the renderer fixed. A stale `report.md`/`report.html` from an
 * earlier run in the same folder is removed in that case, so the folder never pairs the
 * new summary with an old run's report.
 */
export async function writeRunReport(dir: string, result: RunResult): Promise<{ dir: string; files: string[] }> {
  await mkdir(dir, { recursive: true });
  const summaryPath = join(dir, 'summary.json');
  const seriesPath = join(dir, 'series.json');
  const mdPath = join(dir, 'report.md');
  const htmlPath = join(dir, 'report.html');
  await writeFileAtomic(summaryPath, `${JSON.stringify(result.summary, null, 2)}\n`);
  await writeFileAtomic(seriesPath, seriesJson(result.series));
  let md: string;
  let html: string;
  try {
    md = renderMarkdown(result);
    html = await renderHtml(result);
  } catch (error) {
    await Promise.all([mdPath, htmlPath].map((path) => rm(path, { force: true })));
    throw error;
  }
  await writeFileAtomic(mdPath, md);
  await writeFileAtomic(htmlPath, html);
  return { dir, files: [summaryPath, seriesPath, mdPath, htmlPath] };
}

/** Writes `index.md` and `index.html` comparing `results` into `dir`, atomically. */
export async function writeComparisonReport(
  dir: string,
  results: readonly RunResult[],
  heading: string,
  links: readonly string[],
): Promise<{ dir: string; files: string[] }> {
  await mkdir(dir, { recursive: true });
  const md = renderComparisonMarkdown(results, heading, links);
  const html = await renderComparisonHtml(results, heading, links);
  const mdPath = join(dir, 'index.md');
  const htmlPath = join(dir, 'index.html');
  await writeFileAtomic(mdPath, md);
  await writeFileAtomic(htmlPath, html);
  return { dir, files: [mdPath, htmlPath] };
}

/**
 * JSON of the series with one array per line: still plain `JSON.parse`-able, but a
 * 600-sample series is one line to skim or diff instead of 600.
 */
function seriesJson(series: TimeSeries): string {
  const entries = Object.entries(series.series).map(
    ([name, values]) => `    ${JSON.stringify(name)}: ${JSON.stringify(values)}`,
  );
  const body = entries.length > 0 ? `{\n${entries.join(',\n')}\n  }` : '{}';
  const head = `"intervalMs": ${JSON.stringify(series.intervalMs)},\n  "tMs": ${JSON.stringify(series.tMs)}`;
  return `{\n  ${head},\n  "series": ${body}\n}\n`;
}
