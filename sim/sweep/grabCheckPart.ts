import { checkGrab, type CheckGrabOutcome } from '../check/grab/checkGrab.js';
import { findGrabModel } from '../check/grab/grabModels.js';
import type { GrabMode } from '../check/grab/replayToken.js';
import { runWorkerOnce, workerEntry } from './workerEntry.js';

/** One worker's share of `sim check grab --jobs N`: its own fast-check seed and number of cases. */
export interface GrabCheckPart {
  readonly model: string;
  readonly mode: GrabMode;
  readonly seed: number;
  readonly runs: number;
}

/**
 * Splits `runs` cases over `jobs` parts: part k runs about runs/jobs cases with fast-check
 * seed `seed + k` (mod 2^32), so part 0 of a one-job check is exactly the single-threaded
 * check, and a counterexample's replay token carries the seed of the part that found it.
 */
export function grabCheckParts(model: string, mode: GrabMode, seed: number, runs: number, jobs: number): GrabCheckPart[] {
  const count = Math.min(jobs, runs);
  return Array.from({ length: count }, (_, k) => ({
    model, mode, seed: (seed + k) % 4_294_967_296,
    runs: Math.floor(((k + 1) * runs) / count) - Math.floor((k * runs) / count),
  }));
}

/** Runs one part in the calling thread. */
export function runGrabCheckPart(part: GrabCheckPart): CheckGrabOutcome {
  return checkGrab(findGrabModel(part.model, part.mode), { runs: part.runs, seed: part.seed, mode: part.mode });
}

/**
 * Runs every part on its own worker thread and combines them: passed when all passed, the
 * cases summed, and the counterexample of the first failing part in part order (the same
 * whichever part finishes first).
 */
export async function runGrabCheckParts(parts: readonly GrabCheckPart[], onPartDone?: (runs: number) => void): Promise<CheckGrabOutcome> {
  const entry = workerEntry('grabCheckWorker');
  const outcomes = await Promise.all(parts.map(async (part) => {
    const outcome = await runWorkerOnce<CheckGrabOutcome>(entry, part);
    onPartDone?.(outcome.runs);
    return outcome;
  }));
  const failed = outcomes.find((outcome) => !outcome.passed);
  return {
    passed: failed === undefined,
    runs: outcomes.reduce((total, outcome) => total + outcome.runs, 0),
    counterexample: failed?.counterexample ?? null,
  };
}
