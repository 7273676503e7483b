import { escapeHtml } from '../report/escapeHtml.js';
import { formatNumber } from '../report/formatNumber.js';
import { htmlPage } from '../report/htmlPage.js';
import { htmlTable } from '../report/htmlTable.js';
import { markdownTable } from '../report/markdownTable.js';
import type { Table } from '../report/table.js';
import type { Distribution, Histogram } from './distribution.js';
import { formatSeedRange } from './seedRange.js';
import type { SweepAnalysis } from './sweepAnalysis.js';
import type { SweepFile } from './sweepFile.js';

/** A part of the report: a heading, sentences, then a table or a block of lines. */
interface Section {
  readonly heading: string;
  readonly lines: readonly string[];
  readonly table?: Table;
}

/** Failing seeds listed with their replay command at most; the rest are counted. */
const failingRowsMax = 200;

/** `report.md` of a sweep: verdict, failing seeds first, then every distribution, expectation, machine and assertion. */
export function renderSweepMarkdown(file: SweepFile, analysis: SweepAnalysis): string {
  const parts = [`# ${title(file)}`, verdictLine(analysis), ...headerLines(file)];
  for (const section of sections(analysis)) {
    parts.push(`## ${section.heading}`, ...section.lines);
    if (section.table) parts.push(markdownTable(section.table));
  }
  return `${parts.join('\n\n')}\n`;
}

/** `report.html`: the same sections as the markdown, self-contained. */
export function renderSweepHtml(file: SweepFile, analysis: SweepAnalysis): string {
  const verdictClass = analysis.passed ? 'pass' : 'fail';
  const body = [`<h1>${escapeHtml(title(file))}</h1>`, `<p class="verdict ${verdictClass}">${escapeHtml(verdictLine(analysis))}</p>`];
  body.push(...headerLines(file).map((line) => `<p class="subtitle">${escapeHtml(line)}</p>`));
  for (const section of sections(analysis)) {
    body.push(`<h2>${escapeHtml(section.heading)}</h2>`, ...section.lines.map((line) => `<p>${escapeHtml(line)}</p>`));
    if (section.table) body.push(htmlTable(section.table));
  }
  return htmlPage(title(file), body.join('\n'));
}

function title(file: SweepFile): string {
  const shard = file.shard ? ` (shard ${file.shard.index}/${file.shard.count})` : '';
  return `Sweep of ${file.scenario}, seeds ${formatSeedRange(file.seeds)}${shard}`;
}

/** The verdict in one line, as the CLI prints it too. */
export function verdictLine(analysis: SweepAnalysis): string {
  const verdict = analysis.passed ? 'PASSED' : 'FAILED';
  const liveness = analysis.livenessFailures.length;
  return `${verdict}: ${analysis.runsPassed} of ${analysis.runs} runs passed, ${analysis.failingSeeds.length} failed` +
    (liveness > 0 ? ` (${liveness} by liveness: did not converge after the last fault healed)` : '') +
    (analysis.sweepFailures.length > 0 ? `; ${analysis.sweepFailures.join('; ')}` : '');
}

function headerLines(file: SweepFile): string[] {
  const sets = Object.entries(file.set).map(([key, value]) => `--set ${key}=${value}`).join(' ');
  return [
    `Profile ${file.profile}${sets ? `, ${sets}` : ''}; commit ${file.commit ?? 'unknown (not a git checkout)'}.`,
    `${file.stop.message[0]!.toUpperCase()}${file.stop.message.slice(1)}.`,
    ...(file.swarm ? ['Swarm: each seed drew the parameters not set and a fault schedule; a failing seed shows its draw, and its replay draws it again.'] : []),
  ];
}

function sections(analysis: SweepAnalysis): Section[] {
  return [failingSection(analysis), passingSection(analysis), livenessSection(analysis), expectationsSection(analysis), metricsSection(analysis),
    ...coverageSections(analysis), assertionsSection(analysis)];
}

function failingSection(analysis: SweepAnalysis): Section {
  const shown = analysis.failingSeeds.slice(0, failingRowsMax);
  const more = analysis.failingSeeds.length - shown.length;
  return {
    heading: 'Failing seeds',
    lines: more > 0 ? [`The first ${shown.length} of ${analysis.failingSeeds.length}; sweep.json lists them all.`] : [],
    table: {
      head: ['seed', 'why', 'replay'],
      rows: shown.map((f) => ({ cells: [String(f.seed), [...f.failures, ...drawnText(f)].join('; '), f.replay], status: 'fail' as const })),
    },
  };
}

/** A swarm seed's draw, in the words `--set` and `--fault` take. */
function drawnText(failing: SweepAnalysis['failingSeeds'][number]): string[] {
  if (!failing.swarm) return [];
  const params = Object.entries(failing.swarm.params).map(([name, value]) => `${name}=${String(value)}`).join(' ');
  return [`drew ${params || 'no parameters'}; faults: ${failing.swarm.faults.join(', ') || 'none'}`];
}

