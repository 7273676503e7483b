import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type ArbitratorStep = 'START' | 'CHOOSE' | 'GRANT_SAME_SIDE' | 'REFUSE';

/**
 * The management node's arbitrator, named after the NDB API's ArbitMgr states
 * (storage/ndb/src/ndbapi/ClusterMgr.hpp: StateInit, StateStarted, StateChoose1/2,
 * StateFinished). `init`: the process runs, no data node has started it. `started`
 * (ARBIT_STARTREQ from the president; here the process start, and again at every
 * membership change): ready to choose. `finished`: it granted the first side that asked
 * (ARBIT_CHOOSEREQ) and answers later requests by that choice: nodes of the granted side
 * are granted again, any other is refused, until the membership changes. The real ArbitMgr
 * waits a moment in StateChoose1/2 for a second request before it picks; this model grants
 * the first at once, which is what the survivors of a split see.
 */
export const arbitratorMachine = setup({
  types: { events: {} as { type: ArbitratorStep } },
}).createMachine({
  id: 'ndbArbitrator',
  initial: 'init',
  states: {
    init: { on: { START: 'started' } },
    started: { on: { START: 'started', CHOOSE: 'finished' } },
    finished: { on: { START: 'started', GRANT_SAME_SIDE: 'finished', REFUSE: 'finished' } },
  },
});

export type ArbitratorPhase = 'init' | 'started' | 'finished';

export const arbitratorLifecycle = compileLifecycle<ArbitratorPhase, ArbitratorStep>(arbitratorMachine);
