import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpDecoder } from '../../../sim/live/http/httpDecoder.js';
import { httpLimitDefaults } from '../../../sim/live/http/httpLimits.js';
import type { LiveHttpProcess } from '../../../sim/live/http/liveHttpProcess.js';
import { startLiveMogstored } from '../../../sim/live/http/liveMogstored.js';
import { userpicBytes } from '../../../sim/live/http/userpicBytes.js';
import { rawExchange } from './rawExchange.js';

function requestDecoder() {
  return new HttpDecoder('request', httpLimitDefaults);
}

describe('the HTTP decoder', () => {
  it('reads a chunked body split at every byte as one request with its length', () => {
    const wire = Buffer.from('PUT /dev1/9.fid HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n');
    const decoder = requestDecoder();
    const messages: unknown[] = [];
    for (let i = 0; i < wire.length; i++) {
      const result = decoder.push(wire.subarray(i, i + 1));
      expect(result.error).toBeNull();
      messages.push(...result.messages);
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ method: 'PUT', path: '/dev1/9.fid', bodyBytes: 11, headers: { 'content-length': '11' } });
    expect(Buffer.from((messages[0] as { body: Uint8Array }).body).toString()).toBe('hello world');
  });

  it('refuses a second request sent before the first is answered, and reads the next one after it is', () => {
    const decoder = requestDecoder();
    expect(decoder.push(Buffer.from('GET /a HTTP/1.1\r\n\r\n')).messages).toHaveLength(1);
    expect(decoder.sent({ kind: 'httpResponse' })).toBeNull();
    expect(decoder.push(Buffer.from('GET /b HTTP/1.1\r\n\r\n')).messages).toHaveLength(1);
    expect(decoder.push(Buffer.from('GET /c HTTP/1.1\r\n\r\n')).error?.reason).toBe('pipelined');
  });

  it('refuses both Content-Length and Transfer-Encoding, a bad chunk size and an oversized head', () => {
    expect(requestDecoder().push(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n')).error?.reason).toBe('ambiguousLength');
    expect(requestDecoder().push(Buffer.from('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).error?.reason).toBe('badChunk');
    expect(requestDecoder().push(Buffer.alloc(httpLimitDefaults.headBytesMax + 2, 'a')).error?.reason).toBe('headTooLarge');
  });

  it('reads a response to HEAD without a body, and one without a length until the server closes', () => {
    const decoder = new HttpDecoder('response', httpLimitDefaults);
    decoder.sent({ kind: 'httpRequest', method: 'HEAD' });
    decoder.sent({ kind: 'httpRequest', method: 'GET' });
    const head = decoder.push(Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.0 200 OK\r\n\r\nab'));
    expect(head.messages).toEqual([expect.objectContaining({ status: 200, bodyBytes: 0 })]);
    expect(decoder.end().messages).toEqual([expect.objectContaining({ status: 200, bodyBytes: 2 })]);
  });
});

describe('a live HTTP server given bad input', () => {
  let root: string;
  let node: LiveHttpProcess;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sim-httpcodec-'));
    node = await startLiveMogstored({ host: '127.0.0.1', port: 0, root, files: 2, device: 1 });
  });
  afterAll(async () => {
    await node?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers garbage, an oversized head and a bad chunk with 400 and a close while a keep-alive client is served', async () => {
    const keptAlive = connect({ host: '127.0.0.1', port: node.port });
    const received: Buffer[] = [];
    keptAlive.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise((resolve) => keptAlive.once('connect', resolve));
    const ask = (n: number) => keptAlive.write(`GET /dev1/${n}.fid HTTP/1.1\r\nHost: x\r\n\r\n`);
    const answered = async (bytes: number) => {
      while (Buffer.concat(received).length < bytes) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    ask(0);
    const [garbage, oversized, badChunk] = await Promise.all([
      rawExchange(node.port, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a])),
      rawExchange(node.port, `GET / HTTP/1.1\r\nX: ${'a'.repeat(200 * 1024)}\r\n\r\n`),
      rawExchange(node.port, 'PUT /dev1/7.fid HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\n'),
    ]);
    for (const exchange of [garbage, badChunk]) {
      expect(exchange.closed).toBe(true);
      expect(exchange.text).toMatch(/^HTTP\/1\.0 400 /);
    }
    expect(oversized.closed).toBe(true);
    expect(oversized.text).toMatch(/^HTTP\/1\.0 431 /);
    const first = userpicBytes(0).length;
    await answered(first);
    ask(1);
    await answered(first + userpicBytes(1).length);
    const text = Buffer.concat(received).toString('latin1');
    expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    keptAlive.destroy();
  });

  it('refuses a pipelined request with 400 and a close', async () => {
    const exchange = await rawExchange(node.port, 'GET /dev1/0.fid HTTP/1.1\r\n\r\nGET /dev1/1.fid HTTP/1.1\r\n\r\n');
    expect(exchange.closed).toBe(true);
    expect(exchange.text).toContain('400 Bad Request');
  });
});
