import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../sim/cli/main.js';
import { startLiveJobHub } from '../../../sim/live/jobhub/liveJobHub.js';
import { gearmanLoadDefaults } from '../../../sim/live/load/gearmanLoadSettings.js';
import { runGearmanLoad } from '../../../sim/live/load/runGearmanLoad.js';
import { runHttpLoad } from '../../../sim/live/load/runHttpLoad.js';

let err = '';
beforeEach(() => {
  err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('load drivers', () => {
  it('the Gearman driver completes jobs through the live hub without errors and reports their latency', async () => {
    const hub = await startLiveJobHub({ port: 0 });
    try {
      const result = await runGearmanLoad({ ...gearmanLoadDefaults, host: hub.host, port: hub.port, clients: 4, workers: 2, outstandingPerClient: 4, durationMs: 300 });
      expect(result.errors).toBe(0);
      expect(result.completed).toBeGreaterThan(0);
      expect(result.ratePerSec).toBe(Math.round(result.completed / (result.durationMs / 1000)));
      expect(result.latencyMs.p50).not.toBeNull();
      expect(result.latencyMs.p50 as number).toBeLessThanOrEqual(result.latencyMs.p99 as number);
    } finally {
      await hub.stop();
    }
  });

  it('the HTTP driver wraps autocannon into the same result shape', async () => {
    const server: Server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = server.address() as { port: number };
    try {
      const result = await runHttpLoad({ url: `http://127.0.0.1:${port}/`, connections: 2, pipelining: 1, durationMs: 1000 });
      expect(result.tool).toBe('http');
      expect(result.errors).toBe(0);
      expect(result.completed).toBeGreaterThan(0);
      expect(result.latencyMs.p99).not.toBeNull();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    [['gearman', '--target', 'nohost'], /--target expects host:port/],
    [['gearman', '--target', '127.0.0.1:4730', '--duration', '10 years'], /--duration expects a duration such as 500ms/],
    [['gearman', '--target', '127.0.0.1:4730', '--clients', '0'], /--clients expects an integer from 1 to 1000/],
    [['http', '--url', 'not a url'], /--url expects an http:\/\/ URL/],
  ])('sim load %j exits 2 naming the bad option', async (args, message) => {
    expect(await main(['load', ...args])).toBe(2);
    expect(err).toMatch(message);
  });
});
