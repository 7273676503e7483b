import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkedPacketCpuMs } from '../../../sim/live/abuse/chunkedPacket.js';
import { exchange, openSocket } from '../../../sim/live/abuse/rawConnection.js';
import { statusAmplification } from '../../../sim/live/abuse/statusAmplification.js';
import { encodePacket } from '../../../sim/live/gearman/gearmanEncoder.js';
import { startLiveHubProcess, type LiveHubProcess } from '../../../sim/live/peers/liveHubProcess.js';
import { request } from '../../../sim/models/jobhub/packet.js';

const mib = 1024 * 1024;
let hub: LiveHubProcess;

beforeAll(async () => {
  hub = await startLiveHubProcess();
});

afterAll(async () => {
  await hub.stop();
});

describe('the live hub under abuse (its own process, memory and CPU from /proc)', () => {
  it('keeps serving others with under 512 MB resident while one client asks for gigabytes of status and reads none', async () => {
    const outcome = await statusAmplification({ host: hub.host, port: hub.port, pid: hub.pid, holdMs: 3000 });
    expect(outcome.othersServed).toBe(true);
    expect(outcome.peakRssBytes).not.toBeNull();
    expect(outcome.peakRssBytes as number).toBeLessThan(512 * mib);
  });

  // That its decoder copies such a packet once, not once per piece, is checked without a
  // clock in test/live/gearman/decoderLimits.test.ts; here the bytes cross a real socket.
  it('echoes a 1 MiB packet sent in 256-byte pieces, each its own read', async () => {
    const cpuMs = await chunkedPacketCpuMs({ host: hub.host, port: hub.port, pid: hub.pid });
    expect(cpuMs).not.toBeNull();
  });

  it('ignores SIGHUP and keeps serving, as gearmand does', async () => {
    process.kill(hub.pid, 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const socket = await openSocket(hub.host, hub.port);
    await exchange(socket, encodePacket(request('ECHO_REQ', 'after hup')), (bytes) => bytes.includes('after hup'), 5000);
    socket.destroy();
  });
});

describe('stopping the live hub under load', () => {
  it('stops on SIGTERM with its stopped line while a client that reads nothing keeps it busy', async () => {
    const busy = await startLiveHubProcess();
    const attack = statusAmplification({ host: busy.host, port: busy.port, pid: busy.pid, holdMs: 60_000 }).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Within 1 s of the signal, or stop() sends SIGKILL and the exit is 'SIGKILL'.
    expect(await busy.stop(1000)).toBe(0);
    expect(busy.output()).toMatch(/stopped on SIGTERM/);
    await attack;
  });
});
