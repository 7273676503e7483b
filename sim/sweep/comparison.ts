import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSummary } from '../report/runSummary.js';
import { UsageError } from '../scenario/usageError.js';
import { differsBeyondNoise, distributionOf } from './distribution.js';
import { asSweepFile, readJson, type SweepFile } from './sweepFile.js';

/** One side of a comparison: a run folder's summary.json or a sweep's sweep.json. */
export type Compared =
  | { readonly kind: 'run'; readonly path: string; readonly summary: RunSummary }
  | { readonly kind: 'sweep'; readonly path: string; readonly sweep: SweepFile };

/** How one metric moved. For sweeps the values are means over the runs, with the KS verdict. */
export interface MetricChange {
  readonly metric: string;
  readonly before: number | null;
  readonly after: number | null;
  /** (after - before) / |before| in percent; null when either is missing or before is 0 and after is not. */
  readonly changePercent: number | null;
  /** Sweeps only: whether the two distributions differ beyond noise (two-sample KS test, 5 %). */
  readonly differsBeyondNoise: boolean | null;
}

/** How one expectation's verdict moved: passed (runs) or runs failed (sweeps). */
export interface ExpectationChange {
  readonly name: string;
  readonly before: string;
  readonly after: string;
  readonly regressed: boolean;
}

/** A regression threshold: the metric may not move up (or down) by more than this percent. */
export interface ChangeLimit {
  readonly metric: string;
  readonly direction: 'increase' | 'decrease';
  readonly percent: number;
}

/** What `sim compare` prints and writes. */
export interface Comparison {
  readonly kind: 'runs' | 'sweeps';
  readonly before: SideInfo;
  readonly after: SideInfo;
  /** Parameters (runs) or `--set` values (sweeps) that differ. */
  readonly paramsChanged: readonly { readonly name: string; readonly before: string; readonly after: string }[];
  readonly metrics: readonly MetricChange[];
  readonly expectations: readonly ExpectationChange[];
  /** Every declared threshold crossed and every expectation that regressed; non-empty fails the comparison. */
  readonly regressions: readonly string[];
}

interface SideInfo {
  readonly path: string;
  readonly scenario: string;
  readonly commit: string | null;
  readonly verdict: string;
}

/** Loads a run folder, a sweep folder, or either JSON file; a UsageError for anything else. */
export async function loadCompared(path: string): Promise<Compared> {
  const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
  const sweepInDir = isDir && (await stat(join(path, 'sweep.json')).then(() => true, () => false));
  const value = await readJson(path, sweepInDir ? 'sweep.json' : 'summary.json');
  if ((value as { format?: string } | null)?.format === 'stacksim-sweep/1') return { kind: 'sweep', path, sweep: asSweepFile(value, path) };
  const summary = value as Partial<RunSummary> | null;
  if (!summary || typeof summary.traceHash !== 'string' || typeof summary.metrics !== 'object') {
    throw new UsageError(`${path} is neither a run (summary.json) nor a sweep (sweep.json)`);
  }
  return { kind: 'run', path, summary: summary as RunSummary };
}

/** Compares two runs or two sweeps; `limits` are the regression thresholds. */
export function compare(before: Compared, after: Compared, limits: readonly ChangeLimit[]): Comparison {
  if (before.kind !== after.kind) throw new UsageError(`cannot compare a ${before.kind} with a ${after.kind}: give two runs or two sweeps`);
  const base = before.kind === 'run' && after.kind === 'run' ? compareRuns(before, after)
    : compareSweeps(before as Extract<Compared, { kind: 'sweep' }>, after as Extract<Compared, { kind: 'sweep' }>);
  const crossed = limits.flatMap((limit) => crossedLimit(limit, base.metrics));
  const regressed = base.expectations.filter((e) => e.regressed).map((e) => `expectation "${e.name}" regressed: ${e.before} → ${e.after}`);
  return { ...base, regressions: [...crossed, ...regressed] };
}

