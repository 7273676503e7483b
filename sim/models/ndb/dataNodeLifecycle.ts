import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves a data node from one phase to the next. */
export type DataNodeStep =
  | 'INITIAL_START'
  | 'NODE_RESTART'
  | 'CLUSTER_FOUND'
  | 'COPY_SOURCE_LOST'
  | 'INCLUDED'
  | 'VERDICT_LOSE'
  | 'VERDICT_PARTITIONING'
  | 'EXPELLED'
  | 'ARBIT_GRANTED'
  | 'ARBIT_REFUSED'
  | 'ARBIT_TIMEOUT';

/**
 * An NDB data node's phases (ndbd). `notStarted` is ndb_mgm's "not started": the process
 * runs but no start has begun. An initial start of the whole cluster goes straight to
 * `started`; a node restart goes `connecting` (start phase 1: find the running cluster and
 * be let in by its president) → `copying` (start phases 4–5: take the node-group peer's
 * fragments and every write from then on; NDB Internals, "Start Phases", copy fragment) →
 * `started` (phase 100/101: included, serves). A started node that handles a failure
 * classifies its survivors (Qmgr's "check whether we can survive"): lose → `shutdown`,
 * partitioning → `arbitrating` (Qmgr ARBIT_CHOOSE), where a grant carries on and a
 * refusal or ArbitrationTimeout of silence shuts the node down (ARBIT_CRASH). A node that
 * the others declared dead (FAIL_REP naming it) shuts down too. `shutdown` answers nothing
 * more; a node restart is a new process.
 */
export const dataNodeMachine = setup({
  types: { events: {} as { type: DataNodeStep } },
}).createMachine({
  id: 'ndbDataNode',
  initial: 'notStarted',
  states: {
    notStarted: { on: { INITIAL_START: 'started', NODE_RESTART: 'connecting' } },
    connecting: { on: { CLUSTER_FOUND: 'copying' } },
    copying: { on: { INCLUDED: 'started', COPY_SOURCE_LOST: 'connecting' } },
    started: { on: { VERDICT_LOSE: 'shutdown', VERDICT_PARTITIONING: 'arbitrating', EXPELLED: 'shutdown' } },
    arbitrating: {
      on: { ARBIT_GRANTED: 'started', ARBIT_REFUSED: 'shutdown', ARBIT_TIMEOUT: 'shutdown', VERDICT_LOSE: 'shutdown', EXPELLED: 'shutdown' },
    },
    shutdown: { type: 'final' },
  },
});

/** A data node's phase, as {@link dataNodeMachine} names it. */
export type DataNodePhase = 'notStarted' | 'connecting' | 'copying' | 'started' | 'arbitrating' | 'shutdown';

export const dataNodeLifecycle = compileLifecycle<DataNodePhase, DataNodeStep>(dataNodeMachine);
