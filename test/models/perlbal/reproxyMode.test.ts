import { describe, expect, it } from 'vitest';
import { PerlbalHarness, reproxyReply, response } from './perlbalHarness.js';

const file = (n: number) => reproxyReply([`http://store1:7500/dev1/${n}.fid`]);

describe('perlbal reproxy connections, close mode (before 1.01)', () => {
  it('opens one new Connection: close connection per reproxied file, and the proxy closes it after the body', () => {
    const proxy = new PerlbalHarness({ reproxyMode: 'close' });
    const storages: number[] = [];
    for (let n = 1; n <= 3; n += 1) {
      proxy.request(`/f${n}`, file(n));
      const storage = proxy.connected(proxy.lastConnect().tag);
      expect(proxy.lastSent(storage)).toMatchObject({ headers: { connection: 'close' } });
      proxy.message(storage, response(200, 10, { connection: 'close' }));
      // The proxy closes first, so the TIME_WAIT stays on the proxy host (DOMAIN.md §3, §6).
      expect(proxy.closed(storage)).toBe(true);
      storages.push(storage);
    }
    expect(new Set(storages).size).toBe(3);
    expect(proxy.reproxyConnects()).toBe(3);
  });
});

describe('perlbal reproxy connections, keepalive mode (1.01)', () => {
  it('closes the connection of a URL that failed with 404 even though it was kept alive, and the next file connects anew (ClientProxy.pm non_200_reproxy)', () => {
    const proxy = new PerlbalHarness({ reproxyMode: 'keepalive' });
    proxy.request('/f1', file(1));
    const storage = proxy.connected(proxy.lastConnect().tag);
    proxy.message(storage, response(404, 0));
    expect(proxy.closed(storage)).toBe(true);
    proxy.request('/f2', file(2));
    expect(proxy.reproxyConnects()).toBe(2);
  });

  it('reuses one connection for consecutive files to the same storage host while it has been idle 5 s at most', () => {
    const proxy = new PerlbalHarness({ reproxyMode: 'keepalive' });
    proxy.request('/f1', file(1));
    const storage = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.lastSent(storage)).toMatchObject({ headers: { connection: 'keep-alive' } });
    proxy.message(storage, response(200, 10));
    for (let n = 2; n <= 5; n += 1) {
      proxy.advance(1_000);
      const { client } = proxy.request(`/f${n}`, file(n));
      expect(proxy.lastSent(storage)).toMatchObject({ path: `/dev1/${n}.fid` });
      proxy.message(storage, response(200, 10));
      expect(proxy.lastSent(client)).toMatchObject({ status: 200 });
    }
    expect(proxy.reproxyConnects()).toBe(1);
    proxy.advance(5_000);
    proxy.request('/f6', file(6));
    expect(proxy.lastSent(storage)).toMatchObject({ path: '/dev1/6.fid' });
    proxy.message(storage, response(200, 10));
    expect(proxy.reproxyConnects()).toBe(1);
    // Idle more than 5 s: the next file closes it rather than risk the server's idle close (ReproxyManager.pm).
    proxy.advance(6_000);
    proxy.request('/f7', file(7));
    expect(proxy.closed(storage)).toBe(true);
    expect(proxy.reproxyConnects()).toBe(2);
  });

  it('a storage node that answers Connection: close gets a new connection per file', () => {
    const proxy = new PerlbalHarness({ reproxyMode: 'keepalive' });
    for (let n = 1; n <= 2; n += 1) {
      proxy.request(`/f${n}`, file(n));
      const storage = proxy.connected(proxy.lastConnect().tag);
      proxy.message(storage, response(200, 10, { connection: 'close' }));
      expect(proxy.closed(storage)).toBe(true);
    }
    expect(proxy.reproxyConnects()).toBe(2);
  });

  it('keeps one connect in flight per storage host; queued files wait and are served on the connection in turn', () => {
    const proxy = new PerlbalHarness({ reproxyMode: 'keepalive' });
    const clients = [1, 2, 3].map((n) => proxy.request(`/f${n}`, file(n)).client);
    expect(proxy.reproxyConnects()).toBe(1);
    const storage = proxy.connected(proxy.lastConnectTo('store1').tag);
    // The new connection takes the first file; the others wait for it (ReproxyManager.pm `register_boredom`).
    expect(proxy.reproxyConnects()).toBe(1);
    expect(proxy.sent(storage)).toHaveLength(1);
    proxy.message(storage, response(200, 10));
    expect(proxy.lastSent(storage)).toMatchObject({ path: '/dev1/2.fid' });
    proxy.message(storage, response(200, 10));
    expect(proxy.lastSent(storage)).toMatchObject({ path: '/dev1/3.fid' });
    proxy.message(storage, response(200, 10));
    for (const client of clients) expect(proxy.lastSent(client)).toMatchObject({ status: 200 });
    expect(proxy.reproxyConnects()).toBe(1);
    expect(proxy.closed(storage)).toBe(false);
  });

  it('connects to different storage hosts go out at once', () => {
    const proxy = new PerlbalHarness({ reproxyMode: 'close' });
    proxy.request('/a', reproxyReply(['http://store1:7500/a']));
    proxy.request('/b', reproxyReply(['http://store2:7500/b']));
    proxy.request('/c', reproxyReply(['http://store1:7500/c']));
    expect(proxy.effects.filter((effect) => effect.type === 'perlbal.reproxyConnect').map((effect) => effect.type === 'perlbal.reproxyConnect' && effect.host)).toEqual([
      'store1',
      'store2',
    ]);
  });
});
