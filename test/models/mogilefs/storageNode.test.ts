import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { processStartEvent } from '../../../sim/contract/processStart.js';
import type { HttpRequest, HttpResponse } from '../../../sim/models/http/httpMessage.js';
import { storageNodeMachine, type StorageNodeEffect } from '../../../sim/models/mogilefs/storageNode.js';

function startNode(files: Record<string, number> = {}) {
  const effects: StorageNodeEffect[] = [];
  const actor = createActor(storageNodeMachine, { input: { files } });
  actor.on('*', (effect) => void effects.push(effect));
  actor.start();
  actor.send(processStartEvent);
  const send = (connId: number, message: unknown): StorageNodeEffect[] => {
    const start = effects.length;
    actor.send({ type: 'tcp.message', connId, message });
    return effects.slice(start);
  };
  return { actor, effects, send };
}

function http(method: HttpRequest['method'], path: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { kind: 'httpRequest', method, path, version: '1.1', headers: {}, bodyBytes: 0, ...extra };
}

function responseOf(effects: StorageNodeEffect[]): HttpResponse {
  const sent = effects.find((effect) => effect.type === 'tcp.send');
  if (!sent || sent.type !== 'tcp.send') throw new Error('no response sent');
  return sent.message as HttpResponse;
}

describe('storage node (mogstored)', () => {
  it('listens on 7500 for HTTP and 7501 for the side channel', () => {
    const { effects } = startNode();
    expect(effects.filter((effect) => effect.type === 'tcp.listen').map((effect) => effect.type === 'tcp.listen' && effect.port)).toEqual([7500, 7501]);
  });

  it('GET of a held file answers 200 with its size as content-length and body', () => {
    const { send } = startNode({ '/dev1/7.fid': 5_000 });
    const response = responseOf(send(1, http('GET', '/dev1/7.fid')));
    expect(response).toMatchObject({ status: 200, bodyBytes: 5_000, headers: { 'content-length': '5000' } });
  });

  it('HEAD answers the size without a body', () => {
    const { send } = startNode({ '/dev1/7.fid': 5_000 });
    expect(responseOf(send(1, http('HEAD', '/dev1/7.fid')))).toMatchObject({ status: 200, bodyBytes: 0, headers: { 'content-length': '5000' } });
  });

  it('GET of an absent file answers 404 and keeps a keep-alive connection open', () => {
    const { send } = startNode();
    const effects = send(1, http('GET', '/dev1/8.fid'));
    expect(responseOf(effects).status).toBe(404);
    expect(effects.some((effect) => effect.type === 'tcp.close')).toBe(false);
  });

  it('PUT stores the body size, and a later GET returns it', () => {
    const { send } = startNode();
    expect(responseOf(send(1, http('PUT', '/dev2/9.fid', { bodyBytes: 1_234 }))).status).toBe(200);
    expect(responseOf(send(1, http('GET', '/dev2/9.fid'))).bodyBytes).toBe(1_234);
  });

  it('PUT to a path that is not a fid file answers 400', () => {
    const { send } = startNode();
    expect(responseOf(send(1, http('PUT', '/etc/passwd', { bodyBytes: 10 }))).status).toBe(400);
  });

  it('DELETE removes the file: 204, then GET is 404 and a second DELETE is 404', () => {
    const { send } = startNode({ '/dev1/7.fid': 5_000 });
    expect(responseOf(send(1, http('DELETE', '/dev1/7.fid'))).status).toBe(204);
    expect(responseOf(send(1, http('GET', '/dev1/7.fid'))).status).toBe(404);
    expect(responseOf(send(1, http('DELETE', '/dev1/7.fid'))).status).toBe(404);
  });

  it('closes after the response when the exchange is not keep-alive', () => {
    const { send } = startNode({ '/dev1/7.fid': 5_000 });
    const plain10 = send(1, http('GET', '/dev1/7.fid', { version: '1.0' }));
    expect(plain10.map((effect) => effect.type)).toEqual(['tcp.send', 'tcp.close']);
    const close11 = send(2, http('GET', '/dev1/7.fid', { headers: { connection: 'close' } }));
    expect(close11.map((effect) => effect.type)).toEqual(['tcp.send', 'tcp.close']);
    const keepAlive10 = send(3, http('GET', '/dev1/7.fid', { version: '1.0', headers: { connection: 'keep-alive' } }));
    expect(keepAlive10.map((effect) => effect.type)).toEqual(['tcp.send']);
    expect(responseOf(keepAlive10).headers.connection).toBe('keep-alive');
  });

  it('closes its side when the client sends FIN', () => {
    const { actor, effects } = startNode();
    actor.send({ type: 'tcp.peerClosed', connId: 4 });
    expect(effects.at(-1)).toEqual({ type: 'tcp.close', connId: 4 });
  });

  it('side channel answers a held file size, and -1 for an absent one, leaving the socket open', () => {
    const { send } = startNode({ '/dev1/7.fid': 5_000 });
    expect(send(5, { kind: 'sizeRequest', path: '/dev1/7.fid' })).toEqual([
      { type: 'tcp.send', connId: 5, message: { kind: 'sizeReply', path: '/dev1/7.fid', sizeBytes: 5_000 } },
    ]);
    expect(send(5, { kind: 'sizeRequest', path: '/dev1/8.fid' })).toEqual([
      { type: 'tcp.send', connId: 5, message: { kind: 'sizeReply', path: '/dev1/8.fid', sizeBytes: -1 } },
    ]);
  });
});