/** Liveness apart from safety: seeds whose system never converged after the faults healed. */
function livenessSection(analysis: SweepAnalysis): Section {
  const seeds = analysis.livenessFailures;
  return {
    heading: 'Liveness after faults',
    lines: [seeds.length === 0
      ? 'No run failed its quiet phase: every run with faults and a declared quiet phase converged in time, or was not judged.'
      : `${seeds.length} run(s) did not converge within the quiet phase after their last fault healed (liveness, not safety): seeds ${seedRuns(seeds)}.`],
  };
}

function passingSection(analysis: SweepAnalysis): Section {
  const failing = new Set(analysis.failingSeeds.map((f) => f.seed));
  const seeds = analysis.runSeeds.filter((seed) => !failing.has(seed));
  return { heading: 'Passing seeds', lines: [seeds.length > 0 ? seedRuns(seeds) : '_None._'] };
}

/** `1..57, 59, 61..200`: sorted seeds as runs of consecutive ones. */
function seedRuns(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(formatSeedRange({ first: seeds[i]!, last: seeds[j]! }));
    i = j + 1;
  }
  return parts.join(', ');
}

function expectationsSection(analysis: SweepAnalysis): Section {
  return {
    heading: 'Expectations that failed',
    lines: [],
    table: { head: ['expectation', 'runs failed', 'share'], rows: analysis.expectationFailures.map((e) => ({
      cells: [e.name, String(e.runs), `${formatNumber((100 * e.runs) / analysis.runs)} %`], status: 'fail' as const,
    })) },
  };
}

function metricsSection(analysis: SweepAnalysis): Section {
  const rows = Object.entries(analysis.metrics).map(([name, d]) => ({ cells: d ? distributionCells(name, d) : [name, '0', '', '', '', '', '', ''] }));
  return {
    heading: 'Metrics across seeds',
    lines: ['Exact nearest-rank percentiles over the runs; the histogram has equal-width bins from min to max.'],
    table: { head: ['metric', 'runs', 'min', 'p50', 'p90', 'p99', 'max', 'histogram'], rows },
  };
}

function distributionCells(name: string, d: Distribution): string[] {
  const values = [d.min, d.p50, d.p90, d.p99, d.max].map(formatNumber);
  return [name, String(d.count), ...values, sparkline(d.histogram)];
}

const blocks = '▁▂▃▄▅▆▇█';

/** A histogram as block characters, one per bin, scaled to the fullest bin. */
export function sparkline(histogram: Histogram): string {
  const top = Math.max(...histogram.counts);
  return histogram.counts.map((n) => (n === 0 ? '·' : blocks[Math.min(7, Math.floor((n / top) * 7.999))])).join('');
}

function coverageSections(analysis: SweepAnalysis): Section[] {
  const { machines, machinesNeverStarted, machinesNotInCatalog } = analysis.coverage;
  const summary: Section = {
    heading: 'Machine coverage',
    lines: [
      'States entered and transitions taken, summed over every run, against each machine\'s full definition.',
      machinesNeverStarted.length > 0 ? `Machines no run started: ${machinesNeverStarted.join(', ')}.` : 'Every machine of the catalog ran.',
      ...(machinesNotInCatalog.length > 0 ? [`Ran without a definition in the machine catalog (not measured): ${machinesNotInCatalog.join(', ')}.`] : []),
    ],
    table: { head: ['machine', 'states entered', 'transitions taken'], rows: machines.map((m) => ({
      cells: [m.machine, `${m.statesEntered} of ${m.statesTotal}`, `${m.transitionsTaken} of ${m.transitionsTotal}`],
    })) },
  };
  const never: Section = {
    heading: 'Never reached',
    lines: [],
    table: { head: ['machine', 'kind', 'state or transition'], rows: machines.flatMap((m) => [
      ...m.statesNeverEntered.map((s) => ({ cells: [m.machine, 'state', s] })),
      ...m.transitionsNeverTaken.map((t) => ({ cells: [m.machine, 'transition', t] })),
    ]) },
  };
  return [summary, never];
}

function assertionsSection(analysis: SweepAnalysis): Section {
  return {
    heading: 'Sometimes and reachable assertions',
    lines: ['Every assertion declared by the scenario or by a machine that ran, with the runs that saw it: a sometimes or reachable point no run saw fails the sweep; an unreachable point seen fails its runs.'],
    table: { head: ['kind', 'assertion', 'runs that saw it', 'verdict'], rows: analysis.assertions.map(({ assertion, runs }) => {
      const ok = assertion.kind === 'unreachable' ? runs === 0 : runs > 0;
      return { cells: [assertion.kind, assertion.id, String(runs), ok ? 'ok' : 'FAIL'], status: ok ? 'pass' as const : 'fail' as const };
    }) },
  };
}
