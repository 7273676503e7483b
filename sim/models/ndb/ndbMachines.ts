import type { MachineEntry } from '../../contract/machineEntry.js';
import { arbitratorMachine } from './arbitratorLifecycle.js';
import { dataNodeMachine } from './dataNodeLifecycle.js';
import { dataNodeViewMachine } from './dataNodeViewLifecycle.js';
import { tcTransactionMachine } from './tcTransactionLifecycle.js';
import { transactionMachine } from './transactionLifecycle.js';
import { transporterMachine } from './transporterLifecycle.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const ndbMachines: readonly MachineEntry[] = [
  {
    system: 'ndb', machine: dataNodeMachine,
    summary: 'an NDB data node through its start phases, running, arbitration and shutdown',
    source: 'MySQL Cluster: NDB Internals, start phases; ndbd Qmgr (arbitration, node failure handling)',
  },
  {
    system: 'ndb', machine: arbitratorMachine,
    summary: 'the management node as arbitrator: ready, then the side it granted until the membership changes',
    source: 'NDB API ArbitMgr states (storage/ndb/src/ndbapi/ClusterMgr.hpp)',
  },
  {
    system: 'ndb', machine: transactionMachine,
    summary: 'an application transaction on an API node: each attempt, aborts with a temporary error, retries with backoff',
    source: 'NDB API NdbTransaction commit status; MySQL Cluster temporary errors (4010 …)',
  },
  {
    system: 'ndb', machine: tcTransactionMachine,
    summary: "a transaction in the primary's transaction coordinator: prepare at the replicas, commit, or abort on a node failure",
    source: 'Dbtc ConnectionState (storage/ndb/src/kernel/blocks/dbtc/Dbtc.hpp)',
  },
  {
    system: 'ndb', machine: dataNodeViewMachine,
    summary: "an API node's view of one data node: connecting, alive, failed by heartbeat or transporter, reconnecting",
    source: 'NDB API ClusterMgr::Node (storage/ndb/src/ndbapi/ClusterMgr.cpp)',
  },
  {
    system: 'ndb', machine: transporterMachine,
    summary: "one process's outgoing transporter to a peer: connecting, connected, disconnected or closed behind what was sent",
    source: 'NDB TransporterRegistry perform states (storage/ndb/src/common/transporter/TransporterRegistry.cpp)',
  },
];