function compareRuns(before: Extract<Compared, { kind: 'run' }>, after: Extract<Compared, { kind: 'run' }>): Omit<Comparison, 'regressions'> {
  const a = before.summary;
  const b = after.summary;
  const metrics = unionKeys(a.metrics, b.metrics).map((metric) => change(metric, a.metrics[metric] ?? null, b.metrics[metric] ?? null, null));
  const verdicts = (s: RunSummary): Record<string, string> => Object.fromEntries(s.expectations.map((e) => [e.name, e.passed ? 'passed' : 'failed']));
  const [va, vb] = [verdicts(a), verdicts(b)];
  const expectations = unionKeys(va, vb).map((name) => {
    const [x, y] = [va[name] ?? 'absent', vb[name] ?? 'absent'];
    return { name, before: x, after: y, regressed: x === 'passed' && y === 'failed' };
  });
  return {
    kind: 'runs',
    before: { path: before.path, scenario: a.scenario, commit: a.commit ?? null, verdict: `${a.passed ? 'passed' : 'failed'} (seed ${a.seed})` },
    after: { path: after.path, scenario: b.scenario, commit: b.commit ?? null, verdict: `${b.passed ? 'passed' : 'failed'} (seed ${b.seed})` },
    paramsChanged: changedValues({ ...a.params, seed: a.seed, profile: a.profile }, { ...b.params, seed: b.seed, profile: b.profile }),
    metrics,
    expectations,
  };
}

function compareSweeps(before: Extract<Compared, { kind: 'sweep' }>, after: Extract<Compared, { kind: 'sweep' }>): Omit<Comparison, 'regressions'> {
  const a = before.sweep;
  const b = after.sweep;
  const values = (s: SweepFile, metric: string): (number | null)[] => s.runs.map((r) => r.metrics[metric] ?? null);
  const present = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
  const names = [...new Set([...a.runs, ...b.runs].flatMap((r) => Object.keys(r.metrics)))].sort();
  const metrics = names.map((metric) => {
    const [xa, xb] = [values(a, metric), values(b, metric)];
    const ks = differsBeyondNoise(present(xa), present(xb));
    return change(metric, distributionOf(xa)?.mean ?? null, distributionOf(xb)?.mean ?? null, ks.differs);
  });
  const failed = (s: SweepFile): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const run of s.runs) for (const name of run.failedExpectations) counts[name] = (counts[name] ?? 0) + 1;
    return counts;
  };
  const [fa, fb] = [failed(a), failed(b)];
  const expectations = unionKeys(fa, fb).map((name) => ({
    name, before: `failed in ${fa[name] ?? 0} of ${a.runs.length} runs`, after: `failed in ${fb[name] ?? 0} of ${b.runs.length} runs`,
    regressed: (fa[name] ?? 0) === 0 && (fb[name] ?? 0) > 0,
  }));
  const side = (c: Extract<Compared, { kind: 'sweep' }>): SideInfo => ({
    path: c.path, scenario: c.sweep.scenario, commit: c.sweep.commit,
    verdict: `${c.sweep.runs.filter((r) => r.passed).length} of ${c.sweep.runs.length} runs passed`,
  });
  return {
    kind: 'sweeps', before: side(before), after: side(after),
    paramsChanged: changedValues({ ...a.set, profile: a.profile }, { ...b.set, profile: b.profile }),
    metrics, expectations,
  };
}

function change(metric: string, before: number | null, after: number | null, differs: boolean | null): MetricChange {
  let changePercent: number | null = null;
  if (before !== null && after !== null) changePercent = before === 0 ? (after === 0 ? 0 : null) : ((after - before) / Math.abs(before)) * 100;
  return { metric, before, after, changePercent, differsBeyondNoise: differs };
}

function crossedLimit(limit: ChangeLimit, metrics: readonly MetricChange[]): string[] {
  const found = metrics.find((m) => m.metric === limit.metric);
  if (!found) throw new UsageError(`--max-${limit.direction} names metric "${limit.metric}", which neither side has`);
  if (found.before === null || found.after === null) return [];
  const delta = limit.direction === 'increase' ? found.after - found.before : found.before - found.after;
  const allowed = (Math.abs(found.before) * limit.percent) / 100;
  if (delta <= allowed) return [];
  const moved = found.changePercent === null ? `${found.before} → ${found.after}` : `${found.changePercent.toFixed(1)} %`;
  return [`${limit.metric} ${limit.direction}d by ${moved} (limit ${limit.percent} %)`];
}

function unionKeys(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

function changedValues(a: Record<string, unknown>, b: Record<string, unknown>): Comparison['paramsChanged'] {
  return unionKeys(a, b)
    .filter((name) => String(a[name]) !== String(b[name]))
    .map((name) => ({ name, before: a[name] === undefined ? '(default)' : String(a[name]), after: b[name] === undefined ? '(default)' : String(b[name]) }));
}
