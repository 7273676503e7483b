import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userpicBytes } from '../../../sim/live/http/userpicBytes.js';
import { httpGet } from './httpGet.js';
import { startLiveStack, type LiveStack } from './liveStack.js';

describe('our Perlbal on loopback in front of the userpic app and two storage nodes', () => {
  let stack: LiveStack;
  beforeAll(async () => {
    stack = await startLiveStack({ nodes: 2, files: 8 });
  });
  afterAll(() => stack?.stop());

  it('fetches a userpic reproxied from storage, byte for byte, with the app\'s content type', async () => {
    const got = await httpGet(stack.perlbal.port, '/userpic/3');
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/gif');
    expect(got.headers['x-reproxy-url']).toBeUndefined();
    expect(Buffer.compare(got.body, Buffer.from(userpicBytes(3)))).toBe(0);
  });

  it('proxies a page that is not reproxied', async () => {
    const got = await httpGet(stack.perlbal.port, '/about');
    expect(got.status).toBe(200);
    expect(got.body.toString()).toContain('page /about');
  });

  it('answers 503 for a userpic no storage node holds', async () => {
    const got = await httpGet(stack.perlbal.port, '/userpic/99');
    expect(got.status).toBe(503);
    expect(got.body.toString()).toBe('<h1>503 - Service Unavailable</h1>\n');
  });
});

describe('reproxy modes on the real kernel', () => {
  /** Fetches userpics 0..count-1 one after another through a fresh stack; how many storage connections they took. */
  async function storageConnections(reproxyMode: 'close' | 'keepalive', count: number): Promise<number> {
    const stack = await startLiveStack({ nodes: 1, files: count, perlbal: { reproxyMode } });
    try {
      for (let n = 0; n < count; n++) {
        const got = await httpGet(stack.perlbal.port, `/userpic/${n}`);
        expect(Buffer.compare(got.body, Buffer.from(userpicBytes(n))), `userpic ${n} in ${reproxyMode} mode`).toBe(0);
      }
      return stack.storage[0]!.accepted();
    } finally {
      await stack.stop();
    }
  }

  it('close mode opens one storage connection per file; keepalive reuses one', async () => {
    const closeCount = await storageConnections('close', 12);
    const keepaliveCount = await storageConnections('keepalive', 12);
    expect(closeCount).toBe(12);
    expect(keepaliveCount).toBe(1);
  });
});
