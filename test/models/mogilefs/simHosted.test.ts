import { describe, expect, it } from 'vitest';
import { Kernel } from '../../../sim/kernel/kernel.js';
import { TraceLog } from '../../../sim/kernel/traceLog.js';
import type { HttpResponse } from '../../../sim/models/http/httpMessage.js';
import { storageNodeMachine } from '../../../sim/models/mogilefs/storageNode.js';
import { trackerMachine, type TrackerReply, type TrackerRequest } from '../../../sim/models/mogilefs/tracker.js';
import { Network } from '../../../sim/net/network.js';
import { SimProcess } from '../../../sim/net/simProcess.js';
import type { TcpEvent } from '../../../sim/contract/tcpEvent.js';
import { constantLink, FakeOwner } from '../../net/helpers/tcpHarness.js';

describe('tracker and storage nodes hosted on the simulator', () => {
  it('a client stores a file: create_open, PUT to the node, create_close, then get_paths finds 2 copies', () => {
    const kernel = new Kernel(1, new TraceLog());
    const network = new Network(kernel, constantLink(100));
    const random = kernel.stream('tracker');
    const devices = [
      { id: 1, host: 'sto1', freeBytes: 1_000_000 },
      { id: 2, host: 'sto2', freeBytes: 1_000_000 },
    ];
    new SimProcess(network, network.addHost('tracker', '10.0.0.2'), 'tracker', trackerMachine, { devices, random: () => random.float() });
    const nodes = { sto1: network.addHost('sto1', '10.0.0.3'), sto2: network.addHost('sto2', '10.0.0.4') };
    for (const [name, host] of Object.entries(nodes)) new SimProcess(network, host, `mogstored.${name}`, storageNodeMachine, {});

    const clientHost = network.addHost('client', '10.0.0.1');
    const client = new FakeOwner(kernel, 'client', clientHost);
    const send = (connId: number, message: unknown) => network.tcp.send(clientHost.sockets.get(connId)!, message);
    const ask = (connId: number, request: Omit<TrackerRequest, 'kind'>) => send(connId, { kind: 'trackerRequest', ...request });
    let trackerConn = 0;
    let open: Extract<TrackerReply, { command: 'create_open'; ok: true }> | undefined;
    const answers: unknown[] = [];
    client.onEvent = (event: TcpEvent) => {
      if (event.type === 'tcp.connected' && event.tag === 1) {
        trackerConn = event.connId;
        ask(trackerConn, { command: 'create_open', args: { key: 'photo', sizeBytes: 4_000 } });
      } else if (event.type === 'tcp.connected' && event.tag === 2 && open) {
        send(event.connId, { kind: 'httpRequest', method: 'PUT', path: new URL(open.path).pathname, version: '1.0', headers: {}, bodyBytes: 4_000 });
      } else if (event.type === 'tcp.message') {
        const message = event.message as TrackerReply | HttpResponse;
        answers.push(message);
        if (message.kind === 'trackerReply' && message.ok && message.command === 'create_open') {
          open = message;
          const storageHost = network.host(new URL(message.path).hostname);
          network.tcp.connect(clientHost, client, { ip: storageHost.ip, port: 7500 }, 2);
        } else if (message.kind === 'httpResponse' && open) {
          ask(trackerConn, { command: 'create_close', args: { fid: open.fid, device: open.device, sizeBytes: 4_000 } });
        } else if (message.kind === 'trackerReply' && message.command === 'create_close') {
          ask(trackerConn, { command: 'get_paths', args: { key: 'photo' } });
        }
      }
    };
    network.tcp.connect(clientHost, client, { ip: network.host('tracker').ip, port: 7001 }, 1);
    kernel.run({ durationUs: 1_000_000 });

    expect(answers.map((answer) => ('status' in (answer as object) ? (answer as HttpResponse).status : (answer as TrackerReply).command))).toEqual([
      'create_open',
      200,
      'create_close',
      'get_paths',
    ]);
    const paths = answers.at(-1) as Extract<TrackerReply, { command: 'get_paths'; ok: true }>;
    expect([...paths.paths].sort()).toEqual(['http://sto1:7500/dev1/1.fid', 'http://sto2:7500/dev2/1.fid']);
  });

  /**
   * A client asks get_paths `lookups` times, one after another on one tracker connection,
   * for a file on sto1 and sto2; sto1 crashes at `crashAtUs` if given. Returns each reply
   * with its time, the kernel's events and the side-channel connects the tracker made.
   */
  function lookups(count: number, verify: boolean, crashAtUs?: number) {
    const kernel = new Kernel(1, new TraceLog());
    const network = new Network(kernel, constantLink(100));
    const random = kernel.stream('tracker');
    const devices = [
      { id: 1, host: 'sto1', freeBytes: 1_000_000, weight: 100 },
      { id: 2, host: 'sto2', freeBytes: 1_000_000, weight: 0 },
    ];
    const files = [{ fid: 1, key: 'pic', sizeBytes: 4_000, devices: [1, 2] }];
    const tracker = new SimProcess(network, network.addHost('tracker', '10.0.0.2'), 'tracker', trackerMachine, { devices, files, random: () => random.float() });
    const sto1 = network.addHost('sto1', '10.0.0.3');
    new SimProcess(network, sto1, 'mogstored.sto1', storageNodeMachine, { files: { '/dev1/1.fid': 4_000 } });
    new SimProcess(network, network.addHost('sto2', '10.0.0.4'), 'mogstored.sto2', storageNodeMachine, { files: { '/dev2/1.fid': 4_000 } });
    const sideConnects: number[] = [];
    const trackerHost = network.host('tracker');
    const clientHost = network.addHost('client', '10.0.0.1');
    const client = new FakeOwner(kernel, 'client', clientHost);
    const replies: [number, readonly string[]][] = [];
    const ask = (connId: number) =>
      network.tcp.send(clientHost.sockets.get(connId)!, { kind: 'trackerRequest', command: 'get_paths', args: verify ? { key: 'pic' } : { key: 'pic', noverify: true } });
    client.onEvent = (event: TcpEvent) => {
      if (event.type === 'tcp.connected') ask(event.connId);
      if (event.type !== 'tcp.message') return;
      const reply = event.message as Extract<TrackerReply, { command: 'get_paths'; ok: true }>;
      replies.push([kernel.nowUs, reply.paths]);
      if (replies.length < count) ask(event.connId);
    };
    network.tcp.connect(clientHost, client, { ip: trackerHost.ip, port: 7001 }, 1);
    if (crashAtUs !== undefined) kernel.at(crashAtUs, kernel.name('test'), kernel.name('crash'), 0, () => sto1.crash());
    kernel.run({ durationUs: 30_000_000 });
    for (const socket of trackerHost.sockets.values()) if (socket.remote?.port === 7501) sideConnects.push(socket.connId);
    return { replies, events: kernel.eventsDelivered, sideConnects, tracker };
  }

  it('get_paths checks the first path on one side-channel connection to its host, kept open across lookups', () => {
    const { replies, sideConnects } = lookups(20, true);
    expect(replies).toHaveLength(20);
    for (const [, paths] of replies) expect(paths).toEqual(['http://sto1:7500/dev1/1.fid', 'http://sto2:7500/dev2/1.fid']);
    expect(sideConnects).toHaveLength(1);
  });

  it('the size check costs a round trip and a few events per lookup; noverify costs none', () => {
    const checked = lookups(101, true);
    const plain = lookups(101, false);
    const checkedGapUs = checked.replies[100]![0] - checked.replies[99]![0];
    const plainGapUs = plain.replies[100]![0] - plain.replies[99]![0];
    // Constant 100 µs one way: the check adds one round trip to the side channel.
    expect(checkedGapUs - plainGapUs).toBe(200);
    const extraPerLookup = (checked.events - plain.events) / 100;
    expect(extraPerLookup).toBeGreaterThan(0);
    expect(extraPerLookup).toBeLessThan(5);
  });

  it('after the first path\'s host crashes, get_paths drops it within the 2 s node_timeout and answers with the other', () => {
    const { replies } = lookups(30, true, 5_000);
    const afterCrash = replies.filter(([atUs]) => atUs > 5_000);
    expect(afterCrash[0]![1]).toEqual(['http://sto2:7500/dev2/1.fid']);
    const waitUs = afterCrash[0]![0] - 5_000;
    expect(waitUs).toBeGreaterThanOrEqual(2_000_000 - 2_000);
    expect(waitUs).toBeLessThanOrEqual(2_000_000 + 2_000);
  });
});

