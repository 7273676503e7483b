import fc from 'fast-check';
import { RandomStream } from '../../../sim/kernel/randomStream.js';
import { parseIpv4 } from '../../../sim/net/ipv4.js';
import {
  PortTable, linuxPortTableDefaults, type ConnectPortResult, type Endpoint, type PortTableSettings, type TwReuse,
} from '../../../sim/net/portTable.js';
import { PortModel, tupleKey } from './portModel.js';

/** Drives a PortTable and the reference model side by side over a random operation sequence. */

export const destinations: readonly Endpoint[] = [
  { ip: parseIpv4('10.0.0.2'), port: 80 },
  { ip: parseIpv4('10.0.0.2'), port: 81 },
  { ip: parseIpv4('127.0.0.5'), port: 80 },
];

export type Op =
  | { readonly k: 'connect'; readonly d: number }
  | { readonly k: 'release'; readonly i: number; readonly tw: boolean }
  | { readonly k: 'advance'; readonly us: number }
  | { readonly k: 'bindAny' }
  | { readonly k: 'connectBound'; readonly i: number; readonly d: number }
  | { readonly k: 'unbind'; readonly i: number }
  | { readonly k: 'listen'; readonly p: number }
  | { readonly k: 'unlisten'; readonly i: number }
  | { readonly k: 'accept'; readonly i: number; readonly d: number };

export interface Config {
  readonly settings: PortTableSettings;
  readonly localIp: number;
  readonly seed: number;
  /** Listener ports may lie inside the ephemeral range (else only port 80, outside it). */
  readonly listenInRange: boolean;
}

export type Observation =
  | { readonly k: 'connect'; readonly remote: Endpoint; readonly available: readonly number[]; readonly result: ConnectPortResult; readonly hadTimeWait: boolean; readonly duplicate: boolean }
  | { readonly k: 'bindAny'; readonly unused: readonly number[]; readonly result: number | 'EADDRINUSE' }
  | { readonly k: 'expected'; readonly what: string; readonly expected: unknown; readonly actual: unknown };

export interface Gauges {
  readonly portsInUse: number; readonly timeWaitCount: number; readonly openSockets: number;
}

export interface RunResult {
  readonly config: Config;
  readonly observations: Observation[];
  /** After every operation: [table, model]. */
  readonly gauges: [Gauges, Gauges][];
  readonly final: { readonly table: Record<string, number>; readonly model: Record<string, number> };
}

const d = fc.nat(destinations.length - 1);
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('connect' as const), d }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('release' as const), i: fc.nat(), tw: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('advance' as const),
      us: fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 990_000, max: 1_010_000 }), fc.integer({ min: 1, max: 4_000_000 })),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'bindAny' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('connectBound' as const), i: fc.nat(), d }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('unbind' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('listen' as const), p: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('unlisten' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('accept' as const), i: fc.nat(), d }) },
);

export function configArb(overrides: { listenInRange?: boolean; twReuse?: TwReuse } = {}): fc.Arbitrary<Config> {
  return fc.record({
    low: fc.integer({ min: 1_024, max: 60_000 }),
    size: fc.integer({ min: 4, max: 24 }),
    timeWaitMs: fc.integer({ min: 1, max: 3_000 }),
    reapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_500 })),
    twReuse: overrides.twReuse !== undefined ? fc.constant(overrides.twReuse) : fc.constantFrom<TwReuse>(0, 1, 2),
    timestamps: fc.boolean(),
    bucketsMax: fc.oneof(fc.constant(262_144), fc.integer({ min: 1, max: 6 })),
    loopback: fc.boolean(),
    seed: fc.integer(),
    listenInRange: overrides.listenInRange !== undefined ? fc.constant(overrides.listenInRange) : fc.boolean(),
  }).map((c) => ({
    settings: {
      ...linuxPortTableDefaults,
      portRange: { low: c.low, high: c.low + c.size - 1 },
      timeWaitMs: c.timeWaitMs,
      timeWaitReapIntervalMs: c.reapMs,
      twReuse: c.twReuse,
      timestamps: c.timestamps,
      timeWaitBucketsMax: c.bucketsMax,
    },
    localIp: parseIpv4(c.loopback ? '127.0.0.1' : '10.0.0.1'),
    seed: c.seed,
    listenInRange: c.listenInRange,
  }));
}

interface Held { readonly local: number; readonly remote: Endpoint; readonly outgoing: boolean }

