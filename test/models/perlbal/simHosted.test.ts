import { describe, expect, it } from 'vitest';
import { Kernel } from '../../../sim/kernel/kernel.js';
import { TraceLog } from '../../../sim/kernel/traceLog.js';
import type { Effect } from '../../../sim/kernel/simActor.js';
import type { Host } from '../../../sim/net/host.js';
import { Network } from '../../../sim/net/network.js';
import { SimProcess } from '../../../sim/net/simProcess.js';
import type { HttpResponse } from '../../../sim/models/http/httpMessage.js';
import { perlbalMachine, type ReproxyMode } from '../../../sim/models/perlbal/proxy.js';
import { constantLink, FakeOwner } from '../../net/helpers/tcpHarness.js';
import { get, reproxyReply, response, seededRandom } from './perlbalHarness.js';

/** A server on `host:port` that answers every request with `reply`, and closes when the peer does. */
function server(network: Network, host: Host, port: number, reply: HttpResponse): FakeOwner {
  const owner = new FakeOwner(network.kernel, `${host.name}:${port}`, host);
  owner.onEvent = (event) => {
    const socket = 'connId' in event ? host.sockets.get(event.connId) : undefined;
    if (!socket) return;
    if (event.type === 'tcp.message') network.tcp.send(socket, reply);
    if (event.type === 'tcp.peerClosed') network.tcp.close(socket);
  };
  network.tcp.listen(host, owner, port, 128);
  return owner;
}

/** `files` clients, 100 ms apart, each asking the proxy for one reproxied file; returns the proxy's reports and hosts. */
function run(reproxyMode: ReproxyMode, storageReply: HttpResponse, files: number) {
  const kernel = new Kernel(1, new TraceLog());
  const network = new Network(kernel, constantLink(100));
  const proxyHost = network.addHost('perlbal', '10.0.0.2');
  const web = network.addHost('web', '10.0.0.3');
  const store = network.addHost('store', '10.0.0.4');
  const clients = network.addHost('clients', '10.0.0.1');
  server(network, web, 8080, reproxyReply(['http://store:7500/dev1/1.fid'], storageReply.bodyBytes));
  const storage = server(network, store, 7500, storageReply);
  const reports: Effect[] = [];
  const input = { backends: [{ host: 'web', port: 8080 }], random: seededRandom(1), reproxyMode };
  new SimProcess(network, proxyHost, 'perlbal', perlbalMachine, input, (effect) => reports.push(effect));
  const client = new FakeOwner(kernel, 'client', clients);
  client.onEvent = (event) => {
    const socket = 'connId' in event ? clients.sockets.get(event.connId) : undefined;
    if (!socket) return;
    if (event.type === 'tcp.connected') network.tcp.send(socket, get('/file'));
    if (event.type === 'tcp.peerClosed') network.tcp.close(socket);
  };
  for (let n = 0; n < files; n += 1) {
    kernel.at(10_000 + n * 100_000, kernel.name('test'), kernel.name('client'), n, () => {
      network.tcp.connect(clients, client, { ip: proxyHost.ip, port: 80 }, n);
    });
  }
  kernel.run({ durationUs: 10_000 + files * 100_000 + 1_000_000 });
  return { reports, storage, proxyHost, kernel };
}

describe('perlbal hosted on the simulator', () => {
  it('close mode: every reproxied file opens a storage connection and leaves a TIME_WAIT on the proxy host', () => {
    const { reports, storage, proxyHost, kernel } = run('close', response(200, 500, { connection: 'close' }), 20);
    expect(reports.filter((effect) => effect.type === 'perlbal.response')).toHaveLength(20);
    expect(storage.of('tcp.accepted')).toHaveLength(20);
    // The proxy closes first on every connection: 20 to storage, 20 to the web node
    // (persist_backend off) and 20 to clients (persist_client off).
    expect(proxyHost.ports.timeWaitCount(kernel.nowUs)).toBe(60);
  });

  it('keepalive mode: files 100 ms apart share one storage connection', () => {
    const { reports, storage, proxyHost, kernel } = run('keepalive', response(200, 500), 20);
    expect(reports.filter((effect) => effect.type === 'perlbal.response')).toHaveLength(20);
    expect(storage.of('tcp.accepted')).toHaveLength(1);
    // Still 20 web and 20 client connections, but none to storage: its one connection is still open.
    expect(proxyHost.ports.timeWaitCount(kernel.nowUs)).toBe(40);
  });
});
