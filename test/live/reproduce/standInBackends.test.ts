import { connect, Socket, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileSizeBytes, startStorageNode, storageResponse } from '../../../sim/live/reproduce/standInBackends.js';

/** Sends `fids` one after another on one kept-alive connection; resolves once every answer is complete. */
async function fetchSequentially(port: number, fids: readonly number[]): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  for (const fid of fids) {
    await new Promise<void>((resolve) => {
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        received = Buffer.concat([received, chunk]);
        if (received.length < storageResponse(fileSizeBytes(fid), true).length) return;
        socket.off('data', onData);
        resolve();
      };
      socket.on('data', onData);
      socket.write(`GET /dev1/${fid}.fid HTTP/1.0\r\nConnection: keep-alive\r\n\r\n`);
    });
  }
  socket.destroy();
}

describe('the stand-in storage node', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    vi.restoreAllMocks();
  });

  it('answers each request on a kept-alive connection with one write, so Nagle holds no tail for the proxy\'s delayed ACK', async () => {
    server = await startStorageNode('127.0.0.1', 0, 'keepalive');
    const port = (server.address() as { port: number }).port;
    const write = vi.spyOn(Socket.prototype, 'write');
    await fetchSequentially(port, [1, 2, 3, 4]);
    const answers = write.mock.calls.map(([data]) => Buffer.from(data as string | Uint8Array)).filter((data) => !data.toString('latin1').startsWith('GET '));
    expect(answers.map((data) => data.length)).toEqual([1, 2, 3, 4].map((fid) => storageResponse(fileSizeBytes(fid), true).length));
  });

  it('says keep-alive only when asked to keep the connection', () => {
    expect(storageResponse(100, true).toString('latin1')).toMatch(/^HTTP\/1\.0 200 OK\r\n[^]*Connection: keep-alive\r\n\r\na{100}$/);
    expect(storageResponse(100, false).toString('latin1')).not.toMatch(/keep-alive/i);
  });
});
