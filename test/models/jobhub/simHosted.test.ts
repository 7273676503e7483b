import { describe, expect, it } from 'vitest';
import { GrabHistory } from '../../../sim/contract/grabHistory.js';
import { Kernel } from '../../../sim/kernel/kernel.js';
import { TraceLog } from '../../../sim/kernel/traceLog.js';
import type { Host } from '../../../sim/net/host.js';
import { Network } from '../../../sim/net/network.js';
import { SimProcess } from '../../../sim/net/simProcess.js';
import type { TcpEvent } from '../../../sim/contract/tcpEvent.js';
import { request, type GearmanPacket, type PacketType } from '../../../sim/models/jobhub/packet.js';
import { jobHubMachine } from '../../../sim/models/jobhub/server.js';
import { constantLink, FakeOwner } from '../../net/helpers/tcpHarness.js';

type Packets = [PacketType, ...string[]][];

/** A scripted peer on a simulated host: sends `onOpen` once connected, then answers each packet with what `script` returns. */
function peer(network: Network, host: Host, name: string, onOpen: Packets, script: (packet: GearmanPacket) => Packets) {
  const owner = new FakeOwner(network.kernel, name, host);
  const send = (connId: number, packets: Packets) => {
    const socket = host.sockets.get(connId);
    if (!socket) throw new Error(`${name}: no socket ${connId}`);
    for (const [type, ...args] of packets) network.tcp.send(socket, request(type, ...args));
  };
  owner.onEvent = (event: TcpEvent) => {
    if (event.type === 'tcp.connected') send(event.connId, onOpen);
    if (event.type === 'tcp.message') send(event.connId, script(event.message as GearmanPacket));
  };
  network.tcp.connect(host, owner, { ip: network.host('hub').ip, port: 4730 }, 1);
  return owner;
}

describe('the job hub hosted on the simulator', () => {
  it('a CAN_DO_TIMEOUT expires at its exact virtual time, the job is requeued and a sleeping worker finishes it', () => {
    const kernel = new Kernel(1, new TraceLog());
    const network = new Network(kernel, constantLink(100));
    const hubHost = network.addHost('hub', '10.0.0.2');
    const history = new GrabHistory();
    new SimProcess(network, hubHost, 'jobhub', jobHubMachine, { hostName: 'hub' }, (record) => {
      history.record({ ...record.event, atUs: kernel.nowUs });
    });
    const peers = network.addHost('peers', '10.0.0.1');
    // The slow worker grabs at once and never answers; the other sleeps until woken.
    peer(network, peers, 'slow', [['SET_CLIENT_ID', 'slow'], ['CAN_DO_TIMEOUT', 'reverse', '2000'], ['PRE_SLEEP']], (packet) =>
      packet.type === 'NOOP' ? [['GRAB_JOB']] : []);
    const steady = peer(network, peers, 'steady', [['SET_CLIENT_ID', 'steady'], ['CAN_DO', 'reverse'], ['GRAB_JOB']], (packet) => {
      if (packet.type === 'NO_JOB') return [['PRE_SLEEP']];
      if (packet.type === 'NOOP') return [['GRAB_JOB']];
      if (packet.type === 'JOB_ASSIGN') return [['WORK_COMPLETE', packet.args[0] as string, 'olleh']];
      return [];
    });
    const client = peer(network, peers, 'client', [], () => []);
    kernel.at(10_000, kernel.name('test'), kernel.name('submit'), 0, () => {
      const socket = [...peers.sockets.values()].find((candidate) => candidate.owner === client);
      if (socket) network.tcp.send(socket, request('SUBMIT_JOB', 'reverse', '', 'hello'));
    });
    kernel.run({ durationUs: 5_000_000 });

    const kinds = history.events.map((event) => `${event.kind} ${'worker' in event ? event.worker : ''}`.trim());
    expect(kinds).toEqual(['submitted', 'assigned slow', 'requeued', 'assigned steady', 'completed steady', 'clientReply']);
    const assigned = history.events[1]?.atUs ?? 0;
    expect(history.events[2]?.atUs).toBe(assigned + 2_000_000);
    expect(client.messages().map((message) => (message as GearmanPacket).type)).toEqual(['JOB_CREATED', 'WORK_COMPLETE']);
    // Both sleepers are woken by the submit; the slow one grabs first, so the steady one
    // sleeps again until the requeue wakes it.
    expect(steady.messages().map((message) => (message as GearmanPacket).type)).toEqual(['NO_JOB', 'NOOP', 'NO_JOB', 'NOOP', 'JOB_ASSIGN']);
  });
});
