import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveHttpProcess } from '../../../sim/live/http/liveHttpProcess.js';
import { startLiveMogstored } from '../../../sim/live/http/liveMogstored.js';
import { freePort } from '../../../sim/live/peers/freePort.js';

/**
 * What one proxy under test talks to, its own so connections are counted per proxy: a web
 * backend (node:http, keep-alive as any modern server) whose paths ask for each reproxy
 * case, two storage nodes (our live mogstored, userpics 0..7 on dev1 and dev2), and a port
 * where nothing listens.
 */
export interface ConformanceWorld {
  readonly backendPort: number;
  backendConnections(): number;
  storageConnections(): number;
  stop(): Promise<void>;
}

const host = '127.0.0.1';
export const userpicCount = 8;

export async function startConformanceWorld(): Promise<ConformanceWorld> {
  const root = mkdtempSync(join(tmpdir(), 'sim-perlbal-world-'));
  const nodes: LiveHttpProcess[] = [];
  for (const device of [1, 2]) nodes.push(await startLiveMogstored({ host, port: 0, root, files: userpicCount, device }));
  const deadPort = await freePort(host);
  const [one, two] = nodes.map((node) => `${host}:${node.port}`) as [string, string];
  const urlsFor: Record<string, (n: string) => string> = {
    one: (n) => `http://${one}/dev1/${n}.fid`,
    two: (n) => `http://${one}/dev1/${n}.fid http://${two}/dev2/${n}.fid`,
    missingFirst: (n) => `http://${one}/dev1/missing-${n}.fid http://${two}/dev2/${n}.fid`,
    deadFirst: (n) => `http://${host}:${deadPort}/dev1/${n}.fid http://${two}/dev2/${n}.fid`,
    allDead: (n) => `http://${host}:${deadPort}/dev1/${n}.fid`,
  };
  let backendConnections = 0;
  const backend: Server = createServer((request, response) => {
    const [, kind = '', n = '0'] = (request.url ?? '/').split('/');
    if (kind === 'closes') return void request.socket.destroy();
    const urls = urlsFor[kind];
    if (urls) {
      response.writeHead(200, { 'Content-Type': 'image/gif', 'X-REPROXY-URL': urls(n), 'Content-Length': '0' });
      return void response.end();
    }
    const body = `page ${request.url}\n`;
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) });
    response.end(body);
  });
  backend.on('connection', () => (backendConnections += 1));
  await new Promise<void>((resolve) => backend.listen({ host, port: 0 }, resolve));
  const backendPort = (backend.address() as { port: number }).port;
  return {
    backendPort,
    backendConnections: () => backendConnections,
    storageConnections: () => nodes.reduce((sum, node) => sum + node.accepted(), 0),
    stop: async () => {
      backend.closeAllConnections();
      await new Promise((resolve) => backend.close(resolve));
      await Promise.all(nodes.map((node) => node.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
