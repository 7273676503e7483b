import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { renderBarChartSvg, type BarRow } from '../../report/barChartSvg.js';
import { escapeHtml } from '../../report/escapeHtml.js';
import { formatNumber } from '../../report/formatNumber.js';
import { htmlPage } from '../../report/htmlPage.js';
import { htmlTable } from '../../report/htmlTable.js';
import { markdownTable } from '../../report/markdownTable.js';
import type { Table } from '../../report/table.js';
import { writeFileAtomic } from '../../report/writeFileAtomic.js';
import type { JobHubPerfResult, PerfServerSummary } from './jobHubPerfResult.js';

const serverNames = { ours: 'our hub (sim live jobhub)', floor: 'Node floor (sim live jobhub --floor)', gearmand: 'gearmand --threads=1' } as const;

/** The servers measured, in the report's order. */
function measured(result: JobHubPerfResult): ('ours' | 'floor' | 'gearmand')[] {
  return result.floor ? ['ours', 'floor', 'gearmand'] : ['ours', 'gearmand'];
}

function summaryTable(result: JobHubPerfResult): Table {
  const row = (name: string, summary: PerfServerSummary) => ({
    cells: [
      name,
      formatNumber(summary.jobsPerSec),
      formatNumber(summary.latencyMsP50),
      formatNumber(summary.latencyMsP99),
      formatNumber(summary.serverCpuUsPerJob),
      formatNumber(summary.serverSystemUsPerJob),
      formatNumber(summary.serverCores),
    ],
  });
  return {
    head: ['server', 'jobs/s (median)', 'latency p50 ms', 'latency p99 ms', 'server CPU µs/job', 'of it in the kernel', 'server cores used'],
    rows: measured(result).map((server) => row(serverNames[server], result[server] as PerfServerSummary)),
  };
}

function roundsTable(result: JobHubPerfResult): Table {
  return {
    head: ['round', 'server', 'jobs', 'jobs/s', 'errors', 'p50 ms', 'p99 ms', 'max ms', 'server CPU ms'],
    rows: result.rounds.map((round) => ({
      cells: [
        String(round.round),
        serverNames[round.server],
        formatNumber(round.load.completed),
        formatNumber(round.load.ratePerSec),
        formatNumber(round.load.errors),
        formatNumber(round.load.latencyMs.p50),
        formatNumber(round.load.latencyMs.p99),
        formatNumber(round.load.latencyMs.max),
        formatNumber(round.serverCpuMs),
      ],
    })),
  };
}

function headline(result: JobHubPerfResult): string {
  return `Our hub: ${formatNumber(result.throughputRatio)}× gearmand's jobs per second (aim ≥ 1.0×: ${result.aimMet ? 'met' : 'not met'}).`;
}

function settingsLine(result: JobHubPerfResult): string {
  const s = result.settings;
  const warmup = s.warmupMs === undefined ? '' : ` after ${formatNumber(Number(s.warmupMs) / 1000)} s of unmeasured load on each server`;
  return `${s.rounds} alternating rounds of ${formatNumber(Number(s.durationMs) / 1000)} s${warmup}, server CPU read as each measured window opens and closes; ${s.clients} clients with ${s.outstandingPerClient} foreground jobs in flight each, ${s.workers} workers, ${s.payloadBytes}-byte payloads; ${result.machine.cpus} CPUs, load average ${result.machine.loadAverage1m} at start, Node ${result.machine.node}, ${result.machine.gearmand}. Started ${result.startedAt}.`;
}

function markdown(result: JobHubPerfResult, profileLinks: readonly { text: string; href: string }[]): string {
  return [
    '# Job hub: our live hub against gearmand',
    '',
    `**${headline(result)}**`,
    '',
    settingsLine(result),
    '',
    markdownTable(summaryTable(result)),
    '',
    '## What limits our hub',
    '',
    ...result.limits.map((line) => `- ${line}`),
    '',
    '## Rounds',
    '',
    markdownTable(roundsTable(result)),
    '',
    ...(profileLinks.length > 0 ? ['## Profiles', '', ...profileLinks.map((link) => `- [${link.text}](${link.href})`), ''] : []),
    'Charts: report.html. Data: report.json.',
    '',
  ].join('\n');
}

async function html(result: JobHubPerfResult, profileLinks: readonly { text: string; href: string }[]): Promise<string> {
  const throughputRows: BarRow[] = result.rounds.map((round) => ({ group: `round ${round.round}`, series: serverNames[round.server], value: round.load.ratePerSec }));
  const latencyRows: BarRow[] = measured(result).flatMap((server) => [
    { group: 'p50', series: serverNames[server], value: result[server]?.latencyMsP50 ?? 0 },
    { group: 'p99', series: serverNames[server], value: result[server]?.latencyMsP99 ?? 0 },
  ]);
  const seriesOrder = measured(result).map((server) => serverNames[server]);
  const throughputSvg = await renderBarChartSvg({ title: 'Jobs per second, each round', xLabel: 'round', yLabel: 'jobs/s', series: seriesOrder }, throughputRows);
  const latencySvg = await renderBarChartSvg({ title: 'Submit-to-complete latency (median of rounds)', xLabel: 'percentile', yLabel: 'ms', series: seriesOrder }, latencyRows);
  const body = [
    '<h1>Job hub: our live hub against gearmand</h1>',
    `<p><strong>${escapeHtml(headline(result))}</strong></p>`,
    `<p>${escapeHtml(settingsLine(result))}</p>`,
    htmlTable(summaryTable(result)),
    '<h2>What limits our hub</h2>',
    `<ul>${result.limits.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    `<figure>${throughputSvg}</figure>`,
    `<figure>${latencySvg}</figure>`,
    '<h2>Rounds</h2>',
    htmlTable(roundsTable(result)),
    ...(profileLinks.length > 0
      ? ['<h2>Profiles</h2>', `<ul>${profileLinks.map((link) => `<li><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></li>`).join('')}</ul>`]
      : []),
    '<p>Data: <a href="report.json">report.json</a>.</p>',
  ].join('\n');
  return htmlPage('Job hub perf: ours against gearmand', body);
}

/** Writes report.json, then report.md and report.html rendered from it, each by temp file + rename. */
export async function writeJobHubPerfReport(dir: string, result: JobHubPerfResult, profileLinks: readonly { text: string; href: string }[] = []): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, 'report.json'), `${JSON.stringify({ ...result, profiles: profileLinks }, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'report.md'), markdown(result, profileLinks));
  await writeFileAtomic(join(dir, 'report.html'), await html(result, profileLinks));
}
