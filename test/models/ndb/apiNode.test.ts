import { describe, expect, it } from 'vitest';
import { ApiNodeState, retryDefaults, type RetryPolicy } from '../../../sim/models/ndb/apiNodeState.js';
import type { NdbMessage } from '../../../sim/models/ndb/ndbMessage.js';
import { ndbDefaults } from '../../../sim/models/ndb/ndbSettings.js';

function apiNode(retry: Partial<RetryPolicy> = {}): ApiNodeState {
  const api = new ApiNodeState({ name: 'api1', settings: ndbDefaults, retry: { ...retryDefaults, ...retry }, firstTickMs: 1_500 });
  api.out.drain();
  return api;
}

/** The `begin` messages the API node sent (or queued on its transporters), by transaction id. */
function begins(api: ApiNodeState): number[] {
  return api.out.drain().flatMap((effect) => {
    const message = (effect as { message?: NdbMessage }).message;
    return message?.kind === 'begin' ? [message.txnId] : [];
  });
}

const reply = (message: NdbMessage) => ({ type: 'tcp.message' as const, connId: 3, message });

describe('API node: each transaction moves through its lifecycle, retried with backoff', () => {
  it('a temporary error aborts the attempt and the retry timer starts the whole transaction again', () => {
    const api = apiNode();
    for (let id = 1; id <= 4; id++) api.handle({ type: 'tcp.connected', tag: id, connId: 10 + id, localPort: 40_000 + id });
    api.out.drain();
    api.handle({ type: 'txn.start', tag: 1, partition: 0 });
    expect(begins(api)).toEqual([64]);
    expect(api.txns.get(1)?.state).toBe('preparing');
    api.handle(reply({ kind: 'aborted', from: 'ndbd1', txnId: 64, code: 4_010 }));
    expect(api.txns.get(1)?.state).toBe('aborted');
    expect(api.out.drain()).toEqual([
      { type: 'timer.cancel', timerId: 'timeout.64' },
      { type: 'txn.abortedTemporary', tag: 1, attempt: 0, code: 4_010 },
      { type: 'timer.start', timerId: 'retry.1', delayMs: retryDefaults.retryBackoffMs, event: { type: 'api.retry', tag: 1 } },
    ]);
    api.handle({ type: 'api.retry', tag: 1 });
    expect(begins(api)).toEqual([65]);
    api.handle(reply({ kind: 'committed', from: 'ndbd1', txnId: 65 }));
    expect(api.txns.has(1)).toBe(false);
    expect(api.out.drain()).toContainEqual({ type: 'timer.cancel', timerId: 'timeout.65' });
  });

  it('an answer to an earlier attempt is ignored', () => {
    const api = apiNode();
    api.handle({ type: 'txn.start', tag: 1, partition: 0 });
    api.handle(reply({ kind: 'aborted', from: 'ndbd1', txnId: 64, code: 4_010 }));
    api.handle({ type: 'api.retry', tag: 1 });
    api.out.drain();
    api.handle(reply({ kind: 'committed', from: 'ndbd1', txnId: 64 }));
    expect(api.out.drain()).toEqual([]);
    expect(api.txns.get(1)?.state).toBe('preparing');
  });

  it('once its retries are used up the application gives up', () => {
    const api = apiNode({ retriesMax: 0 });
    api.handle({ type: 'txn.start', tag: 2, partition: 1 });
    api.out.drain();
    api.handle(reply({ kind: 'aborted', from: 'ndbd3', txnId: 128, code: 4_010 }));
    expect(api.out.drain().map((effect) => effect.type)).toEqual(['timer.cancel', 'txn.abortedTemporary', 'txn.failedAfterRetries']);
    expect(api.txns.has(2)).toBe(false);
  });
});
