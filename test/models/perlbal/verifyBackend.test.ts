import { describe, expect, it } from 'vitest';
import { get, PerlbalHarness, response } from './perlbalHarness.js';

describe('perlbal verify_backend', () => {
  it('off (the default): the request goes first on a new backend connection', () => {
    const proxy = new PerlbalHarness();
    proxy.client(get('/'));
    const backend = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.sent(backend)).toEqual([expect.objectContaining({ method: 'GET' })]);
  });

  it('on: sends OPTIONS * first, then the request once the backend answers 200', () => {
    const proxy = new PerlbalHarness({ verifyBackend: true });
    const client = proxy.client(get('/page'));
    const backend = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.sent(backend)).toEqual([expect.objectContaining({ method: 'OPTIONS', path: '*' })]);
    proxy.message(backend, response(200, 0));
    expect(proxy.lastSent(backend)).toMatchObject({ method: 'GET', path: '/page' });
    proxy.message(backend, response(200, 7));
    expect(proxy.lastSent(client)).toMatchObject({ status: 200, bodyBytes: 7 });
  });

  it('on: a verified backend is not asked again for 60 s, then is', () => {
    const proxy = new PerlbalHarness({ verifyBackend: true });
    const first = proxy.client(get('/'));
    const backend = proxy.connected(proxy.lastConnect().tag);
    proxy.message(backend, response(200, 0));
    proxy.message(backend, response(200, 1));
    expect(proxy.closed(first)).toBe(true);
    proxy.advance(59_999);
    proxy.client(get('/again'));
    const second = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.sent(second)).toEqual([expect.objectContaining({ method: 'GET' })]);
    proxy.advance(1);
    proxy.client(get('/later'));
    const third = proxy.connected(proxy.lastConnect().tag);
    expect(proxy.sent(third)).toEqual([expect.objectContaining({ method: 'OPTIONS' })]);
  });

  it('on: a backend failing OPTIONS is dropped and another connect is tried', () => {
    const proxy = new PerlbalHarness({ verifyBackend: true });
    proxy.client(get('/'));
    const backend = proxy.connected(proxy.lastConnect().tag);
    proxy.message(backend, response(500, 0));
    expect(proxy.closed(backend)).toBe(true);
    expect(proxy.connects()).toHaveLength(2);
  });
});
