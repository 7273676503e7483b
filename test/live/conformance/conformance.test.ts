import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePacket } from '../../../sim/live/gearman/gearmanEncoder.js';
import { startLiveJobHub, type LiveJobHub } from '../../../sim/live/jobhub/liveJobHub.js';
import { startGearmand, type Gearmand } from '../../../sim/live/peers/gearmand.js';
import { request } from '../../../sim/models/jobhub/packet.js';
import { GearmanSocket } from '../helpers/gearmanSocket.js';
import { hubProgramArbitrary, type HubProgram } from './hubCommand.js';
import { normalizeTranscript } from './normalizeTranscript.js';
import { runProgram } from './runProgram.js';

const running = new Set<{ stop(): Promise<unknown> }>();

afterAll(async () => {
  for (const server of running) await server.stop();
});

/** A fresh pair of servers: gearmand 1.1.20 (`--threads=1`, requeue as it always does) and our live hub in requeue mode. */
async function withServers<T>(body: (gearmand: Gearmand, hub: LiveJobHub) => Promise<T>): Promise<T> {
  const gearmand = await startGearmand();
  running.add(gearmand);
  const hub = await startLiveJobHub({ port: 0, hub: { workerLossMode: 'requeue' } });
  running.add(hub);
  try {
    return await body(gearmand, hub);
  } finally {
    await hub.stop();
    running.delete(hub);
    await gearmand.stop();
    running.delete(gearmand);
  }
}

async function bothTranscripts(program: HubProgram): Promise<{ theirs: string[]; ours: string[] }> {
  return withServers(async (gearmand, hub) => ({
    theirs: normalizeTranscript(await runProgram(gearmand.host, gearmand.port, program)),
    ours: normalizeTranscript(await runProgram(hub.host, hub.port, program)),
  }));
}

describe('conformance: our live hub answers as gearmand 1.1.20 does (requeue mode)', () => {
  it('property: every generated command sequence gets the same replies from both, handles normalized', async () => {
    await fc.assert(
      fc.asyncProperty(hubProgramArbitrary(24), async (program) => {
        const { theirs, ours } = await bothTranscripts(program);
        expect(ours).toEqual(theirs);
      }),
      // A fixed seed keeps `npm test` reproducible; CONFORMANCE_RUNS and CONFORMANCE_SEED explore further.
      { numRuns: Number(process.env.CONFORMANCE_RUNS ?? 40), seed: Number(process.env.CONFORMANCE_SEED ?? 6), endOnFailure: false },
    );
  });

  it('a job whose worker disconnects mid-job goes back to the queue with the same handle on both', async () => {
    const lose = async (host: string, port: number) => {
      const client = await GearmanSocket.open(host, port);
      const first = await GearmanSocket.open(host, port);
      first.write(encodePacket(request('CAN_DO', 'lost')));
      client.write(encodePacket(request('SUBMIT_JOB', 'lost', '', 'data')));
      const [created] = await client.next(1);
      first.write(encodePacket(request('GRAB_JOB')));
      const [assignment] = await first.next(1);
      first.close();
      // Wait until the server has noticed: its status shows the job no longer running.
      const admin = await GearmanSocket.open(host, port);
      for (let attempt = 0; attempt < 200; attempt++) {
        admin.write(Buffer.from('status\n'));
        await admin.until(() => admin.received.some((line) => line.kind === 'line' && line.text === '.'));
        const rows = admin.received.splice(0).map((line) => (line.kind === 'line' ? line.text : ''));
        if (rows.includes('lost\t1\t0\t0')) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const second = await GearmanSocket.open(host, port);
      second.write(Buffer.concat([encodePacket(request('CAN_DO', 'lost')), encodePacket(request('GRAB_JOB'))]));
      const [again] = await second.next(1);
      for (const socket of [client, second, admin]) socket.close();
      return normalizeTranscript([created, assignment, again].map((packet) => JSON.stringify(packet)));
    };
    const [theirs, ours] = await withServers(async (gearmand, hub) => [await lose(gearmand.host, gearmand.port), await lose(hub.host, hub.port)]);
    expect(theirs[2]).toEqual(theirs[1]);
    expect(ours).toEqual(theirs);
  });
});
