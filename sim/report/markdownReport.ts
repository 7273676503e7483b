import { chartAnchor } from './chartAnchor.js';
import { formatNumber } from './formatNumber.js';
import { markdownCodeBlock } from './markdownCodeBlock.js';
import { markdownTable } from './markdownTable.js';
import type { RunResult, RunSummary } from './runSummary.js';
import { summaryTables } from './summaryTables.js';
import { runTitle } from './runTitle.js';
import { verdictText } from './verdictText.js';

/**
 * `report.md` of one run: every section of `summary.json` as prose and tables, with the
 * charts left to `report.html` (markdown cannot hold them self-contained).
 */
export function renderMarkdown(result: RunResult): string {
  const s = result.summary;
  const tables = summaryTables(s);
  const sections = [
    `# ${runTitle(s)}\n\n${s.title}\n\n**${verdictText(s)}**`,
    `## Findings\n\n${bullets(s.findings)}`,
    `## Charts\n\nIn \`report.html\`:\n\n${bullets(s.charts.map((c) => `[${c.title}](report.html#${chartAnchor(c.id)})`))}`,
    `## Expectations\n\n${markdownTable(tables.expectations)}`,
    ['## Invariants', markdownTable(tables.invariants), ...violationTraces(s)].join('\n\n'),
    `## Metrics\n\n${markdownTable(tables.metrics)}`,
    `## Parameters\n\n${markdownTable(tables.parameters)}`,
    `## Run\n\n${markdownTable(tables.run)}\n\nReplay:\n\n${markdownCodeBlock(s.replay, 'sh')}`,
  ];
  return `${sections.join('\n\n')}\n`;
}

function bullets(items: readonly string[]): string {
  if (items.length === 0) return '_None._';
  return items.map((item) => `- ${item.replace(/\r?\n/g, ' ')}`).join('\n');
}

/** For each broken invariant, the trace events that led to its first violation. */
function violationTraces(s: RunSummary): string[] {
  return s.invariants.flatMap((inv) => {
    if (inv.first === null) return [];
    const intro = `Events before **${inv.name}** broke at ${formatNumber(inv.first.atMs)} ms:`;
    return [`${intro}\n\n${markdownCodeBlock(inv.first.recentEvents.join('\n'))}`];
  });
}
