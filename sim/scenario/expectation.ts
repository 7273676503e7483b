import type { ExpectationResult } from '../report/runSummary.js';

/** Comparisons a k6-style threshold may use. `~` is "within tolerancePct of threshold". */
export type ExpectationOp = '<' | '<=' | '==' | '>=' | '>' | '!=' | '~' | 'null';

/**
 * A named check on one metric, decided from the scenario's parameters before the run:
 * what the rules predict, not what the run happened to produce.
 */
export interface Expectation {
  readonly name: string;
  readonly metric: string;
  readonly op: ExpectationOp;
  /** Ignored for `null` (the metric must be null: the thing never happened). */
  readonly threshold: number | null;
  /** For `~`: allowed relative difference, in percent of the threshold. */
  readonly tolerancePct?: number;
}

/** Whether `value op threshold` holds for one of the plain comparisons. */
export function compares(value: number, op: '<' | '<=' | '==' | '>=' | '>' | '!=', threshold: number): boolean {
  switch (op) {
    case '<': return value < threshold;
    case '<=': return value <= threshold;
    case '==': return value === threshold;
    case '>=': return value >= threshold;
    case '>': return value > threshold;
    case '!=': return value !== threshold;
  }
}

function holds(op: ExpectationOp, value: number | null, threshold: number | null, tolerancePct: number): boolean {
  if (op === 'null') return value === null;
  if (value === null || threshold === null) return false;
  if (op === '~') return Math.abs(value - threshold) <= (Math.abs(threshold) * tolerancePct) / 100;
  return compares(value, op, threshold);
}

/** Checks each expectation against the final metrics. A metric that does not exist fails. */
export function evaluateExpectations(
  expectations: readonly Expectation[], metrics: Readonly<Record<string, number | null>>,
): ExpectationResult[] {
  return expectations.map((expectation) => {
    const value = metrics[expectation.metric];
    if (value === undefined) {
      throw new Error(`expectation "${expectation.name}" reads metric "${expectation.metric}", which the scenario never reports`);
    }
    const tolerancePct = expectation.tolerancePct ?? 0;
    const op = expectation.op === '~' ? `≈ ±${tolerancePct}%` : expectation.op === 'null' ? 'is null' : expectation.op;
    return {
      name: expectation.name,
      metric: expectation.metric,
      op,
      threshold: expectation.op === 'null' ? null : expectation.threshold,
      value,
      passed: holds(expectation.op, value, expectation.threshold, tolerancePct),
    };
  });
}
