import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomStream } from '../../sim/kernel/randomStream.js';
import { parseIpv4 } from '../../sim/net/ipv4.js';
import { connectPortsPerWalk } from '../../sim/net/portBudget.js';
import { PortTable, linuxPortTableDefaults, type Endpoint, type PortTableSettings } from '../../sim/net/portTable.js';
import { configArb, opArb, runOps, type Config, type Op, type Observation } from './helpers/portDriver.js';

const numRuns = 200;
const opsArb = fc.array(opArb, { minLength: 1, maxLength: 150, size: 'max' });
/** Listener ports stay outside the ephemeral range here; FOUND-BUGS.test.ts covers the in-range case. */
const runArb = fc.tuple(configArb({ listenInRange: false }), opsArb);

function connects(observations: Observation[]): Extract<Observation, { k: 'connect' }>[] {
  return observations.filter((o): o is Extract<Observation, { k: 'connect' }> => o.k === 'connect');
}

function check(body: (config: Config, ops: Op[]) => void): void {
  fc.assert(fc.property(runArb, ([config, ops]) => body(config, ops)), { numRuns });
}

const ten = parseIpv4('10.0.0.1');
const serverA: Endpoint = { ip: parseIpv4('10.0.0.2'), port: 80 };
const serverB: Endpoint = { ip: parseIpv4('10.0.0.3'), port: 80 };

function table(settings: Partial<PortTableSettings>, seed = 1): PortTable {
  return new PortTable({ ...linuxPortTableDefaults, ...settings }, new RandomStream('t', seed));
}

/** Connects until EADDRNOTAVAIL; returns the ports in the order connect() gave them. */
function fill(t: PortTable, nowUs: number, remote: Endpoint, localIp = ten): number[] {
  const ports: number[] = [];
  for (;;) {
    const r = t.connect(nowUs, localIp, remote);
    if (!r.ok) return ports;
    ports.push(r.port);
  }
}

describe('PortTable against a reference model of 4-tuples', () => {
  it('never holds a duplicate 4-tuple among open sockets and TIME_WAIT entries', () => {
    check((config, ops) => {
      const { observations } = runOps(config, ops);
      expect(connects(observations).filter((o) => o.duplicate)).toEqual([]);
      expect(observations.filter((o) => o.k === 'expected')).toEqual([]);
    });
  });

  it('returns from connect() only ports inside the range that the rules allow toward that destination', () => {
    check((config, ops) => {
      const { low, high } = config.settings.portRange;
      for (const o of connects(runOps(config, ops).observations)) {
        if (!o.result.ok) continue;
        expect(o.result.port).toBeGreaterThanOrEqual(low);
        expect(o.result.port).toBeLessThanOrEqual(high);
        expect(o.available).toContain(o.result.port);
        expect(o.result.reusedTimeWait).toBe(o.hadTimeWait);
      }
    });
  });

  it('fails connect() with EADDRNOTAVAIL exactly when no usable port is free of a socket, TIME_WAIT or bind toward that destination', () => {
    check((config, ops) => {
      const range = config.settings.portRange;
      // An odd-sized range walks connectPortsPerWalk() = size - 1 ports: one may be left out.
      const slack = range.high - range.low + 1 - connectPortsPerWalk(range);
      for (const o of connects(runOps(config, ops).observations)) {
        if (o.result.ok) expect(o.available.length).toBeGreaterThan(0);
        else {
          expect(o.result.errno).toBe('EADDRNOTAVAIL');
          expect(o.available.length).toBeLessThanOrEqual(slack);
        }
      }
    });
  });

  it('gives connect() ports with the parity of the range low end while any such port is available', () => {
    check((config, ops) => {
      const range = config.settings.portRange;
      const slack = range.high - range.low + 1 - connectPortsPerWalk(range);
      const parity = range.low & 1;
      for (const o of connects(runOps(config, ops).observations)) {
        if (!o.result.ok || (o.result.port & 1) === parity) continue;
        expect(o.available.filter((p) => (p & 1) === parity).length).toBeLessThanOrEqual(slack);
      }
    });
  });

  it('gives bind(0) an unused port of the other parity first and EADDRINUSE only when every port is used', () => {
    check((config, ops) => {
      const parity = 1 - (config.settings.portRange.low & 1);
      for (const o of runOps(config, ops).observations) {
        if (o.k !== 'bindAny') continue;
        if (o.result === 'EADDRINUSE') {
          expect(o.unused).toEqual([]);
          continue;
        }
        expect(o.unused).toContain(o.result);
        if (o.unused.some((p) => (p & 1) === parity)) expect(o.result & 1).toBe(parity);
      }
    });
  });

  it('reports portsInUse, timeWaitCount and openSockets equal to the model after every operation, and their maxima', () => {
    check((config, ops) => {
      const run = runOps(config, ops);
      run.gauges.forEach(([actual, expected], step) => expect({ step, ...actual }).toEqual({ step, ...expected }));
      if (run.observations.some((o) => o.k === 'expected' || (o.k === 'connect' && o.duplicate))) return;
      expect(run.final.table).toEqual(run.final.model);
    });
  });
});

