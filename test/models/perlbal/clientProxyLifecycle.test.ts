import { describe, expect, it } from 'vitest';
import { clientProxyLifecycle, clientProxyMachine } from '../../../sim/models/perlbal/clientProxyLifecycle.js';
import { accepts, endsAfter, walk } from '../../helpers/walkMachine.js';

describe('Perlbal client connection lifecycle (ClientProxy.pm states)', () => {
  it('a plain request: reading_headers, wait_backend, backend_req_sent, xfer_res, then closed without persist_client', () => {
    expect(walk(clientProxyMachine, ['REQUEST', 'REQUEST_SENT', 'RESPONSE', 'CLOSE'])).toEqual([
      'reading_headers', 'proxying.wait_backend', 'proxying.backend_req_sent', 'xfer_res', 'closed',
    ]);
    expect(endsAfter(clientProxyMachine, ['REQUEST', 'REQUEST_SENT', 'RESPONSE', 'CLOSE'])).toBe(true);
  });

  it('a reproxied file waits for a storage connection, and a failed URL sends it back to wait for the next', () => {
    expect(walk(clientProxyMachine, ['REQUEST', 'REQUEST_SENT', 'REPROXY', 'REQUEST_SENT', 'TRY_NEXT_URI', 'REQUEST_SENT', 'RESPONSE'])).toEqual([
      'reading_headers', 'proxying.wait_backend', 'proxying.backend_req_sent', 'reproxying.wait_backend',
      'reproxying.backend_req_sent', 'reproxying.wait_backend', 'reproxying.backend_req_sent', 'xfer_res',
    ]);
  });

  it('with persist_client the connection waits in persist_wait and reads the next request', () => {
    expect(walk(clientProxyMachine, ['REQUEST', 'REQUEST_SENT', 'RESPONSE', 'PERSIST', 'REQUEST'])).toEqual([
      'reading_headers', 'proxying.wait_backend', 'proxying.backend_req_sent', 'xfer_res', 'persist_wait', 'proxying.wait_backend',
    ]);
  });

  it('a backend lost after the request was written leaves the client draining_res, answered by nothing; a 503 can come from either wait', () => {
    expect(walk(clientProxyMachine, ['REQUEST', 'REQUEST_SENT', 'BACKEND_LOST', 'CLOSE'])).toEqual(['reading_headers', 'proxying.wait_backend', 'proxying.backend_req_sent', 'draining_res', 'closed']);
    expect(clientProxyLifecycle.can('draining_res', 'RESPONSE')).toBe(false);
    expect(accepts(clientProxyMachine, ['REQUEST'], 'RESPONSE')).toBe(true);
    expect(accepts(clientProxyMachine, ['REQUEST', 'REQUEST_SENT', 'REPROXY'], 'RESPONSE')).toBe(true);
  });

  it('no pipelining: a request is read only in reading_headers or persist_wait', () => {
    expect(accepts(clientProxyMachine, ['REQUEST'], 'REQUEST')).toBe(false);
    expect(accepts(clientProxyMachine, ['REQUEST', 'REQUEST_SENT', 'REPROXY'], 'REQUEST')).toBe(false);
    expect(clientProxyLifecycle.can('persist_wait', 'REQUEST')).toBe(true);
  });

  it('the peer or the idle sweep can close it in every state but closed, which is final', () => {
    for (const state of clientProxyLifecycle.states) {
      expect(clientProxyLifecycle.can(state, 'CLOSE')).toBe(state !== 'closed');
    }
    expect(clientProxyLifecycle.isFinal('closed')).toBe(true);
  });

  it('the compiled table refuses a move the definition forbids', () => {
    expect(() => clientProxyLifecycle.next('reading_headers', 'RESPONSE')).toThrow(/no transition on 'RESPONSE'/);
  });
});
