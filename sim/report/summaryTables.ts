import { byCodeUnit } from './byCodeUnit.js';
import { formatNumber, MISSING } from './formatNumber.js';
import { formatParam } from './formatParam.js';
import type { RunSummary } from './runSummary.js';
import type { Table } from './table.js';

export interface SummaryTables {
  readonly expectations: Table;
  readonly invariants: Table;
  readonly metrics: Table;
  readonly parameters: Table;
  readonly run: Table;
}

/**
 * The tables of a run report as formatted text. Markdown and HTML both render these, so
 * the two reports cannot disagree about what a cell says; they differ only in markup.
 */
export function summaryTables(s: RunSummary): SummaryTables {
  return {
    expectations: expectationsTable(s),
    invariants: invariantsTable(s),
    metrics: {
      head: ['metric', 'value'],
      rows: Object.entries(s.metrics)
        .sort(([a], [b]) => byCodeUnit(a, b))
        .map(([name, value]) => ({ cells: [name, metricText(s, name, value)] })),
    },
    parameters: {
      head: ['parameter', 'value'],
      rows: Object.entries(s.params).map(([name, value]) => ({ cells: [name, formatParam(value)] })),
    },
    run: runTable(s),
  };
}

function expectationsTable(s: RunSummary): Table {
  return {
    head: ['expectation', 'metric', 'value', 'check', 'ok'],
    rows: s.expectations.map((e) => ({
      cells: [e.name, e.metric, formatNumber(e.value), `${e.op} ${formatNumber(e.threshold)}`, e.passed ? '✓' : '✗'],
      status: e.passed ? 'pass' : 'fail',
    })),
  };
}

function invariantsTable(s: RunSummary): Table {
  return {
    head: ['invariant', 'violations', 'first at', 'first violation'],
    rows: s.invariants.map((inv) => ({
      cells: [
        inv.name,
        String(inv.violations),
        inv.first ? `${formatNumber(inv.first.atMs)} ms` : MISSING,
        inv.first?.message ?? MISSING,
      ],
      status: inv.violations > 0 ? 'fail' : 'pass',
    })),
  };
}

function runTable(s: RunSummary): Table {
  const rows: [string, string][] = [
    ['profile', s.profile],
    ['simulatedMs', formatNumber(s.simulatedMs)],
    ['wallMs', formatNumber(s.wallMs)],
    ['events', formatNumber(s.events)],
    ['traceHash', s.traceHash],
    ['stopReason', s.stopReason],
  ];
  return { head: ['field', 'value'], rows: rows.map((cells) => ({ cells })) };
}

/** Metrics that are a share of a whole (0–1), by the last part of their id. */
const sharePattern = /(?:^|\.)(?:availability|share|[a-zA-Z]*(?:Share|Ratio|Fraction))$/;

/**
 * A metric's value for a table: the word for an enumeration (`running (1)`), a share as a
 * percentage (`97.5 % (0.975)`), else the number as formatNumber writes it. The raw value
 * stays in brackets, as summary.json has it, for a grep or a threshold to find.
 */
export function metricText(s: RunSummary, name: string, value: number | null): string {
  if (value === null) return formatNumber(value);
  const word = s.enumerations?.[name]?.[value];
  if (word !== undefined) return `${word} (${value})`;
  if (sharePattern.test(name)) return `${(value * 100).toFixed(1)} % (${formatNumber(value)})`;
  return formatNumber(value);
}
