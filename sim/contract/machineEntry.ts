import type { AnyStateMachine } from 'xstate';

/** One statechart of a system, as `sim machines` lists it and a report draws it. */
export interface MachineEntry {
  /** The system it belongs to: `jobhub`, `perlbal`, `mogilefs`, `ndb`, `dbqueue`, `app`, `http`. */
  readonly system: string;
  readonly machine: AnyStateMachine;
  /** One line: what moves through these states. */
  readonly summary: string;
  /** Where the states come from: the real system's source file or document. */
  readonly source: string;
}
