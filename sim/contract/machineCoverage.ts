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

  /** Counts an entry into `state` of `machineId`. */
  entered(machineId: string, state: string): void {
    bump(this.counts(machineId).states, state);
  }

  /** Counts `source --event--> target` taken by `machineId`, and the entry into `target`. */
  took(machineId: string, source: string, event: string, target: string): void {
    this.tookKey(machineId, transitionKey(source, event, target), target);
  }

  /** The same, with the transition's key made once beforehand (a compiled lifecycle's step). */
  tookKey(machineId: string, key: string, target: string): void {
    const counts = this.counts(machineId);
    bump(counts.transitions, key);
    bump(counts.states, target);
  }

  /** Every machine that ran, by id in sorted order, with its counts by state and by transition. */
  toJSON(): Record<string, MachineCountsJson> {
    const result: Record<string, MachineCountsJson> = {};
    for (const id of [...this.machines.keys()].sort()) {
      const counts = this.machines.get(id)!;
      result[id] = { states: sortedObject(counts.states), transitions: sortedObject(counts.transitions) };
    }
    return result;
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