describe('PortTable TIME_WAIT timing', () => {
  const closeArb = fc.record({
    timeWaitMs: fc.integer({ min: 1, max: 120_000 }),
    reapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })),
    closeUs: fc.integer({ min: 0, max: 500_000_000 }),
    size: fc.integer({ min: 2, max: 12 }).map((n) => n * 2),
    seed: fc.integer(),
  });

  it('frees a TIME_WAIT port at exactly close + timeWaitMs, or at the first reap-interval multiple at or after it, and not 1 µs earlier', () => {
    fc.assert(fc.property(closeArb, fc.nat(), ({ timeWaitMs, reapMs, closeUs, size, seed }, pick) => {
      const t = table({ portRange: { low: 40_000, high: 40_000 + size - 1 }, timeWaitMs, timeWaitReapIntervalMs: reapMs, twReuse: 0 }, seed);
      const ports = fill(t, closeUs, serverA);
      expect(ports.length).toBe(size);
      const port = ports[pick % size]!;
      t.release(closeUs, port, serverA, true, true);
      const endUs = closeUs + timeWaitMs * 1_000;
      const freeUs = reapMs === 0 ? endUs : Math.ceil(endUs / (reapMs * 1_000)) * reapMs * 1_000;
      expect(freeUs).toBeGreaterThanOrEqual(endUs);
      expect(t.timeWaitCount(freeUs - 1)).toBe(1);
      expect(t.connect(freeUs - 1, ten, serverA)).toEqual({ ok: false, errno: 'EADDRNOTAVAIL' });
      expect(t.connect(freeUs, ten, serverA)).toMatchObject({ ok: true, port, reusedTimeWait: false });
      expect(t.timeWaitCount(freeUs)).toBe(0);
    }), { numRuns });
  });

  it('with tw_reuse=1 takes a TIME_WAIT entry only once it is strictly older than twReuseDelayMs', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 10 }), fc.integer(), fc.nat(), (closeUs, half, seed, pick) => {
      const t = table({ portRange: { low: 50_000, high: 50_000 + 2 * half - 1 }, twReuse: 1 }, seed);
      const ports = fill(t, closeUs, serverA);
      const port = ports[pick % ports.length]!;
      t.release(closeUs, port, serverA, true, true);
      const delayUs = linuxPortTableDefaults.twReuseDelayMs * 1_000;
      expect(t.connect(closeUs + delayUs, ten, serverA).ok).toBe(false);
      expect(t.connect(closeUs + delayUs + 1, ten, serverA)).toMatchObject({ ok: true, port, reusedTimeWait: true });
      expect(t.timeWaitCount(closeUs + delayUs + 1)).toBe(0);
      expect(t.timeWaitReused).toBe(1);
    }), { numRuns });
  });

  it('with tw_reuse=2 takes an old TIME_WAIT entry only when both addresses are loopback', () => {
    const addresses = fc.constantFrom('127.0.0.1', '127.8.9.10', '10.0.0.1', '192.168.1.2');
    fc.assert(fc.property(addresses, addresses, fc.boolean(), (local, remoteIp, timestamps) => {
      const remote = { ip: parseIpv4(remoteIp), port: 7 };
      const localIp = parseIpv4(local);
      const t = table({ portRange: { low: 50_000, high: 50_003 }, twReuse: 2, timestamps });
      const ports = fill(t, 0, remote, localIp);
      t.release(0, ports[1]!, remote, true, true);
      const both = local.startsWith('127.') && remoteIp.startsWith('127.') && timestamps;
      expect(t.connect(5_000_000, localIp, remote).ok).toBe(both);
    }), { numRuns: 50 });
  });
});

