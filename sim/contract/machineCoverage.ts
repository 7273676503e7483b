import { objectArray } from './objectArray.js';

/**
 * How often, in one run, each state of each machine was entered and each transition taken:
 * what summary.json's `machines` holds and what a sweep sums into coverage.
 *
 * There is one active recorder at a time ({@link withCoverage}), set by whoever runs the
 * simulation, because a lifecycle is shared module-level data used by many entities and a
 * run is single-threaded by design (DESIGN.md "Scale": parallel runs are separate worker
 * threads, each with its own modules). Counting never changes what a model does.
 */
export class MachineCoverage {
  private readonly machines = new Map<string, MachineCounts>();
  /** Counts of steps known ahead (compiled lifecycles), by step index, folded into `machines` when read. */
  private stepCounts = new Float64Array(Math.max(stepIndexNext, 64));
  private readonly stepsTaken: (CountedStep | CountedEntry)[] = objectArray();

  /** Counts an entry into `state` of `machineId`. */
  entered(machineId: string, state: string): void {
    bump(this.counts(machineId).states, state);
  }

  /** Counts `source --event--> target` taken by `machineId`, and the entry into `target`. */
  took(machineId: string, source: string, event: string, target: string): void {
    this.tookKey(machineId, transitionKey(source, event, target), target);
  }

  private tookKey(machineId: string, key: string, target: string): void {
    const counts = this.counts(machineId);
    bump(counts.transitions, key);
    bump(counts.states, target);
  }

  /**
   * Counts a step made known ahead with {@link countedStepIndex}: an array slot instead of
   * five string-keyed map operations, since lifecycles step once or more per request. An
   * entry without a transition (a lifecycle's start) counts the state only.
   */
  tookStep(step: CountedStep | CountedEntry): void {
    if (step.index >= this.stepCounts.length) this.growStepCounts(step.index);
    const taken = this.stepCounts[step.index] as number;
    this.stepCounts[step.index] = taken + 1;
    if (taken === 0) this.stepsTaken.push(step);
  }

  /** Every machine that ran, by id in sorted order, with its counts by state and by transition. */
  toJSON(): Record<string, MachineCountsJson> {
    this.foldSteps();
    const result: Record<string, MachineCountsJson> = {};
    for (const id of [...this.machines.keys()].sort()) {
      const counts = this.machines.get(id)!;
      result[id] = { states: sortedObject(counts.states), transitions: sortedObject(counts.transitions) };
    }
    return result;
  }

  private foldSteps(): void {
    for (const step of this.stepsTaken) {
      const taken = this.stepCounts[step.index] as number;
      const counts = this.counts(step.machineId);
      if ('key' in step) counts.transitions.set(step.key, (counts.transitions.get(step.key) ?? 0) + taken);
      counts.states.set(step.target, (counts.states.get(step.target) ?? 0) + taken);
      this.stepCounts[step.index] = 0;
    }
    this.stepsTaken.length = 0;
  }

  private growStepCounts(index: number): void {
    const grown = new Float64Array(Math.max(index + 1, this.stepCounts.length * 2));
    grown.set(this.stepCounts);
    this.stepCounts = grown;
  }

  private counts(machineId: string): MachineCounts {
    let counts = this.machines.get(machineId);
    if (!counts) {
      counts = { states: new Map(), transitions: new Map() };
      this.machines.set(machineId, counts);
    }
    return counts;
  }
}

/** One machine's counts as summary.json holds them. */
export interface MachineCountsJson {
  /** Entries into each state (the initial state's first entry included). */
  readonly states: Record<string, number>;
  /** Times each transition was taken, keyed `source --event--> target`. */
  readonly transitions: Record<string, number>;
}

interface MachineCounts {
  readonly states: Map<string, number>;
  readonly transitions: Map<string, number>;
}

/** An entry into a state known before the run (a compiled lifecycle's initial state), counted by its index. */
export interface CountedEntry {
  readonly index: number;
  readonly machineId: string;
  readonly target: string;
}

/** A transition known before the run (a compiled lifecycle's step), counted by its index. */
export interface CountedStep extends CountedEntry {
  /** `source --event--> target`. */
  readonly key: string;
}

let stepIndexNext = 0;

/** A fresh index for a {@link CountedStep}, unique in this thread. */
export function countedStepIndex(): number {
  return stepIndexNext++;
}

export function transitionKey(source: string, event: string, target: string): string {
  return `${source} --${event}--> ${target}`;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedObject(map: Map<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const key of [...map.keys()].sort()) result[key] = map.get(key)!;
  return result;
}

let active: MachineCoverage | null = null;

/** The recorder of the run in progress, or null outside a run (unit tests, the live layer). */
export function activeCoverage(): MachineCoverage | null {
  return active;
}

/** Runs `body` with `coverage` as the active recorder, restoring the previous one after. */
export function withCoverage<T>(coverage: MachineCoverage, body: () => T): T {
  const previous = active;
  active = coverage;
  try {
    return body();
  } finally {
    active = previous;
  }
}
