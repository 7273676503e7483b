import type { DataNodePhase } from './dataNodeLifecycle.js';

/**
 * What NDB processes send each other over the transporter (simulated TCP), as structured
 * messages. Every message names its sender's process, so a receiver needs no connection
 * bookkeeping to tell who spoke. Names follow NDB's signals loosely (HEARTBEAT, FAIL_REP,
 * ARBIT_REQ, LQHKEYREQ's prepare/commit); the simplifications are stated where used.
 */
export type NdbMessage =
  /** A data node's heartbeat to a data node it monitors (HeartbeatIntervalDbDb, MySQL Cluster manual). */
  | { readonly kind: 'hb'; readonly from: string; readonly node: number; readonly phase: DataNodePhase; readonly view: readonly number[] }
  /** The sender declared these nodes dead: receivers drop them too, and a named node shuts itself down. */
  | { readonly kind: 'failRep'; readonly from: string; readonly node: number; readonly failed: readonly number[] }
  /** A restarting node looks for the running cluster (start phase 1). */
  | { readonly kind: 'hello'; readonly from: string; readonly node: number }
  /** A started node answers with the nodes it counts as started. */
  | { readonly kind: 'helloAck'; readonly from: string; readonly node: number; readonly view: readonly number[] }
  /** A restarting node asks its node-group peer for its data. */
  | { readonly kind: 'copyReq'; readonly from: string; readonly node: number }
  /** The peer's rows at the time of the request, as [partition, key] pairs. */
  | { readonly kind: 'copyData'; readonly from: string; readonly node: number; readonly rows: readonly (readonly [number, number])[] }
  /** The restarting node has the data: include it. */
  | { readonly kind: 'joined'; readonly from: string; readonly node: number }
  /** `node` is started now; `view` is the new set of started nodes. */
  | { readonly kind: 'include'; readonly from: string; readonly node: number; readonly view: readonly number[] }
  /** Simplified two-phase commit between a partition's primary and its other replicas. */
  | { readonly kind: 'prepare'; readonly from: string; readonly node: number; readonly txnId: number; readonly partition: number; readonly key: number }
  | { readonly kind: 'prepared'; readonly from: string; readonly node: number; readonly txnId: number }
  | { readonly kind: 'commit'; readonly from: string; readonly node: number; readonly txnId: number }
  | { readonly kind: 'abort'; readonly from: string; readonly node: number; readonly txnId: number }
  /** To the arbitrator: the sender's survivors after a failure. */
  | { readonly kind: 'arbitReq'; readonly from: string; readonly node: number; readonly survivors: readonly number[] }
  | { readonly kind: 'arbitReply'; readonly from: string; readonly granted: boolean }
  /** The membership changed (a node joined): the arbitrator may grant a new request. */
  | { readonly kind: 'arbitReset'; readonly from: string }
  /** An application transaction: insert row `key` into `partition`. */
  | { readonly kind: 'begin'; readonly from: string; readonly txnId: number; readonly partition: number; readonly key: number }
  | { readonly kind: 'committed'; readonly from: string; readonly txnId: number }
  /** A temporary error (MySQL Cluster manual): the application may retry the whole transaction. */
  | { readonly kind: 'aborted'; readonly from: string; readonly txnId: number; readonly code: number }
  /** A data node's heartbeat to the API nodes, with its state and the nodes it counts as started. */
  | { readonly kind: 'hbApi'; readonly from: string; readonly node: number; readonly state: DataNodePhase; readonly view: readonly number[] };

export type { DataNodePhase } from './dataNodeLifecycle.js';

export function isNdbMessage(message: unknown): message is NdbMessage {
  return typeof message === 'object' && message !== null && typeof (message as { kind?: unknown }).kind === 'string'
    && typeof (message as { from?: unknown }).from === 'string';
}
