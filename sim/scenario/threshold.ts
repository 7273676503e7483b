import type { ExpectationResult, TimeSeries } from '../report/runSummary.js';
import { durationMs, durationPattern } from './durationText.js';
import { compares } from './expectation.js';
import { UsageError } from './usageError.js';

/** Comparisons a threshold may use. */
export type ThresholdOp = '<' | '<=' | '==' | '>=' | '>' | '!=';

/** How a windowed threshold folds the series' sliding-window means into one value. */
export type WindowFold = 'max' | 'min' | 'avg';

/**
 * A k6-style threshold a user writes (`--expect`, a scenario file's `expect:`): a metric of
 * summary.json compared with a number (`http.latencyMs.p99 < 500`, `http.failed.share < 1%`),
 * or a time series folded over sliding windows of simulated time
 * (`max(http.latencyMs.p99 over 10s) < 2000`: the largest mean over any 10 s window).
 */
export type Threshold = (
  | { readonly kind: 'metric'; readonly text: string; readonly metric: string; readonly op: ThresholdOp; readonly value: number }
  | { readonly kind: 'window'; readonly text: string; readonly fold: WindowFold; readonly series: string; readonly windowMs: number; readonly op: ThresholdOp; readonly value: number }
) & {
  /**
   * k6's abortOnFail: the run stops at the first sample where the threshold, on the data
   * so far, is crossed, but not before `delayAbortEvalMs` of simulated time. Null: judged at the end only.
   */
  readonly abort: { readonly delayAbortEvalMs: number } | null;
};

/** The suffix that marks a threshold to abort the run: `abortOnFail`, optionally `delayAbortEval=10s` (k6's names). */
const abortPattern = new RegExp(`^(?<threshold>.*?) abortOnFail(?: delayAbortEval=(?<delay>${durationPattern}))?$`);

const metricName = '[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*';
const op = '<=|>=|==|!=|<|>';
const value = '-?\\d+(?:\\.\\d+)?%?';
/** A word a metric that holds a choice reports (`ndb.outcome == running`), as the scenario's enumerations name it. */
const word = '[A-Za-z][A-Za-z -]*';
const metricPattern = new RegExp(`^(?<metric>${metricName}) (?<op>${op}) (?:(?<value>${value})|(?<word>${word}))$`);
const windowPattern = new RegExp(`^(?<fold>max|min|avg)\\((?<series>${metricName}) over (?<window>${durationPattern})\\) (?<op>${op}) (?<value>${value})$`);

/** The forms, as errors and help show them. */
export const thresholdForms: readonly string[] = [
  'METRIC OP VALUE          e.g. http.latencyMs.p99 < 500, requests.failed.share < 1%',
  'max|min|avg(SERIES over D) OP VALUE   e.g. max(http.latencyMs.p99 over 10s) < 2000',
  'OP is one of < <= == >= > !=; a VALUE with % is divided by 100',
  'a metric that holds a choice takes its word with == or !=, e.g. ndb.outcome == running',
  "either followed by 'abortOnFail' [delayAbortEval=D]: stop the run once it is crossed",
];

/** The words of each metric that holds a choice, by metric (a scenario's `enumerations`). */
export type MetricWords = Readonly<Record<string, readonly string[]>>;

/**
 * Parses one threshold; anything else is a UsageError naming it and the forms. A word value
 * (`ndb.outcome == running`) becomes the index the metric reports for it, looked up in
 * `words`; a metric without words, or a word it does not have, is a UsageError naming them.
 */
export function parseThreshold(raw: string, words: MetricWords = {}): Threshold {
  const text = raw.trim().replace(/\s+/g, ' ').replace(/\s*(<=|>=|==|!=|<|>)\s*/, ' $1 ');
  if (text.length > 300) throw new UsageError(`threshold is ${text.length} characters long; at most 300 are allowed`);
  const aborting = abortPattern.exec(text)?.groups;
  const condition = aborting ? aborting.threshold! : text;
  const abort = aborting ? { delayAbortEvalMs: aborting.delay === undefined ? 0 : durationMs(aborting.delay) } : null;
  const windowed = windowPattern.exec(condition)?.groups;
  if (windowed) {
    const windowMs = durationMs(windowed.window!);
    if (windowMs <= 0) throw new UsageError(`threshold "${text}": the window must be longer than 0`);
    return { kind: 'window', text, fold: windowed.fold as WindowFold, series: windowed.series!, windowMs, op: windowed.op as ThresholdOp, value: numberOf(windowed.value!), abort };
  }
  const plain = metricPattern.exec(condition)?.groups;
  if (plain) {
    const threshold = plain.word === undefined ? numberOf(plain.value!) : wordIndex(text, plain.metric!, plain.op!, plain.word, words);
    return { kind: 'metric', text, metric: plain.metric!, op: plain.op as ThresholdOp, value: threshold, abort };
  }
  throw new UsageError(`bad threshold ${JSON.stringify(text.slice(0, 120))}: expected\n  ${thresholdForms.join('\n  ')}`);
}