export function runOps(config: Config, ops: readonly Op[]): RunResult {
  const { settings, localIp } = config;
  const table = new PortTable(settings, new RandomStream('t', config.seed));
  const model = new PortModel(settings, localIp);
  const { low } = settings.portRange;
  const listenCandidates = config.listenInRange ? [80, low, low + 1, low + 3] : [80];
  const sockets: Held[] = [];
  const holds: number[] = [];
  const listening: number[] = [];
  const observations: Observation[] = [];
  const gauges: [Gauges, Gauges][] = [];
  const expect = (what: string, expected: unknown, actual: unknown): void => {
    if (expected !== actual) observations.push({ k: 'expected', what, expected, actual });
  };
  const take = <T>(list: T[], i: number): T | undefined => (list.length === 0 ? undefined : list.splice(i % list.length, 1)[0]);
  let now = 0;
  for (const op of ops) {
    model.expire(now);
    switch (op.k) {
      case 'advance':
        now += op.us;
        model.expire(now);
        break;
      case 'connect': {
        const remote = destinations[op.d]!;
        const available = model.rangePorts().filter((port) => model.available(port, remote, now));
        const result = table.connect(now, localIp, remote);
        const existing = result.ok ? model.tuples.get(tupleKey(result.port, remote)) : undefined;
        const duplicate = existing?.state === 'open';
        observations.push({ k: 'connect', remote, available, result, hadTimeWait: existing?.state === 'timeWait', duplicate });
        if (duplicate) return finish();
        if (result.ok) {
          model.open(result.port, remote, false, now);
          sockets.push({ local: result.port, remote, outgoing: true });
        }
        break;
      }
      case 'release': {
        const socket = take(sockets, op.i);
        if (!socket) break;
        table.release(now, socket.local, socket.remote, op.tw, socket.outgoing);
        model.release(socket.local, socket.remote, op.tw, now);
        break;
      }
      case 'bindAny': {
        const unused = model.rangePorts().filter((port) => !model.used(port));
        const result = table.bindAny(now);
        observations.push({ k: 'bindAny', unused, result });
        if (typeof result === 'number') {
          if (model.used(result)) return finish();
          holds.push(result);
          model.hold(result, 1);
        }
        break;
      }
      case 'connectBound': {
        const port = take(holds, op.i);
        if (port === undefined) break;
        const remote = destinations[op.d]!;
        const existing = model.tuples.get(tupleKey(port, remote));
        const expectedOk = existing === undefined || model.reusable(existing, now);
        const result = table.connectBound(now, localIp, port, remote);
        expect(`connectBound ${port} -> ${remote.ip}:${remote.port} ok`, expectedOk, result.ok);
        model.hold(port, -1);
        if (result.ok && expectedOk) {
          expect('connectBound reusedTimeWait', existing !== undefined, result.reusedTimeWait);
          model.open(port, remote, true, now);
          sockets.push({ local: port, remote, outgoing: true });
        } else if (!result.ok) {
          table.unbindPort(port);
        } else return finish();
        break;
      }
      case 'unbind': {
        const port = take(holds, op.i);
        if (port === undefined) break;
        table.unbindPort(port);
        model.hold(port, -1);
        break;
      }
      case 'listen': {
        const port = listenCandidates[op.p % listenCandidates.length]!;
        const expectedOk = !model.reserved(port);
        const ok = table.bindPort(port);
        expect(`bindPort ${port}`, expectedOk, ok);
        if (ok !== expectedOk) return finish();
        if (ok) {
          listening.push(port);
          model.listeners.add(port);
        }
        break;
      }
      case 'unlisten': {
        const port = take(listening, op.i);
        if (port === undefined) break;
        table.unlistenPort(port);
        model.listeners.delete(port);
        break;
      }
      case 'accept': {
        if (listening.length === 0) break;
        const port = listening[op.i % listening.length]!;
        const remote = destinations[op.d]!;
        const existing = model.tuples.get(tupleKey(port, remote));
        const ok = table.accept(now, port, remote) >= 0;
        expect(`accept on ${port} from ${remote.ip}:${remote.port}`, existing?.state !== 'open', ok);
        if (ok && existing?.state === 'open') return finish();
        if (ok) {
          model.open(port, remote, false, now, true);
          sockets.push({ local: port, remote, outgoing: false });
        }
        break;
      }
    }
    model.expire(now);
    gauges.push([
      { portsInUse: table.portsInUse(now), timeWaitCount: table.timeWaitCount(now), openSockets: table.openSockets(now) },
      { portsInUse: model.portsInUse(), timeWaitCount: model.timeWaitCount(), openSockets: model.openCount() },
    ]);
    model.noteMaxima();
  }
  return finish();

  function finish(): RunResult {
    const pick = (t: PortTable | PortModel): Record<string, number> => ({
      timeWaitMax: t.timeWaitMax, portsInUseMax: t.portsInUseMax,
      timeWaitReused: t.timeWaitReused, timeWaitOverflows: t.timeWaitOverflows,
    });
    return { config, observations, gauges, final: { table: pick(table), model: pick(model) } };
  }
}
