/**
 * Assertions that are judged across the runs of a sweep, not within one run (the
 * `sometimes`/`reachable` assertions of Antithesis and of FoundationDB's `TEST()` macros):
 * an invariant must always hold; a `sometimes` must be seen true in at least one run, a
 * `reachable` point must be reached in at least one run, and an `unreachable` point must
 * never be reached (reaching it fails that run).
 *
 * A model or scenario declares each one once at module level, so the catalog of declared
 * assertions comes from the code that is loaded, not from the runs that happened to reach
 * them: a sweep lists every declared assertion of the machines and scenario it ran, and one
 * never seen is a failure of the sweep.
 */
export type AssertionKind = 'sometimes' | 'reachable' | 'unreachable';

/** One declared assertion as the catalog lists it. */
export interface DeclaredAssertion {
  /** Unique over the code: `<owner>: <description>`. */
  readonly id: string;
  readonly kind: AssertionKind;
  /** The machine id (as the catalog names it) or scenario name the assertion belongs to. */
  readonly owner: string;
  /** What should (or should never) happen, as a sentence. */
  readonly description: string;
}

/** A declared `sometimes`: call `observe` where the condition can be judged. */
export interface SometimesAssertion {
  readonly declared: DeclaredAssertion;
  observe(condition: boolean): void;
}

/** A declared `reachable` or `unreachable` point: call `reach` when control gets there. */
export interface ReachabilityPoint {
  readonly declared: DeclaredAssertion;
  reach(): void;
}

const catalog = new Map<string, DeclaredAssertion>();

function declare(kind: AssertionKind, owner: string, description: string): DeclaredAssertion {
  const id = `${owner}: ${description}`;
  const existing = catalog.get(id);
  if (existing && existing.kind !== kind) throw new Error(`assertion "${id}" is declared as ${existing.kind} and as ${kind}`);
  const declared = existing ?? { id, kind, owner, description };
  catalog.set(id, declared);
  return declared;
}

/** Declares that `description` must be seen true in at least one run of a sweep. */
export function sometimes(owner: string, description: string): SometimesAssertion {
  const declared = declare('sometimes', owner, description);
  return { declared, observe: (condition) => void (condition && activeTally()?.saw(declared.id)) };
}

/** Declares a point that at least one run of a sweep must reach. */
export function reachable(owner: string, description: string): ReachabilityPoint {
  const declared = declare('reachable', owner, description);
  return { declared, reach: () => activeTally()?.saw(declared.id) };
}

/** Declares a point no run may reach; a run that reaches it fails. */
export function unreachable(owner: string, description: string): ReachabilityPoint {
  const declared = declare('unreachable', owner, description);
  return { declared, reach: () => activeTally()?.saw(declared.id) };
}

/** Every assertion declared by the code loaded so far, sorted by id. */
export function declaredAssertions(): DeclaredAssertion[] {
  return [...catalog.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The declared assertion with `id`, or undefined. */
export function findDeclaredAssertion(id: string): DeclaredAssertion | undefined {
  return catalog.get(id);
}

/**
 * How often, in one run, each assertion was seen (a `sometimes` true, a point reached):
 * what summary.json's `assertions` holds. One active tally at a time, like
 * machine coverage: a run is single-threaded.
 */
export class AssertionTally {
  private readonly seen = new Map<string, number>();

  saw(id: string): void {
    this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
  }

  /** Times seen by assertion id, sorted; assertions never seen are absent. */
  toJSON(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const id of [...this.seen.keys()].sort()) result[id] = this.seen.get(id)!;
    return result;
  }
}

let active: AssertionTally | null = null;

function activeTally(): AssertionTally | null {
  return active;
}

/** Runs `body` with `tally` counting the assertions seen, restoring the previous tally after. */
export function withAssertionTally<T>(tally: AssertionTally, body: () => T): T {
  const previous = active;
  active = tally;
  try {
    return body();
  } finally {
    active = previous;
  }
}
