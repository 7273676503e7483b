import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runGearmanLoad } from '../../../sim/live/load/runGearmanLoad.js';
import { FloorHubServer, type FloorHub } from '../../../sim/live/perf/floorHub.js';
import { simCli } from '../../helpers/simCli.js';

let floor: FloorHub | null = null;
afterEach(async () => {
  await floor?.stop();
  floor = null;
});

describe('the Node floor of the live hub', () => {
  it('completes the load driver\'s jobs with workers that sleep and are woken (PRE_SLEEP, NOOP) as against a Gearman server', async () => {
    floor = await new FloorHubServer().listen('127.0.0.1', 0);
    const settings = { host: floor.host, port: floor.port, clients: 2, workers: 3, outstandingPerClient: 4, payloadBytes: 16, durationMs: 300, functionName: 'floorTest' };
    const result = await runGearmanLoad(settings);
    expect(result.completed).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
  });

  it('drops a connection that sends garbage and keeps serving the others', async () => {
    const hub = await new FloorHubServer().listen('127.0.0.1', 0);
    floor = hub;
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: hub.host, port: hub.port }, () => socket.write('\0XYZ\0\0\0\0\0\0\0\0'));
      socket.on('close', () => resolve(true));
      socket.on('error', () => {});
    });
    expect(closed).toBe(true);
    const result = await runGearmanLoad({ host: hub.host, port: hub.port, clients: 1, workers: 1, outstandingPerClient: 2, payloadBytes: 4, durationMs: 200, functionName: 'after' });
    expect(result.completed).toBeGreaterThan(0);
  });

  it('is measured beside our hub and gearmand by sim perf jobhub --floor, in the same rotation and the same report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-perf-floor-'));
    try {
      const run = await simCli(['perf', 'jobhub', '--floor', '--rounds', '2', '--duration', '500ms', '--clients', '2', '--workers', '1', '--outstanding', '2', '--out', dir]);
      expect(run.code).toBe(0);
      const result = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
      expect(result.rounds.map((round: { server: string }) => round.server)).toEqual(['ours', 'floor', 'gearmand', 'gearmand', 'floor', 'ours']);
      expect(result.floor.jobsPerSec).toBeGreaterThan(0);
      expect(run.out).toMatch(/Node floor \d[\d ,.k]* jobs\/s \([\d.—]+ µs CPU\/job\)/);
      expect(await readFile(join(dir, 'report.md'), 'utf8')).toContain('Node floor (sim live jobhub --floor)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
