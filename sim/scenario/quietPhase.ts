import { z } from 'zod';
import type { LivenessResult } from '../report/runSummary.js';
import { type Fault, faultEndMs } from './fault.js';

/**
 * A quiet phase: after the last fault heals no fault follows, and the system must converge
 * (the scenario's predicate, `BuiltScenario.converged`) within `convergeWithinMs` of
 * simulated time. FoundationDB's simulated tests end the same way: faults stop, then the
 * test waits for the cluster to be quiet (`fdbserver/QuietDatabase.actor.cpp`: data
 * distribution idle, queues drained) and fails if it is not within a timeout.
 */
export interface QuietPhase {
  readonly convergeWithinMs: number;
}

/** The quiet phase as a scenario file writes it. */
export const quietPhaseSchema = z.strictObject({
  convergeWithinMs: z.int().positive().max(86_400_000).describe('after the last fault heals, the system must converge within this many simulated ms'),
});

/**
 * When the faults are over: the latest heal of a fault that ends, or the moment of a
 * one-off fault (`kill`, `restart`: what follows is the system's own recovery). Null when
 * a fault lasts to the end (no heal), so no quiet phase can start; undefined without faults.
 */
export function lastFaultHealedMs(faults: readonly Fault[]): number | null | undefined {
  if (faults.length === 0) return undefined;
  let lastMs = 0;
  for (const fault of faults) {
    const endMs = faultEndMs(fault);
    if (endMs === null && fault.kind !== 'kill' && fault.kind !== 'restart') return null;
    lastMs = Math.max(lastMs, endMs ?? fault.atMs);
  }
  return lastMs;
}

/** Watches the predicate from the heal on, at samples; then gives the verdict. */
export class QuietPhaseWatch {
  private convergedAtMs: number | null = null;
  private lastReason: string | null = null;

  constructor(
    private readonly phase: QuietPhase,
    private readonly healedMs: number | null,
    private readonly converged: ((healedMs: number) => string | null) | undefined,
  ) {}

  /** At a sample at `atMs` of the kernel clock (so convergence is seen to the sample interval): has the system converged yet? */
  sample(atMs: number): void {
    if (this.healedMs === null || this.convergedAtMs !== null || atMs < this.healedMs || !this.converged) return;
    const reason = this.converged(this.healedMs);
    if (reason === null) this.convergedAtMs = atMs;
    else this.lastReason = reason;
  }

  /** The verdict once the run stopped at `endMs`. */
  result(endMs: number): LivenessResult {
    const { convergeWithinMs } = this.phase;
    const base = { convergeWithinMs, lastFaultHealedMs: this.healedMs, convergedAtMs: this.convergedAtMs };
    if (this.healedMs === null) {
      return { ...base, passed: true, message: 'liveness: not checked, a fault lasts to the end of the run (no heal, so no quiet phase)' };
    }
    if (!this.converged) return { ...base, passed: true, message: 'liveness: not checked, the scenario states no convergence predicate for these parameters' };
    const healed = seconds(this.healedMs);
    if (this.convergedAtMs !== null && this.convergedAtMs - this.healedMs <= convergeWithinMs) {
      return { ...base, passed: true, message: `liveness: converged at ${seconds(this.convergedAtMs)}, ${seconds(this.convergedAtMs - this.healedMs)} after the last fault healed at ${healed}` };
    }
    if (this.convergedAtMs === null && endMs < this.healedMs + convergeWithinMs) {
      return { ...base, passed: true, message: `liveness: not judged, the run ended ${seconds(endMs - this.healedMs)} after the last fault healed at ${healed}, before the ${seconds(convergeWithinMs)} bound` };
    }
    const what = this.lastReason === null ? '' : `${this.lastReason}: `;
    const late = this.convergedAtMs === null ? '' : ` (converged only at ${seconds(this.convergedAtMs)})`;
    return { ...base, passed: false, message: `liveness: ${what}did not converge within ${seconds(convergeWithinMs)} after the last fault healed at ${healed}${late}` };
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1_000).toFixed(3))} s`;
}
