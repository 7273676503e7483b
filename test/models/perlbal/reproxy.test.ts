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

  it('a connect to storage not done in 5 s moves on to the next URL', () => {
    const proxy = new PerlbalHarness();
    proxy.request('/file', reproxyReply(urls));
    proxy.advance(5_000);
    expect(proxy.lastConnect()).toMatchObject({ host: 'store2' });
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
