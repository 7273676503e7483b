import type fc from 'fast-check';
import type { TraceLog } from '../../kernel/traceLog.js';
import type { GrabEvent } from '../../contract/grabHistory.js';
import type { GrabMode, GrabModelName } from './replayToken.js';

/** One run of a case: the history for the checker and what proves the run's identity. */
export interface GrabRunResult {
  readonly history: readonly GrabEvent[];
  readonly traceHash: string;
  readonly events: number;
  readonly simulatedMs: number;
}

/**
 * A system the grab property can be checked on: how to generate its cases, run one on the
 * simulator, and print it. `T` is the model's own case type (plain data fast-check shrinks).
 */
export interface GrabModel<T> {
  readonly name: GrabModelName;
  readonly modes: readonly GrabMode[];
  arbitrary(): fc.Arbitrary<T>;
  run(testCase: T, mode: GrabMode, traceLog?: TraceLog): GrabRunResult;
  /** Whether the case injects faults (the checker's no-fault rules apply when it does not). */
  faults(testCase: T): boolean;
  format(testCase: T): string;
}
