import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { processStartEvent } from '../../../sim/contract/processStart.js';
import type { HttpResponse } from '../../../sim/models/http/httpMessage.js';
import { storageNodeMachine, type StorageNodeEffect } from '../../../sim/models/mogilefs/storageNode.js';

describe('storage node admin.putFile (a replication copy landing)', () => {
  it('a GET that answered 404 answers 200 with the size once the file is put, and nothing is sent for the put itself', () => {
    const effects: StorageNodeEffect[] = [];
    const actor = createActor(storageNodeMachine, { input: {} });
    actor.on('*', (effect) => void effects.push(effect));
    actor.start();
    actor.send(processStartEvent);
  actor.send(processStartEvent);
    const get = (): HttpResponse => {
      const start = effects.length;
      actor.send({ type: 'tcp.message', connId: 1, message: { kind: 'httpRequest', method: 'GET', path: '/dev3/42.fid', version: '1.0', headers: { connection: 'keep-alive' }, bodyBytes: 0 } });
      const sent = effects.slice(start).find((effect) => effect.type === 'tcp.send');
      return (sent as Extract<StorageNodeEffect, { type: 'tcp.send' }>).message as HttpResponse;
    };
    expect(get().status).toBe(404);
    const before = effects.length;
    actor.send({ type: 'admin.putFile', path: '/dev3/42.fid', sizeBytes: 12_345 });
    expect(effects.length).toBe(before);
    expect(get()).toMatchObject({ status: 200, bodyBytes: 12_345, headers: { 'content-length': '12345' } });
  });
});
