import type { DataNodePhase } from './ndbMessage.js';
import type { SurvivorVerdict } from './survivorVerdict.js';

/**
 * Records of what NDB processes did, emitted for the scenario (metrics, timeline, checks);
 * the host stamps them with the time.
 */
export type NdbRecord =
  /** The scenario killed the node's host (kill -9, power off). */
  | { readonly type: 'ndb.killed'; readonly node: number }
  | { readonly type: 'ndb.phase'; readonly node: number; readonly phase: DataNodePhase; readonly reason: string }
  /** A data node handled the failure of `failed` and classified its survivors (MySQL Cluster manual). */
  | { readonly type: 'ndb.failureHandled'; readonly node: number; readonly failed: readonly number[]; readonly survivors: readonly number[]; readonly verdict: SurvivorVerdict }
  /** The arbitrator answered a request. */
  | { readonly type: 'ndb.arbitration'; readonly node: number; readonly survivors: readonly number[]; readonly granted: boolean }
  /** Transactions an API node ran: each attempt's end, and the application's verdict. */
  | { readonly type: 'txn.committed'; readonly tag: number; readonly attempt: number; readonly partition: number }
  | { readonly type: 'txn.abortedTemporary'; readonly tag: number; readonly attempt: number; readonly code: number }
  | { readonly type: 'txn.retried'; readonly tag: number; readonly attempt: number }
  | { readonly type: 'txn.failedAfterRetries'; readonly tag: number; readonly attempts: number };
