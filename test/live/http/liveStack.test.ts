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