describe('PortTable destinations and binds', () => {
  it('keeps a port that is open or in TIME_WAIT toward A available toward B: only the 4-tuple must be unique', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 20 }), fc.array(fc.boolean()), fc.integer(), (half, closes, seed) => {
      const size = half * 2;
      const t = table({ portRange: { low: 30_000, high: 30_000 + size - 1 }, twReuse: 0 }, seed);
      const toA = fill(t, 0, serverA);
      toA.forEach((port, i) => { if (closes[i]) t.release(0, port, serverA, true, true); });
      const toB = fill(t, 0, serverB);
      expect(new Set(toB).size).toBe(size);
      expect([...toB].sort()).toEqual([...toA].sort());
      expect(t.connect(0, ten, serverA).ok).toBe(false);
    }), { numRuns });
  });

  it('reserves a bind(0)+connect port for every destination while it is open and in TIME_WAIT', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 20 }), fc.integer(), (half, seed) => {
      const size = half * 2;
      const t = table({ portRange: { low: 30_000, high: 30_000 + size - 1 }, twReuse: 0, timeWaitMs: 60_000 }, seed);
      const bound = t.bindAny(0);
      if (bound === 'EADDRINUSE') throw new Error('bindAny failed on an empty table');
      expect(t.connectBound(0, ten, bound, serverA)).toMatchObject({ ok: true, port: bound, reusedTimeWait: false });
      const toB = fill(t, 0, serverB);
      expect(toB).not.toContain(bound);
      expect(toB.length).toBe(size - 1);
      t.release(1, bound, serverA, true, true);
      expect(t.connect(2, ten, { ip: serverB.ip, port: 81 }).ok).toBe(true);
      expect(fill(t, 3, { ip: serverB.ip, port: 81 })).not.toContain(bound);
      expect(t.connect(60_000_001, ten, serverB)).toMatchObject({ ok: true, port: bound, reusedTimeWait: false });
    }), { numRuns });
  });

  it('uses only even ports on an even-based range until every even port is blocked, as measured on Linux', () => {
    const t = table({ portRange: { low: 32_768, high: 32_768 + 999 } });
    const ports = fill(t, 0, serverA);
    expect(ports.length).toBe(1_000);
    expect(ports.slice(0, 500).every((p) => p % 2 === 0)).toBe(true);
    expect(ports.slice(500).every((p) => p % 2 === 1)).toBe(true);
  });

  it('keeps exact TIME_WAIT counts and expiry order past a thousand entries, with some taken over by tw_reuse', () => {
    const n = 3_000;
    const t = table({ portRange: { low: 10_000, high: 10_000 + n - 1 }, twReuse: 1, timeWaitMs: 60_000 });
    const ports = fill(t, 0, serverA);
    expect(ports.length).toBe(n);
    ports.forEach((port, i) => t.release(i, port, serverA, true, true)); // entry i ends at 60 s + i µs
    expect(t.timeWaitCount(n)).toBe(n);
    expect(t.timeWaitMax).toBe(n);
    const reused = fill(t, 2 * 1_000_000, serverA).length; // all older than 1 s: tw_reuse takes them all
    expect(reused).toBe(n);
    expect(t.timeWaitCount(2 * 1_000_000)).toBe(0);
    expect(t.timeWaitReused).toBe(n);
    expect(t.portsInUse(60 * 1_000_000 + n)).toBe(n); // the dead entries' expiry frees nothing
  });
});

describe('TIME_WAIT of the host\'s own connections', () => {
  it('counts connect()-made sockets apart from accepted ones, and both expire', () => {
    const t = table({ timeWaitMs: 60_000 });
    t.bindPort(8080);
    const outgoing = t.connect(0, ten, serverA);
    if (!outgoing.ok) throw new Error('connect failed');
    const accepted = t.accept(0, 8080, { ip: parseIpv4('10.0.0.9'), port: 50_000 });
    t.releaseHandle(1_000, outgoing.handle, true);
    t.releaseHandle(1_000, accepted, true);
    expect(t.timeWaitCount(2_000)).toBe(2);
    expect(t.timeWaitOutgoingCount(2_000)).toBe(1);
    expect(t.timeWaitOutgoingMax).toBe(1);
    expect(t.timeWaitOutgoingCount(62_000_000)).toBe(0);
    expect(t.timeWaitMax).toBe(2);
  });
});

describe('PortTable: a close due later (the passive closer waiting for its final ACK)', () => {
  it('holds the port until the due instant and frees it from that instant on, whichever call looks first', () => {
    const t = table({ portRange: { low: 40_000, high: 40_001 } });
    const first = t.connect(0, ten, serverA);
    expect(fill(t, 0, serverA)).toHaveLength(1); // the range's other port
    if (!first.ok) throw new Error('no port');
    t.releaseHandleAt(500, first.handle);
    expect(t.connect(499, ten, serverA).ok).toBe(false);
    expect(t.openSockets(499)).toBe(2);
    expect(t.openSockets(500)).toBe(1);
    expect(t.connect(500, ten, serverA)).toMatchObject({ ok: true, port: first.port });
    expect(t.timeWaitCount(500)).toBe(0);
  });

  it('forgets a pending close in a crash, with the socket it belonged to', () => {
    const t = table({ portRange: { low: 40_000, high: 40_001 } });
    const opened = t.connect(0, ten, serverA);
    if (!opened.ok) throw new Error('no port');
    t.releaseHandleAt(500, opened.handle);
    t.clear();
    expect(t.openSockets(1_000)).toBe(0);
    expect(t.portsInUse(1_000)).toBe(0);
  });
});