/**
 * A threshold's value on the data so far, during the run (for abortOnFail): null while the
 * metric is not reported yet or the series is shorter than one window.
 */
export function runningValue(threshold: Threshold, metrics: Readonly<Record<string, number | null>>, series: TimeSeries): number | null {
  if (threshold.kind === 'metric') return metrics[threshold.metric] ?? null;
  return series.series[threshold.series] ? windowValue(threshold, series) : null;
}

/** Whether a value fails its threshold (a value not there yet fails nothing). */
export function crosses(threshold: Threshold, value: number | null): boolean {
  return value !== null && !compares(value, threshold.op, threshold.value);
}

/** The number a metric reports for `word`: its index among the metric's words. */
function wordIndex(text: string, metric: string, op: string, word: string, words: MetricWords): number {
  const choices = words[metric];
  if (!choices) throw new UsageError(`threshold "${text}": ${metric} is a number, not one of a set of words; compare it with a number`);
  if (op !== '==' && op !== '!=') throw new UsageError(`threshold "${text}": a word compares with == or !=, not ${op}`);
  const index = choices.indexOf(word.trim());
  if (index < 0) throw new UsageError(`threshold "${text}": ${metric} is one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`);
  return index;
}

function numberOf(text: string): number {
  return text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
}

/**
 * Each threshold as a named expectation with its value. A metric or series the run does
 * not have is a UsageError naming it and a few that exist, so a typo is not a silent pass.
 */
export function evaluateThresholds(thresholds: readonly Threshold[], metrics: Readonly<Record<string, number | null>>, series: TimeSeries): ExpectationResult[] {
  return thresholds.map((threshold) => {
    const value = threshold.kind === 'metric' ? metricValue(threshold.metric, metrics) : windowValue(threshold, series);
    return { name: threshold.text, metric: threshold.kind === 'metric' ? threshold.metric : threshold.series, op: threshold.op, threshold: threshold.value, value, passed: value !== null && compares(value, threshold.op, threshold.value) };
  });
}

function metricValue(name: string, metrics: Readonly<Record<string, number | null>>): number | null {
  if (Object.hasOwn(metrics, name)) return metrics[name]!;
  throw new UsageError(`threshold names metric ${JSON.stringify(name)}, which this run does not report; it reports ${nearest(name, Object.keys(metrics))}`);
}

/** The series' means over every window of `windowMs` (sliding one sample at a time), folded. */
function windowValue(threshold: Extract<Threshold, { kind: 'window' }>, series: TimeSeries): number | null {
  const samples = series.series[threshold.series];
  if (!samples) throw new UsageError(`threshold names series ${JSON.stringify(threshold.series)}, which this run does not record; it records ${nearest(threshold.series, Object.keys(series.series))}`);
  const width = Math.max(1, Math.round(threshold.windowMs / series.intervalMs));
  if (samples.length < width) return null;
  const means: number[] = [];
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    sum += samples[i]!;
    if (i >= width) sum -= samples[i - width]!;
    if (i >= width - 1) means.push(sum / width);
  }
  if (threshold.fold === 'max') return Math.max(...means);
  if (threshold.fold === 'min') return Math.min(...means);
  return means.reduce((a, b) => a + b, 0) / means.length;
}


/** Up to eight names that share the most leading characters with `name`, for an error message. */
function nearest(name: string, names: readonly string[]): string {
  const shared = (other: string): number => {
    let i = 0;
    while (i < name.length && name[i] === other[i]) i++;
    return i;
  };
  const best = [...names].sort((a, b) => shared(b) - shared(a) || a.localeCompare(b)).slice(0, 8);
  return best.length === 0 ? 'none' : `${best.join(', ')}${names.length > best.length ? ', …' : ''}`;
}
