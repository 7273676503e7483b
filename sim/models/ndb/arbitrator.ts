import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { ArbitratorState, type ArbitratorInput } from './arbitratorState.js';
import type { NdbRecord } from './ndbRecord.js';

export { ArbitratorState, type ArbitratorInput } from './arbitratorState.js';

/**
 * The management node's process: it only routes connection events to the arbitrator's
 * plain state, whose phases are a statechart (arbitratorLifecycle.ts); transition logic,
 * not a one-state machine (contract/processLogic.ts says why).
 */
export const arbitratorLogic = fromProcess<ArbitratorState, TcpEvent, ArbitratorInput, ProcessEffect<NdbRecord>>(
  (input) => new ArbitratorState(input),
  (arbitrator, event) => arbitrator.handle(event),
);
