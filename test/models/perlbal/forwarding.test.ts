import { describe, expect, it } from 'vitest';
import { resolvePerlbalSettings } from '../../../sim/models/perlbal/perlbalSettings.js';
import { get, PerlbalHarness, response, seededRandom } from './perlbalHarness.js';

describe('perlbal forwarding', () => {
  it('listens on its port and forwards a client request to a backend, then answers the client', () => {
    const proxy = new PerlbalHarness({ port: 8000 });
    expect(proxy.effects[0]).toEqual({ type: 'tcp.listen', port: 8000, backlog: 128 });
    const client = proxy.client(get('/index.html', '1.1'));
    expect(proxy.lastConnect()).toMatchObject({ host: 'web1', port: 8080 });
    const backend = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.lastSent(backend)).toMatchObject({ method: 'GET', path: '/index.html', version: '1.0', headers: { connection: 'close' } });
    proxy.message(backend, response(200, 1234));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200, bodyBytes: 1234, headers: { 'content-length': '1234' } });
    expect(proxy.responses()).toEqual([{ type: 'perlbal.response', clientConnId: client, status: 200, reproxied: false }]);
  });

  it('picks backends uniformly at random from the seeded stream', () => {
    const backends = [1, 2, 3, 4].map((n) => ({ host: `web${n}`, port: 8080 }));
    const proxy = new PerlbalHarness({ backends, random: seededRandom(42) });
    for (let i = 0; i < 4000; i += 1) proxy.client(get('/'));
    const counts = new Map<string, number>();
    for (const connect of proxy.connects()) counts.set(connect.host, (counts.get(connect.host) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['web1', 'web2', 'web3', 'web4']);
    // 1000 expected each; 4 standard deviations of a binomial(4000, 1/4) is about 110.
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(110);
  });

  it('the same seed picks the same backends', () => {
    const backends = [1, 2, 3].map((n) => ({ host: `web${n}`, port: 8080 }));
    const picks = (seed: number) => {
      const proxy = new PerlbalHarness({ backends, random: seededRandom(seed) });
      for (let i = 0; i < 20; i += 1) proxy.client(get('/'));
      return proxy.connects().map((connect) => connect.host);
    };
    expect(picks(7)).toEqual(picks(7));
  });

  it('a failed backend connect tries another backend, and after backendAttemptsMax answers 503', () => {
    const proxy = new PerlbalHarness({ backendAttemptsMax: 2 });
    const client = proxy.client(get('/'));
    proxy.connectFailed(proxy.lastConnect().tag);
    expect(proxy.connects()).toHaveLength(2);
    proxy.connectFailed(proxy.lastConnect().tag);
    expect(proxy.connects()).toHaveLength(2);
    expect(proxy.lastSent(client)).toMatchObject({ status: 503 });
    expect(proxy.responses()).toEqual([{ type: 'perlbal.response', clientConnId: client, status: 503, reproxied: false }]);
    expect(proxy.closed(client)).toBe(true);
  });

  it('a connect not done in 5 s is abandoned for another backend, and reset if it opens later', () => {
    const proxy = new PerlbalHarness();
    proxy.client(get('/'));
    const slow = proxy.lastConnect().tag;
    proxy.advance(4_999);
    expect(proxy.connects()).toHaveLength(1);
    proxy.advance(1);
    expect(proxy.connects()).toHaveLength(2);
    const late = proxy.connected(slow);
    expect(proxy.reset(late)).toBe(true);
    expect(proxy.sent(late)).toEqual([]);
  });
});

