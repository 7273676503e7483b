import { createServer, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { intendedTimesMs } from '../../../sim/live/load/intendedTimes.js';
import { runOpenModelLoad } from '../../../sim/live/load/openModelLoad.js';
import { runHttpLoad } from '../../../sim/live/load/runHttpLoad.js';
import { simCli } from '../../helpers/simCli.js';
import { startStallingServer } from './stallingServer.js';

const stall = { periodMs: 10_000, stallMs: 1_000, firstStallAtMs: 4_000 };
const ratePerSec = 100;
const durationMs = 10_000;

describe('the open-model HTTP driver', () => {
  it('spaces requests evenly at the rate the shape gives, and pauses while the rate is zero', () => {
    expect([...intendedTimesMs(() => 4, 1_000)]).toEqual([0, 250, 500, 750]);
    expect([...intendedTimesMs((tMs) => (tMs < 500 ? 0 : 2), 2_000)]).toEqual([500, 1_000, 1_500]);
  });

  it(
    "shows a 1 s stall every 10 s in its p99 and nowhere else, where autocannon's rate mode smears the stall into p50",
    async () => {
      const openServer = await startStallingServer(stall);
      const cannonServer = await startStallingServer(stall);
      try {
        const [open, cannon] = await Promise.all([
          runOpenModelLoad({ url: openServer.url, durationMs, ratePerSecAt: () => ratePerSec, loadText: `constant ${ratePerSec}/s`, maxInFlight: 1_000, timeoutMs: 5_000, agent: 'keepalive' }),
          runHttpLoad({ url: cannonServer.url, connections: 10, pipelining: 1, durationMs, overallRate: ratePerSec }),
        ]);
        // Printed so the run's log keeps the measurement (docs/load-generators.md quotes it).
        console.log(`stall 1 s every 10 s, ${ratePerSec}/s for ${durationMs / 1000} s:\n` +
          `  open model   p50 ${open.latencyMs.p50} ms  p90 ${open.latencyMs.p90} ms  p99 ${open.latencyMs.p99} ms  max ${open.latencyMs.max} ms  (${open.completed} responses, ${open.dropped} dropped)\n` +
          `  autocannon   p50 ${cannon.latencyMs.p50} ms  p90 ${cannon.latencyMs.p90} ms  p99 ${cannon.latencyMs.p99} ms  max ${cannon.latencyMs.max} ms  (${cannon.completed} responses)`);
        // About 100 of 1 000 requests fall in the stall and wait up to 1 s: p99 near 900 ms or more.
        expect(open.errors).toBe(0);
        expect(open.dropped).toBe(0);
        expect(open.intended).toBe(ratePerSec * (durationMs / 1_000));
        expect(open.latencyMs.p99 as number).toBeGreaterThan(800);
        expect(open.latencyMs.p50 as number).toBeLessThan(100);
        // autocannon 9.0.0 back-fills one sample per ms of each slow response (Math.ceil(1 / rate)
        // as the interval): 90 % of the run saw no stall, yet its median lands in it. How many
        // requests it sends is not paced from intended times and varies run to run (920 to
        // 1 020 seen for 1 000 intended, docs/load-generators.md), so only the median is asserted.
        expect(cannon.latencyMs.p50 as number).toBeGreaterThan(50);
        expect(cannon.latencyMs.p50 as number).toBeGreaterThan((open.latencyMs.p50 as number) * 10);
      } finally {
        await Promise.all([openServer.close(), cannonServer.close()]);
      }
    },
    40_000,
  );

  it('counts requests beyond --max-in-flight as dropped and a server that never answers as timeouts', async () => {
    const server: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = server.address() as { port: number };
    try {
      const result = await runOpenModelLoad({
        url: `http://127.0.0.1:${port}/`, durationMs: 1_000, ratePerSecAt: () => 20, loadText: 'constant 20/s', maxInFlight: 5, timeoutMs: 1_500, agent: 'close',
      });
      expect(result.sent).toBe(5);
      expect(result.dropped).toBe(15);
      expect(result.errorsByKind).toEqual({ timeout: 5 });
      expect(result.latencyMs.p50).toBeNull();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sim load http names the error kind when nothing listens (ECONNREFUSED), in both models', async () => {
    const open = await simCli(['load', 'http', '--url', 'http://127.0.0.1:1/', '--rate', '10', '--duration', '1s', '--json']);
    expect(open.code).toBe(1);
    expect(JSON.parse(open.out)).toMatchObject({ model: 'open', errors: 10, errorsByKind: { ECONNREFUSED: 10 }, dropped: 0 });
    const closed = await simCli(['load', 'http', '--url', 'http://127.0.0.1:1/', '--connections', '1', '--duration', '1s']);
    expect(closed.code).toBe(1);
    expect(closed.out).toMatch(/errors \d+ \(ECONNREFUSED \d+\)/);
  });

  it.each([
    [['--rate', '0'], /--rate expects requests per second/],
    [['--rate', '10', '--load', 'constant 10/s'], /--rate and --load both/],
    [['--rate', '10', '--connections', '4'], /--connections is for the closed model/],
    [['--load', 'wobble 10/s'], /bad load shape/],
    [['--rate', '10', '--agent', 'sometimes'], /--agent expects keepalive or close/],
  ])('sim load http %j exits 2 naming what was wrong', async (args, message) => {
    const { code, err } = await simCli(['load', 'http', '--url', 'http://127.0.0.1:1/', ...args]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
