import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';

/**
 * The storage node and the web app of the reproxy stack as small real servers, until
 * `sim live mogstored` and `sim live app` serve the simulator's own machines. They behave
 * as the models do (sim/models/mogilefs/, sim/models/app/webApp.ts): the app answers
 * `GET /userpic/<n>` with an empty 200 carrying `X-REPROXY-URL`, then closes; the storage
 * node answers `GET /dev1/<fid>.fid` with the file's bytes.
 */
export type StorageConnectionPolicy = 'close' | 'keepalive';

/** File sizes around 20 KB, as the port-exhaustion scenario stores them. */
export function fileSizeBytes(fid: number): number {
  return 16_000 + ((fid * 7_919) % 8_000);
}

/**
 * The storage node. `close`: it answers HTTP/1.0 without keep-alive and waits for the
 * proxy to close first, so the TIME_WAIT stays on the proxy (the scenario's closer=proxy).
 * `keepalive`: it honours `Connection: keep-alive` and serves the next request on the same
 * connection, as mogstored (a Perlbal web server with persist_client) does.
 */
export function startStorageNode(host: string, port: number, policy: StorageConnectionPolicy): Promise<Server> {
  const server = createTcpServer({ allowHalfOpen: true }, (socket) => serveStorage(socket, policy));
  return listen(server, host, port);
}

function serveStorage(socket: Socket, policy: StorageConnectionPolicy): void {
  // Nagle would hold a response's last partial segment until the proxy ACKs the one
  // before, and the proxy delays that ACK (40 ms on Linux, net/ipv4/tcp_output.c
  // tcp_send_delayed_ack): on a kept-alive connection every file then took ~44 ms.
  socket.setNoDelay(true);
  let buffered = '';
  socket.on('error', () => socket.destroy());
  socket.on('end', () => socket.end());
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let headEnd: number;
    while ((headEnd = buffered.indexOf('\r\n\r\n')) >= 0) {
      const head = buffered.slice(0, headEnd);
      buffered = buffered.slice(headEnd + 4);
      const fid = Number(/^GET \/dev\d+\/(\d+)\.fid /.exec(head)?.[1] ?? NaN);
      const keepAlive = policy === 'keepalive' && /^connection:\s*keep-alive/im.test(head);
      if (!Number.isInteger(fid)) {
        socket.end('HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const bytes = fileSizeBytes(fid);
      socket.write(storageResponse(bytes, keepAlive));
    }
  });
}

/**
 * One response as one buffer, headers and bytes together: two writes on a kept-alive
 * connection are the write-write-read pattern that meets the reader's delayed ACK.
 */
export function storageResponse(bytes: number, keepAlive: boolean): Buffer {
  const connection = keepAlive ? 'Connection: keep-alive\r\n' : '';
  const head = `HTTP/1.0 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: ${bytes}\r\n${connection}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.alloc(bytes, 0x61)]);
}

/** The web app: every userpic is reproxied from `storageUrls` (one URL per storage node). */
export function startWebApp(host: string, port: number, storageUrls: readonly string[]): Promise<Server> {
  const server = createHttpServer((request, response) => {
    const n = Number(/^\/userpic\/(?:pic)?(\d+)$/.exec(request.url ?? '')?.[1] ?? NaN);
    if (!Number.isInteger(n)) {
      response.writeHead(404, { 'Content-Length': 0, Connection: 'close' }).end();
      return;
    }
    const urls = storageUrls.map((base) => `${base}/dev1/${n + 1}.fid`).join(' ');
    response.writeHead(200, { 'X-REPROXY-URL': urls, 'Content-Length': 0, Connection: 'close' }).end();
  });
  return listen(server as unknown as Server, host, port);
}

function listen(server: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => resolve(server));
  });
}
