import { describe, expect, it } from 'vitest';
import { MachineCoverage, withCoverage } from '../../../sim/contract/machineCoverage.js';
import { get, PerlbalHarness, reproxyReply, response } from './perlbalHarness.js';

const urls = ['http://store1:7500/dev1/1.fid', 'http://store2:7500/dev2/1.fid'];

/** Runs `body` and returns how often each transition of each Perlbal lifecycle was taken. */
function transitionsOf(body: () => void): Record<string, Record<string, number>> {
  const coverage = new MachineCoverage();
  withCoverage(coverage, body);
  const counts = coverage.toJSON();
  return Object.fromEntries(Object.entries(counts).map(([id, machine]) => [id, machine.transitions]));
}

describe('the proxy moves its connections through their lifecycles', () => {
  it('a reproxied file whose first storage host refuses: the client waits twice for a storage connection, the host queue moves on', () => {
    const transitions = transitionsOf(() => {
      const proxy = new PerlbalHarness({ reproxyMode: 'close' });
      proxy.request('/file', reproxyReply(urls));
      proxy.connectFailed(proxy.lastConnectTo('store1').tag);
      proxy.message(proxy.connected(proxy.lastConnectTo('store2').tag), response(200, 10));
    });
    expect(transitions.perlbalClientProxy).toEqual({
      'proxying.backend_req_sent --REPROXY--> reproxying.wait_backend': 1,
      'proxying.wait_backend --REQUEST_SENT--> proxying.backend_req_sent': 1,
      'reading_headers --REQUEST--> proxying.wait_backend': 1,
      'reproxying.backend_req_sent --RESPONSE--> xfer_res': 1,
      'reproxying.wait_backend --REQUEST_SENT--> reproxying.backend_req_sent': 1,
      'reproxying.wait_backend --TRY_NEXT_URI--> reproxying.wait_backend': 1,
      'xfer_res --CLOSE--> closed': 1,
    });
    expect(transitions.perlbalReproxyHost).toEqual({
      'connecting --BAD_CONNECT--> empty': 1,
      'connecting --CONNECTED--> serving.open': 1,
      'empty --SPAWN--> connecting': 2,
      'serving.open --LAST_CLOSED--> empty': 1,
    });
    // The web node's connection and, in close mode, the storage node's: each used once and closed.
    expect(transitions.perlbalBackendHttp).toEqual({
      'bored --REQUEST_SENT--> wait_res': 1,
      'connecting --BORED--> bored': 1,
      'connecting --REQUEST_SENT--> wait_res': 1,
      'wait_res --CLOSE--> closed': 2,
    });
  });

  it('with persist_backend and persist_client both connections are kept: bored in the pool, persist_wait on the client', () => {
    const transitions = transitionsOf(() => {
      const proxy = new PerlbalHarness({ persistBackend: true, persistClient: true });
      const client = proxy.client(get('/a', '1.0', { connection: 'keep-alive' }));
      const backend = proxy.connected(proxy.lastConnect().tag);
      proxy.message(backend, response(200, 10));
      proxy.message(client, get('/b', '1.0', { connection: 'keep-alive' }));
      proxy.message(backend, response(200, 20));
    });
    expect(transitions.perlbalClientProxy).toMatchObject({ 'xfer_res --PERSIST--> persist_wait': 2, 'persist_wait --REQUEST--> proxying.wait_backend': 1 });
    expect(transitions.perlbalBackendHttp).toEqual({
      'bored --REQUEST_SENT--> wait_res': 1,
      'connecting --REQUEST_SENT--> wait_res': 1,
      'wait_res --BORED--> bored': 2,
    });
  });
});
