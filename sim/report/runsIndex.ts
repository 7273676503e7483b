import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { formatHeadline } from './formatHeadline.js';
import { htmlPage } from './htmlPage.js';
import { htmlTable } from './htmlTable.js';
import type { RunSummary } from './runSummary.js';
import { verdictText } from './verdictText.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** A run found under `reports/`: its summary, where it is, and when it was written. */
export interface IndexedRun {
  readonly summary: RunSummary;
  /** The run's folder, relative to the reports root. */
  readonly dir: string;
  readonly writtenAtMs: number;
}

/** Folders below the root searched for runs; deeper ones are not reports of `sim run`. */
const depthMax = 5;

/** Every `summary.json` below `root`, newest first (ties by folder name, so the order is stable). */
export async function collectRuns(root: string): Promise<IndexedRun[]> {
  const runs: IndexedRun[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < depthMax) await visit(path, depth + 1);
      else if (entry.isFile() && entry.name === 'summary.json') {
        const summary = await readSummary(path);
        if (summary) runs.push({ summary, dir: relative(root, dir), writtenAtMs: (await stat(path)).mtimeMs });
      }
    }
  };
  await visit(root, 0);
  return runs.sort((a, b) => b.writtenAtMs - a.writtenAtMs || a.dir.localeCompare(b.dir));
}

async function readSummary(path: string): Promise<RunSummary | null> {
  try {
    const summary = JSON.parse(await readFile(path, 'utf8')) as RunSummary;
    return typeof summary.scenario === 'string' && typeof summary.passed === 'boolean' ? summary : null;
  } catch {
    return null; // a summary being written or from an older version: not listed
  }
}

/** `reports/index.html`: every run, newest first, with its verdict, headline figures and a link. */
export function renderRunsIndexHtml(runs: readonly IndexedRun[]): string {
  const table = {
    head: ['written', 'scenario', 'variant', 'seed', 'verdict', 'headline figures', 'report'],
    rows: runs.map(({ summary, dir, writtenAtMs }) => ({
      status: summary.passed ? ('pass' as const) : ('fail' as const),
      cells: [
        writtenAt(writtenAtMs),
        summary.scenario,
        summary.variant ?? '—',
        String(summary.seed),
        verdictText(summary),
        (summary.headlines ?? []).slice(0, 2).map(formatHeadline).join('; ') || '—',
        { text: `${dir}/`, href: `./${dir}/report.html` },
      ],
    })),
  };
  const intro = `<p class="subtitle">${runs.length} run(s) under reports/, newest first. Each links to its report.html.</p>`;
  return htmlPage('stacksim runs', `<h1>Runs</h1>\n${intro}\n${htmlTable(table)}`);
}

/** A file's modification time as `2026-12-05 03:04:05` (UTC). */
function writtenAt(mtimeMs: number): string {
  // eslint-disable-next-line no-restricted-syntax -- formats a file's mtime; reads no clock
  return new Date(mtimeMs).toISOString().replace('T', ' ').slice(0, 19);
}

/** Rewrites `<root>/index.html` from every run under `root`. */
export async function writeRunsIndex(root = 'reports'): Promise<string> {
  const path = join(root, 'index.html');
  await writeFileAtomic(path, renderRunsIndexHtml(await collectRuns(root)));
  return path;
}
