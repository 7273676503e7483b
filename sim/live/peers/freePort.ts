import { createServer } from 'node:net';

/**
 * A port free on `host` right now: bound to 0, read, released. Another process could take
 * it before the caller binds it; on loopback in a test that race is rare, and the caller's
 * bind then fails loudly rather than talking to the wrong server.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
