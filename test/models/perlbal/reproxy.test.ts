import { describe, expect, it } from 'vitest';
import { PerlbalHarness, reproxyReply, response } from './perlbalHarness.js';

const urls = ['http://store1:7500/dev1/0/000/001.fid', 'http://store2:7500/dev2/0/000/001.fid'];

describe('perlbal reproxy', () => {
  it('fetches the first URL with GET path HTTP/1.0 and sends the body to the client with its size', () => {
    const proxy = new PerlbalHarness();
    const { client } = proxy.request('/file', reproxyReply(urls, 5000));
    expect(proxy.lastConnect()).toMatchObject({ host: 'store1', port: 7500 });
    const storage = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.lastSent(storage)).toMatchObject({ method: 'GET', path: '/dev1/0/000/001.fid', version: '1.0' });
    expect(proxy.sent(client)).toEqual([]);
    proxy.message(storage, response(200, 5000));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200, bodyBytes: 5000, headers: { 'content-length': '5000' } });
    expect(proxy.responses()).toEqual([{ type: 'perlbal.response', clientConnId: client, status: 200, reproxied: true }]);
  });

  it('a failed connect to the first URL moves on to the next', () => {
    const proxy = new PerlbalHarness();
    const { client } = proxy.request('/file', reproxyReply(urls));
    proxy.connectFailed(proxy.lastConnect().tag);
    expect(proxy.lastConnect()).toMatchObject({ host: 'store2' });
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(200, 10));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200, bodyBytes: 10 });
  });

  it('a storage connect pending more than 5 s is given up when the next file for that host comes, and every file queued there moves on', () => {
    const proxy = new PerlbalHarness();
    const first = proxy.request('/a', reproxyReply(urls)).client;
    proxy.advance(5_000);
    // Made at second 0: at second 5 it is not yet older than 5 s (ReproxyManager.pm `create_time < time() - 5`).
    const second = proxy.request('/b', reproxyReply(urls)).client;
    expect(proxy.connects().filter((c) => c.host === 'store2')).toEqual([]);
    proxy.advance(1_000);
    const third = proxy.request('/c', reproxyReply(urls)).client;
    expect(proxy.connects().filter((c) => c.host === 'store2')).toHaveLength(1);
    const storage = proxy.connected(proxy.lastConnectTo('store2').tag);
    for (let n = 0; n < 3; n += 1) proxy.message(storage, response(200, 10));
    for (const client of [first, second, third]) expect(proxy.lastSent(client)).toMatchObject({ status: 200 });
  });

  it('a storage connect still pending after 15 s is closed and made again, the queue staying for the host', () => {
    const proxy = new PerlbalHarness();
    const { client } = proxy.request('/file', reproxyReply(urls));
    const stuck = proxy.lastConnect().tag;
    proxy.advance(14_999);
    expect(proxy.reproxyConnects()).toBe(1);
    proxy.advance(1);
    expect(proxy.reproxyConnects()).toBe(2);
    expect(proxy.lastConnect()).toMatchObject({ host: 'store1' });
    expect(proxy.reset(proxy.connected(stuck))).toBe(true);
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(200, 10));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200 });
  });

  it('a failed connect while another connection to the host is open leaves the queue waiting for that connection', () => {
    const proxy = new PerlbalHarness();
    const first = proxy.request('/a', reproxyReply(urls)).client;
    const busy = proxy.connected(proxy.lastConnect().tag);
    const second = proxy.request('/b', reproxyReply(urls)).client;
    proxy.connectFailed(proxy.lastConnectTo('store1').tag);
    expect(proxy.connects().filter((c) => c.host === 'store2')).toEqual([]);
    proxy.message(busy, response(200, 10));
    proxy.message(busy, response(200, 10));
    for (const client of [first, second]) expect(proxy.lastSent(client)).toMatchObject({ status: 200 });
  });

  it('a 404 from the first storage node moves on to the next URL', () => {
    const proxy = new PerlbalHarness();
    const { client } = proxy.request('/file', reproxyReply(urls));
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(404, 0));
    expect(proxy.lastConnect()).toMatchObject({ host: 'store2' });
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(200, 10));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200 });
  });

  it('a size other than X-REPROXY-EXPECTED-SIZE moves on to the next URL', () => {
    const proxy = new PerlbalHarness();
    const { client } = proxy.request('/file', reproxyReply(urls, 100));
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(200, 99));
    expect(proxy.sent(client)).toEqual([]);
    expect(proxy.lastConnect()).toMatchObject({ host: 'store2' });
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(200, 100));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200, bodyBytes: 100 });
  });

  it('answers 503 when every URL failed', () => {
    const proxy = new PerlbalHarness();
    const { client } = proxy.request('/file', reproxyReply(urls));
    proxy.connectFailed(proxy.lastConnect().tag);
    proxy.message(proxy.connected(proxy.lastConnect().tag), response(500, 0));
    expect(proxy.lastSent(client)).toMatchObject({ status: 503 });
    expect(proxy.responses()).toEqual([{ type: 'perlbal.response', clientConnId: client, status: 503, reproxied: true }]);
    expect(proxy.closed(client)).toBe(true);
  });

  it('a client that left is not answered, and its queued file is not fetched', () => {
    const proxy = new PerlbalHarness();
    const { client } = proxy.request('/file', reproxyReply(urls));
    proxy.peerClosed(client);
    const storage = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.sent(storage)).toEqual([]);
    expect(proxy.responses()).toEqual([]);
  });
});
