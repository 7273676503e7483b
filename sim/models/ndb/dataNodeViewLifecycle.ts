import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type DataNodeViewStep = 'HEARD_STARTED' | 'HEARD_STARTING' | 'HEARD_STOPPING' | 'SILENT' | 'DISCONNECTED';

/**
 * An API node's view of one data node (the NDB API's ClusterMgr::Node: `connected`,
 * `m_alive`, the node's reported start level; storage/ndb/src/ndbapi/ClusterMgr.cpp).
 * `connecting`: the transporter is being opened and nothing was heard yet; the cluster
 * starts together, so the node counts as serving until it proves otherwise. `alive`: heard
 * within the last missedHeartbeatsMax heartbeat intervals (API_REGCONF / heartbeats).
 * `failed`: silent for missedHeartbeatsMax intervals, its transporter broke
 * (ClusterMgr::reportNodeFailed / reportDisconnected), or it reported that it shuts down
 * (start level SL_STOPPING): the API closes its transporter and aborts what waited on the
 * node. `reconnecting`: a failed node is heard from again while
 * it reports a start phase (a node restart in progress); it is `alive` once it reports
 * itself started. Which nodes take transactions also depends on the node's reported phase
 * and on the other nodes' views (apiNodeState.ts).
 */
export const dataNodeViewMachine = setup({
  types: { events: {} as { type: DataNodeViewStep } },
}).createMachine({
  id: 'ndbApiDataNodeView',
  initial: 'connecting',
  states: {
    connecting: { on: { HEARD_STARTED: 'alive', HEARD_STARTING: 'alive', HEARD_STOPPING: 'failed', SILENT: 'failed', DISCONNECTED: 'failed' } },
    alive: { on: { HEARD_STARTED: 'alive', HEARD_STARTING: 'alive', HEARD_STOPPING: 'failed', SILENT: 'failed', DISCONNECTED: 'failed' } },
    failed: { on: { HEARD_STARTED: 'alive', HEARD_STARTING: 'reconnecting', HEARD_STOPPING: 'failed', DISCONNECTED: 'failed' } },
    reconnecting: { on: { HEARD_STARTED: 'alive', HEARD_STARTING: 'reconnecting', HEARD_STOPPING: 'failed', SILENT: 'failed', DISCONNECTED: 'failed' } },
  },
});

export type DataNodeViewState = 'connecting' | 'alive' | 'failed' | 'reconnecting';

export const dataNodeViewLifecycle = compileLifecycle<DataNodeViewState, DataNodeViewStep>(dataNodeViewMachine);
