import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import { ApiNodeState, type ApiNodeEvent, type ApiNodeInput, type ApiNodeTimer } from './apiNodeState.js';
import type { NdbRecord } from './ndbRecord.js';

export { retryDefaults, type ApiNodeEvent, type ApiNodeInput, type RetryPolicy, type TxnStart } from './apiNodeState.js';

/**
 * An API node and its application. Its states that mean something are statecharts of its
 * parts: each transaction (transactionLifecycle.ts) and its view of each data node
 * (dataNodeViewLifecycle.ts); the process only routes events to them, so it is transition
 * logic, not a one-state machine (contract/processLogic.ts says why).
 */
export const apiNodeLogic = fromProcess<ApiNodeState, ApiNodeEvent, ApiNodeInput, ProcessEffect<NdbRecord, ApiNodeTimer>>(
  (input) => new ApiNodeState(input),
  (api, event) => api.handle(event),
);
