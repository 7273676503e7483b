import { describe, expect, it } from 'vitest';
import { Kernel } from '../../../sim/kernel/kernel.js';
import { TraceLog } from '../../../sim/kernel/traceLog.js';
import type { HttpResponse } from '../../../sim/models/http/httpMessage.js';
import { storageNodeMachine } from '../../../sim/models/mogilefs/storageNode.js';
import { trackerMachine, type TrackerReply, type TrackerRequest } from '../../../sim/models/mogilefs/tracker.js';
import { Network } from '../../../sim/net/network.js';
import { SimProcess } from '../../../sim/net/simProcess.js';
import type { TcpEvent } from '../../../sim/net/tcpEvent.js';
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
});
