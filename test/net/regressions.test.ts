import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomStream } from '../../sim/kernel/randomStream.js';
import { parseIpv4 } from '../../sim/net/ipv4.js';
import { PortTable, linuxPortTableDefaults, type Endpoint } from '../../sim/net/portTable.js';
import { configArb, opArb, runOps } from './helpers/portDriver.js';
import { constantLink, testBed, traceTimes } from './helpers/tcpHarness.js';

/**
 * Regression tests for bugs the property and behaviour tests of this folder found in
 * sim/net: each failed before its fix (accepted sockets and the bind bucket, lost SYN-ACKs
 * and RSTs, RST paths, backoff under loss, SYN retry timing).
 */
const s = 1_000_000;
const localIp = parseIpv4('10.0.0.2');
const client: Endpoint = { ip: parseIpv4('10.0.0.1'), port: 45_000 };

function table(twReuse: 0 | 1 | 2 = 2): PortTable {
  return new PortTable(
    { ...linuxPortTableDefaults, portRange: { low: 40_000, high: 40_003 }, twReuse },
    new RandomStream('t', 1),
  );
}

function fill(t: PortTable, nowUs: number, remote: Endpoint): number[] {
  const ports: number[] = [];
  for (let r = t.connect(nowUs, localIp, remote); r.ok; r = t.connect(nowUs, localIp, remote)) ports.push(r.port);
  return ports;
}

describe('regressions: PortTable, accepted sockets on a port inside the ephemeral range', () => {
  it('never gives connect() a port whose 4-tuple an accepted connection still holds after its listener closed', () => {
    const t = table();
    expect(t.bindPort(40_000)).toBe(true); // a listener on a port inside the range
    expect(t.accept(0, 40_000, client)).toBeGreaterThanOrEqual(0); // accepted from client:45000
    t.unbindPort(40_000); // the listener closes, the accepted connection stays open
    // Linux: the accepted socket keeps the listener's bind bucket, so connect() skips 40000.
    expect(fill(t, 1, client)).not.toContain(40_000);
  });

  it('never lets connect() take a server-side TIME_WAIT entry when tw_reuse is off', () => {
    const t = table(0);
    t.bindPort(40_000);
    t.accept(0, 40_000, client);
    t.release(1, 40_000, client, true, false); // the server closed first: TIME_WAIT (40000, client:45000)
    t.unbindPort(40_000);
    const taken = fill(t, 2, client);
    expect(taken).not.toContain(40_000);
    expect(t.timeWaitCount(2)).toBe(1);
  });

  it('never holds a duplicate 4-tuple, listener ports inside the range included (model property)', () => {
    fc.assert(fc.property(configArb({ listenInRange: true }), fc.array(opArb, { maxLength: 150, size: 'max' }), (config, ops) => {
      const { observations } = runOps(config, ops);
      expect(observations.filter((o) => o.k === 'connect' && o.duplicate)).toEqual([]);
    }), { numRuns: 300 });
  });
});

describe('regressions: Tcp', () => {
  it('never completes a connect sooner than one round trip on a lossy link (a lost SYN-ACK is not a 0 µs SYN-ACK)', () => {
    const bed = testBed({ seed: 0, link: constantLink(100, 0.3) });
    for (let tag = 0; tag < 50; tag++) bed.network.tcp.connect(bed.client, bed.clientApp, bed.at(), tag);
    bed.run(300 * s);
    const times = bed.clientApp.of('tcp.connected').map(([t]) => t);
    expect(times.length).toBe(50);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(200);
  });

  it('never refuses a connect sooner than one round trip on a lossy link (a lost RST is not a 0 µs RST)', () => {
    const bed = testBed({ seed: 0, listen: false, link: constantLink(100, 0.3) });
    for (let tag = 0; tag < 50; tag++) bed.network.tcp.connect(bed.client, bed.clientApp, bed.at(), tag);
    bed.run(300 * s);
    const times = bed.clientApp.of('tcp.connectFailed').map(([t]) => t);
    expect(times.length).toBe(50);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(200);
  });

  it('sends the RST for a connection the restarted server no longer knows back over the server-to-client path', () => {
    const bed = testBed();
    const socket = bed.network.tcp.connect(bed.client, bed.clientApp, bed.at(), 1)!;
    bed.run(1_000);
    bed.server.crash();
    bed.run(2 * s);
    bed.server.restart();
    bed.run(3 * s);
    bed.network.tcp.send(socket, 'hello?'); // arrives at 3 s + 100 µs, RST back 100 µs later
    bed.run(4 * s);
    expect(bed.clientApp.timeline()).toEqual([[200, 'tcp.connected'], [3 * s + 200, 'tcp.aborted ECONNRESET']]);
  });

  it('loses that RST when the server-to-client direction is cut', () => {
    const bed = testBed();
    const socket = bed.network.tcp.connect(bed.client, bed.clientApp, bed.at(), 1)!;
    bed.run(1_000);
    bed.server.crash();
    bed.server.restart();
    bed.network.partition(bed.server, bed.client, true);
    bed.network.tcp.send(socket, 'hello?');
    bed.run(1 * s);
    expect(bed.clientApp.timeline()).toEqual([[200, 'tcp.connected']]);
  });

  it('delivers a burst of 100 messages in order over a link losing 30% of segments, without ETIMEDOUT', () => {
    const bed = testBed({ seed: 0, link: constantLink(100, 0.3) });
    bed.clientApp.onEvent = (e) => {
      if (e.type !== 'tcp.connected') return;
      for (let i = 0; i < 100; i++) bed.network.tcp.send(bed.socket(bed.client, e.connId), i);
    };
    bed.network.tcp.connect(bed.client, bed.clientApp, bed.at(), 1);
    bed.run(3_000 * s);
    expect(bed.clientApp.of('tcp.aborted')).toEqual([]);
    expect(bed.serverApp.messages()).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it.each([
    ['the server-to-client direction is cut', 'reverseCut'],
    ['the server backlog stays full', 'backlogFull'],
  ] as const)('times a connect out at exactly 127 s when %s, as across a full partition', (_, fault) => {
    const bed = testBed({ backlog: 0 });
    if (fault === 'reverseCut') bed.network.partition(bed.server, bed.client, true);
    else {
      bed.network.tcp.setAcceptPaused(bed.server, 80, true);
      bed.network.addHost('other', '10.0.0.3'); // fills the one slot a backlog of 0 has (Linux queues backlog + 1)
      bed.network.tcp.connect(bed.network.host('other'), bed.serverApp, bed.at(), 0);
    }
    const socket = bed.network.tcp.connect(bed.client, bed.clientApp, bed.at(), 1)!;
    bed.run(300 * s);
    expect(traceTimes(bed.trace, 'tcp.synRetransmit', socket.connId)).toEqual([1, 3, 7, 15, 31, 63, 127].map((t) => t * s));
    expect(bed.clientApp.timeline()).toEqual([[127 * s, 'tcp.connectFailed ETIMEDOUT']]);
  });
});
