import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * A loopback HTTP server that pauses like a stop-the-world collector: during `stallMs` of
 * every `periodMs` (starting `firstStallAtMs` after it starts) it answers nothing, and the
 * requests that came in meanwhile are answered when the pause ends.
 */
export async function startStallingServer(timing: { periodMs: number; stallMs: number; firstStallAtMs: number }): Promise<{ url: string; close(): Promise<void> }> {
  const startMs = performance.now();
  const stallLeftMs = (): number => {
    const phaseMs = (performance.now() - startMs - timing.firstStallAtMs + timing.periodMs) % timing.periodMs;
    return phaseMs < timing.stallMs ? timing.stallMs - phaseMs : 0;
  };
  const server: Server = createServer((_request, response) => {
    const waitMs = stallLeftMs();
    if (waitMs === 0) response.end('ok');
    else setTimeout(() => response.end('ok'), waitMs);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
