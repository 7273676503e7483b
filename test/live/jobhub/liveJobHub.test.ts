import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAdminLine, encodePacket } from '../../../sim/live/gearman/gearmanEncoder.js';
import { startLiveJobHub, type LiveJobHub } from '../../../sim/live/jobhub/liveJobHub.js';
import { request, response, type GearmanPacket } from '../../../sim/models/jobhub/packet.js';
import { GearmanSocket } from '../helpers/gearmanSocket.js';

let hub: LiveJobHub;

beforeAll(async () => {
  hub = await startLiveJobHub({ port: 0, hub: { packetArgBytesMax: 1024 } });
});

afterAll(async () => {
  await hub.stop();
});

const open = () => GearmanSocket.open(hub.host, hub.port);

describe('the job hub on real sockets', () => {
  it('runs a job from a client to a worker and back, over packets split across writes', async () => {
    const worker = await open();
    const client = await open();
    worker.write(Buffer.concat([encodePacket(request('CAN_DO', 'reverse')), encodePacket(request('PRE_SLEEP'))]));
    const submit = encodePacket(request('SUBMIT_JOB', 'reverse', '', 'hello'));
    client.write(submit.subarray(0, 5));
    client.write(submit.subarray(5));
    const [created] = await client.next(1);
    expect(created).toMatchObject({ type: 'JOB_CREATED' });
    const handle = (created as GearmanPacket).args[0] as string;
    expect(await worker.next(1)).toEqual([response('NOOP')]);
    worker.write(encodePacket(request('GRAB_JOB')));
    expect(await worker.next(1)).toEqual([response('JOB_ASSIGN', handle, 'reverse', 'hello')]);
    worker.write(encodePacket(request('WORK_COMPLETE', handle, 'olleh')));
    expect(await client.next(1)).toEqual([response('WORK_COMPLETE', handle, 'olleh')]);
    worker.close();
    client.close();
  });

  it('answers admin lines on the same port as gearmand formats them', async () => {
    const admin = await open();
    admin.write(encodeAdminLine('version'));
    expect(await admin.next(1)).toEqual([{ kind: 'line', text: 'OK 1.1.20' }]);
    admin.close();
  });

  it('closes a connection that sends a bad magic, and keeps serving the others', async () => {
    const bad = await open();
    const good = await open();
    bad.write(Buffer.concat([encodePacket(request('ECHO_REQ', 'first')), Buffer.from('\0XYZ\0\0\0\x10\0\0\0\0', 'latin1')]));
    expect(await bad.next(1)).toEqual([response('ECHO_RES', 'first')]);
    await bad.until(() => bad.closed);
    good.write(encodePacket(request('ECHO_REQ', 'still here')));
    expect(await good.next(1)).toEqual([response('ECHO_RES', 'still here')]);
    good.close();
  });

  it('closes a connection that sends a type number the protocol lacks', async () => {
    const bad = await open();
    bad.write(Buffer.from('\0REQ\0\0\0\x63\0\0\0\0', 'latin1'));
    await bad.until(() => bad.closed);
    expect(bad.received).toEqual([]);
  });

  it('answers a packet over the size limit with ERROR ARGUMENT_TOO_LARGE and closes, without buffering its body', async () => {
    const bad = await open();
    const header = Buffer.from('\0REQ\0\0\0\x10\0\0\x10\0', 'latin1');
    bad.write(header);
    expect(await bad.next(1)).toEqual([response('ERROR', 'ARGUMENT_TOO_LARGE', 'Packet arguments exceed the hub limit')]);
    await bad.until(() => bad.closed);
  });

  it('drops a connection that stops reading once its unsent replies pass the limit, and serves the others', async () => {
    const small = await startLiveJobHub({ port: 0, writeBufferBytesMax: 256 * 1024 });
    try {
      const stuck = await GearmanSocket.open(small.host, small.port);
      stuck.socket.pause();
      const echo = encodePacket(request('ECHO_REQ', 'x'.repeat(64 * 1024)));
      // 32 MiB of echoes: far more than loopback's socket buffers and the 256 KiB limit.
      for (let i = 0; i < 512 && !stuck.closed; i++) {
        stuck.write(echo);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await stuck.until(() => stuck.closed, 20_000);
      const other = await GearmanSocket.open(small.host, small.port);
      other.write(encodePacket(request('ECHO_REQ', 'fine')));
      expect(await other.next(1)).toEqual([response('ECHO_RES', 'fine')]);
      other.close();
    } finally {
      await small.stop();
    }
  });

  it('requeues the job of a worker whose socket closes mid-job, for the next worker', async () => {
    const first = await open();
    const client = await open();
    first.write(encodePacket(request('CAN_DO', 'lose')));
    client.write(encodePacket(request('SUBMIT_JOB', 'lose', '', 'x')));
    const [created] = await client.next(1);
    const handle = (created as GearmanPacket).args[0] as string;
    first.write(encodePacket(request('GRAB_JOB')));
    expect(await first.next(1)).toEqual([response('JOB_ASSIGN', handle, 'lose', 'x')]);
    first.close();
    const second = await open();
    second.write(encodePacket(request('CAN_DO', 'lose')));
    // The hub may see the new worker before the old one's close; grab until the job comes back.
    let assigned: unknown = null;
    for (let attempt = 0; attempt < 100 && assigned === null; attempt++) {
      second.write(encodePacket(request('GRAB_JOB')));
      const [reply] = await second.next(1);
      if ((reply as { type?: string }).type === 'JOB_ASSIGN') assigned = reply;
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(assigned).toEqual(response('JOB_ASSIGN', handle, 'lose', 'x'));
    second.close();
    client.close();
  });
});
