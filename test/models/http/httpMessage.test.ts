import { describe, expect, it } from 'vitest';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../../../sim/models/http/httpMessage.js';

const request = (version: '1.0' | '1.1', headers: Record<string, string> = {}, method: HttpRequest['method'] = 'GET'): HttpRequest =>
  ({ kind: 'httpRequest', method, path: '/dev1/1.fid', version, headers, bodyBytes: 0 });
const response = (version: '1.0' | '1.1', headers: Record<string, string>, status = 200): HttpResponse =>
  ({ kind: 'httpResponse', status, version, headers, bodyBytes: 100 });

describe('HTTP keep-alive (DOMAIN.md §3)', () => {
  it('HTTP/1.0 keeps the connection only when both sides say keep-alive', () => {
    expect(keepsAlive(request('1.0'), response('1.0', { 'content-length': '100' }))).toBe(false);
    expect(keepsAlive(request('1.0', { connection: 'keep-alive' }), response('1.0', { connection: 'keep-alive', 'content-length': '100' }))).toBe(true);
  });

  it('HTTP/1.1 is persistent unless either side says close', () => {
    expect(keepsAlive(request('1.1'), response('1.1', { 'content-length': '100' }))).toBe(true);
    expect(keepsAlive(request('1.1', { connection: 'close' }), response('1.1', { 'content-length': '100' }))).toBe(false);
    expect(keepsAlive(request('1.1'), response('1.1', { connection: 'close', 'content-length': '100' }))).toBe(false);
  });

  it('a response without Content-Length ends the connection, except 204, 304 and HEAD', () => {
    expect(keepsAlive(request('1.1'), response('1.1', {}))).toBe(false);
    expect(keepsAlive(request('1.1'), response('1.1', {}, 204))).toBe(true);
    expect(keepsAlive(request('1.1'), response('1.1', {}, 304))).toBe(true);
    expect(keepsAlive(request('1.1', {}, 'HEAD'), response('1.1', {}))).toBe(true);
  });
});