describe('perlbal persist_client', () => {
  it('off (the default): the client connection is closed after the response, even if it asked keep-alive', () => {
    const proxy = new PerlbalHarness();
    const { client } = proxy.request('/', response(200, 10));
    expect(proxy.lastSent(client)).toMatchObject({ headers: { connection: 'close' } });
    expect(proxy.closed(client)).toBe(true);
  });

  it('on: a keep-alive client stays open for its next request, and the 5 s idle sweep closes it once idle more than 30 s', () => {
    const proxy = new PerlbalHarness({ persistClient: true });
    const client = proxy.client(get('/a', '1.1'));
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(200, 10));
    expect(proxy.closed(client)).toBe(false);
    proxy.message(client, get('/b', '1.1'));
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(200, 20));
    expect(proxy.sent(client)).toHaveLength(2);
    // Last written at second 0; the sweeps at 5, 10, ... 30 s find it idle 30 s at most, the one at 35 s more.
    proxy.advance(34_999);
    expect(proxy.closed(client)).toBe(false);
    proxy.advance(1);
    expect(proxy.closed(client)).toBe(true);
  });

  it('on: an HTTP/1.0 client without Connection: keep-alive is still closed', () => {
    const proxy = new PerlbalHarness({ persistClient: true });
    const { client } = proxy.request('/', response(200, 10));
    expect(proxy.closed(client)).toBe(true);
  });

  it('a client that never sends a request is closed by the first idle sweep more than 30 s after it connected', () => {
    const proxy = new PerlbalHarness();
    const client = proxy.client();
    proxy.advance(34_999);
    expect(proxy.closed(client)).toBe(false);
    proxy.advance(1);
    expect(proxy.closed(client)).toBe(true);
  });

  it('a backend that closes after the request was written is not retried: the client gets nothing and the idle sweep closes it, as Perlbal 1.80 does', () => {
    const proxy = new PerlbalHarness();
    const client = proxy.client(get('/closes'));
    const backend = proxy.connected(proxy.lastConnect().tag);
    proxy.peerClosed(backend);
    expect(proxy.connects()).toHaveLength(1);
    expect(proxy.closed(client)).toBe(false);
    proxy.advance(35_000);
    expect(proxy.closed(client)).toBe(true);
    expect(proxy.sent(client)).toEqual([]);
  });

  it('a backend that resets after the request was written closes the client at once, unanswered (BackendHTTP.pm event_err)', () => {
    const proxy = new PerlbalHarness();
    const client = proxy.client(get('/resets'));
    proxy.aborted(proxy.connected(proxy.lastConnect().tag));
    expect(proxy.connects()).toHaveLength(1);
    expect(proxy.closed(client)).toBe(true);
    expect(proxy.sent(client)).toEqual([]);
  });

  it('a client waiting more than 30 s for its answer is closed by the idle sweep too', () => {
    const proxy = new PerlbalHarness();
    const client = proxy.client(get('/slow'));
    proxy.connected(proxy.lastConnect().tag);
    proxy.advance(35_000);
    expect(proxy.closed(client)).toBe(true);
    expect(proxy.sent(client)).toEqual([]);
  });
});

describe('perlbal persist_backend', () => {
  it('off (the default): the backend connection is closed after each response', () => {
    const proxy = new PerlbalHarness();
    const { backend } = proxy.request('/', response(200, 10));
    expect(proxy.closed(backend)).toBe(true);
  });

  it('on: a keep-alive backend connection is reused for the next client', () => {
    const proxy = new PerlbalHarness({ persistBackend: true });
    const { backend } = proxy.request('/a', response(200, 10));
    expect(proxy.closed(backend)).toBe(false);
    const client = proxy.client(get('/b'));
    expect(proxy.connects()).toHaveLength(1);
    expect(proxy.lastSent(backend)).toMatchObject({ path: '/b', headers: { connection: 'keep-alive' } });
    proxy.message(backend, response(200, 5));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200, bodyBytes: 5 });
  });
});

describe('perlbal connect_ahead', () => {
  it('keeps that many spare backend connections: they are made in the first second, a client takes one at once, and a new spare replaces it', () => {
    const proxy = new PerlbalHarness({ connectAhead: 2 });
    expect(proxy.connects()).toHaveLength(0);
    proxy.advance(1_000);
    const spares = proxy.connects().map((connect) => proxy.connected(connect.tag));
    expect(spares).toHaveLength(2);
    const client = proxy.client(get('/a'));
    // The newest idle spare takes the request; no connect for the client itself.
    expect(proxy.sent(spares[1]!)).toHaveLength(1);
    expect(proxy.connects()).toHaveLength(3);
    proxy.message(spares[1]!, response(200, 10));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200 });
  });

  it('a spare that never answered is not used once older than 5 s: it is closed and the client gets a fresh connect', () => {
    const proxy = new PerlbalHarness({ connectAhead: 1 });
    proxy.advance(1_000);
    const spare = proxy.connected(proxy.lastConnect().tag);
    proxy.advance(6_000);
    proxy.client(get('/a'));
    expect(proxy.closed(spare)).toBe(true);
    expect(proxy.sent(spare)).toEqual([]);
  });

  it('with verify_backend a spare is verified before it waits for a client', () => {
    const proxy = new PerlbalHarness({ connectAhead: 1, verifyBackend: true });
    proxy.advance(1_000);
    const spare = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.lastSent(spare)).toMatchObject({ method: 'OPTIONS', path: '*' });
    proxy.message(spare, response(200, 0));
    const client = proxy.client(get('/a'));
    expect(proxy.lastSent(spare)).toMatchObject({ method: 'GET', path: '/a' });
    proxy.message(spare, response(200, 5));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200 });
  });

  it('rejects a negative or fractional connect_ahead, naming the setting', () => {
    const backends = [{ host: 'web1', port: 8080 }];
    const random = () => 0.5;
    expect(() => resolvePerlbalSettings({ backends, random, connectAhead: -1 })).toThrow(/connectAhead should be an integer from 0 to 1000, got -1/);
    expect(() => resolvePerlbalSettings({ backends, random, connectAhead: 1.5 })).toThrow(/connectAhead should be an integer from 0 to 1000, got 1.5/);
  });
});
