import { escapeHtml } from './escapeHtml.js';
import { htmlPage } from './htmlPage.js';
import type { RunSummary } from './runSummary.js';
import { verdictText } from './verdictText.js';

/** One scenario's runs in `npm start`: where its side-by-side page is, and each run's summary. */
export interface StartGroup {
  readonly scenario: string;
  readonly title: string;
  /** Relative link to the group's side-by-side page. */
  readonly link: string;
  readonly runs: readonly { readonly label: string; readonly link: string; readonly summary: RunSummary }[];
}

/** The front page of `reports/start/`: each scenario, its runs, their verdicts and findings. */
export function renderStartIndexMarkdown(groups: readonly StartGroup[]): string {
  const lines = ['# Default incident scenarios', ''];
  for (const group of groups) {
    lines.push(`## ${group.scenario}`, '', group.title, '', `Side by side: [${group.link}](${group.link})`, '');
    for (const run of group.runs) {
      lines.push(`- **${run.label}** — ${verdictText(run.summary)} — [report](${run.link})`);
      for (const finding of run.summary.findings) lines.push(`  - ${finding.replace(/\n/g, ' ')}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function renderStartIndexHtml(groups: readonly StartGroup[]): string {
  const sections = groups.map((group) => {
    const runs = group.runs.map((run) => {
      const findings = run.summary.findings.map((finding) => `<li>${escapeHtml(finding)}</li>`).join('');
      const verdictClass = run.summary.passed ? 'pass' : 'fail';
      return `<h3><a href="${escapeHtml(run.link)}">${escapeHtml(run.label)}</a> <span class="verdict ${verdictClass}">${escapeHtml(verdictText(run.summary))}</span></h3><ul>${findings}</ul>`;
    });
    return `<h2>${escapeHtml(group.scenario)}</h2><p class="subtitle">${escapeHtml(group.title)} — <a href="${escapeHtml(group.link)}">side by side</a></p>${runs.join('')}`;
  });
  return htmlPage('Default incident scenarios', `<h1>Default incident scenarios</h1>${sections.join('')}`);
}
