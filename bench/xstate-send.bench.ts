/**
 * Micro-benchmark: cost of one `actor.send()` on xstate v5 for the machine
 * shapes the simulator uses.
 *
 *   npx tsx bench/xstate-send.bench.ts [--events N] [--runs R] [--only targetless|always|targeted]
 *
 * Shapes:
 *   targetless  - one `running` state, 3 targetless transitions
 *                 (emit, custom named action with params, assign); no `always`.
 *                 This is the hot shape (one actor per simulated process).
 *   always      - targetless transitions + an `always` transition guarded on
 *                 context (fires every 100th event, then comes back).
 *   targeted    - targeted transitions between states with entry/exit actions
 *                 and `after` delays (scheduled on a fake clock, so each
 *                 transition schedules/cancels a delayed event).
 *
 * Each shape prints µs/send and a trace signature (hash of every emitted
 * event, custom-action call and final snapshot) so stock and patched runs can
 * be compared for identical behaviour.
 */
import { assign, createActor, emit, setup } from 'xstate';

type Ev = { type: 'connected' | 'message' | 'closed' | 'tick'; n: number };

const argv = process.argv.slice(2);
const argNum = (name: string, dflt: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const EVENTS = argNum('--events', 1_000_000);
const RUNS = argNum('--runs', 3);
const WARMUP = Math.min(100_000, EVENTS);

/** FNV-1a over strings, used as a cheap trace signature. */
class Trace {
  h = 0x811c9dc5;
  count = 0;
  add(s: string): void {
    this.count++;
    for (let i = 0; i < s.length; i++) {
      this.h ^= s.charCodeAt(i);
      this.h = Math.imul(this.h, 0x01000193) >>> 0;
    }
  }
  get sig(): string {
    return `${this.h.toString(16).padStart(8, '0')}/${this.count}`;
  }
}

/** Deterministic fake clock so `after` delays never touch real timers. */
function fakeClock() {
  let next = 1;
  const timers = new Map<number, () => void>();
  return {
    timers,
    setTimeout: (fn: () => void, _ms: number) => {
      const id = next++;
      timers.set(id, fn);
      return id;
    },
    clearTimeout: (id: number) => {
      timers.delete(id);
    },
  };
}

function targetlessMachine(trace: Trace) {
  return setup({
    types: {} as {
      context: { bytes: number; closed: number };
      events: Ev;
      emitted: { type: 'out'; kind: string; n: number };
    },
    actions: {
      record: (_: unknown, params: { kind: string; n: number }) => {
        trace.add(`rec:${params.kind}:${params.n}`);
      },
    },
  }).createMachine({
    id: 'proc',
    context: { bytes: 0, closed: 0 },
    initial: 'running',
    states: {
      running: {
        on: {
          connected: {
            actions: [emit(({ event }) => ({ type: 'out' as const, kind: 'connected', n: event.n }))],
          },
          message: {
            actions: [
              emit(({ event }) => ({ type: 'out' as const, kind: 'message', n: event.n })),
              { type: 'record', params: ({ event }) => ({ kind: 'message', n: event.n }) },
            ],
          },
          closed: {
            actions: [
              assign({ closed: ({ context }) => context.closed + 1 }),
              { type: 'record', params: ({ event }) => ({ kind: 'closed', n: event.n }) },
            ],
          },
        },
      },
    },
  });
}

function alwaysMachine(trace: Trace) {
  return setup({
    types: {} as {
      context: { seen: number; flushes: number };
      events: Ev;
      emitted: { type: 'out'; kind: string; n: number };
    },
    actions: {
      record: (_: unknown, params: { kind: string; n: number }) => {
        trace.add(`rec:${params.kind}:${params.n}`);
      },
    },
    guards: {
      full: ({ context }) => context.seen > 0 && context.seen % 100 === 0,
    },
  }).createMachine({
    id: 'buffered',
    context: { seen: 0, flushes: 0 },
    initial: 'running',
    states: {
      running: {
        always: { guard: 'full', target: 'flushing' },
        on: {
          connected: { actions: emit(({ event }) => ({ type: 'out' as const, kind: 'connected', n: event.n })) },
          message: {
            actions: [
              assign({ seen: ({ context }) => context.seen + 1 }),
              { type: 'record', params: ({ event }) => ({ kind: 'message', n: event.n }) },
            ],
          },
          closed: { actions: emit(({ event }) => ({ type: 'out' as const, kind: 'closed', n: event.n })) },
        },
      },
      flushing: {
        entry: [
          assign({ flushes: ({ context }) => context.flushes + 1, seen: 0 }),
          emit(({ context }) => ({ type: 'out' as const, kind: 'flush', n: context.flushes })),
        ],
        always: 'running',
      },
    },
  });
}

function targetedMachine(trace: Trace) {
  return setup({
    types: {} as {
      context: { opens: number };
      events: Ev;
      emitted: { type: 'out'; kind: string; n: number };
    },
    actions: {
      record: (_: unknown, params: { kind: string; n: number }) => {
        trace.add(`rec:${params.kind}:${params.n}`);
      },
    },
  }).createMachine({
    id: 'conn',
    context: { opens: 0 },
    initial: 'idle',
    states: {
      idle: {
        entry: { type: 'record', params: { kind: 'enter-idle', n: 0 } },
        after: { 5000: 'closedByTimeout' },
        on: {
          connected: { target: 'open', actions: assign({ opens: ({ context }) => context.opens + 1 }) },
          message: { actions: emit(({ event }) => ({ type: 'out' as const, kind: 'idle-msg', n: event.n })) },
        },
      },
      open: {
        entry: { type: 'record', params: ({ context }) => ({ kind: 'enter-open', n: context.opens }) },
        exit: emit(({ context }) => ({ type: 'out' as const, kind: 'exit-open', n: context.opens })),
        after: { 1000: 'idle' },
        on: {
          message: { actions: emit(({ event }) => ({ type: 'out' as const, kind: 'msg', n: event.n })) },
          closed: { target: 'idle' },
        },
      },
      closedByTimeout: { on: { connected: 'open' } },
    },
  });
}

const KINDS = ['connected', 'message', 'closed', 'message'] as const;

type Shape = 'targetless' | 'always' | 'targeted';
type Emitted = { type: 'out'; kind: string; n: number };

/** The part of the actor API the benchmark uses (the three machines differ in types). */
interface BenchActor {
  subscribe(fn: () => void): unknown;
  start(): unknown;
  send(event: Ev): void;
  getSnapshot(): { value: unknown; context: unknown; status: string };
  stop(): unknown;
}

/** Creates an actor for the shape and records every emitted event into the trace. */
function createBenchActor(shape: Shape, trace: Trace, clock: ReturnType<typeof fakeClock>): BenchActor {
  const onEmit = (e: Emitted) => trace.add(`emit:${e.kind}:${e.n}`);
  if (shape === 'targetless') {
    const actor = createActor(targetlessMachine(trace), { clock });
    actor.on('*', onEmit);
    return actor;
  }
  if (shape === 'always') {
    const actor = createActor(alwaysMachine(trace), { clock });
    actor.on('*', onEmit);
    return actor;
  }
  const actor = createActor(targetedMachine(trace), { clock });
  actor.on('*', onEmit);
  return actor;
}

function runOnce(shape: Shape, events: number): { us: number; sig: string; final: string; timers: number } {
  const trace = new Trace();
  const clock = fakeClock();
  const actor = createBenchActor(shape, trace, clock);
  let notifications = 0;
  actor.subscribe(() => {
    notifications++;
  });
  actor.start();
  // pre-build events so allocation is not part of the measured cost
  const evs: Ev[] = [];
  for (let i = 0; i < KINDS.length * 251; i++) evs.push({ type: KINDS[i % KINDS.length] ?? 'tick', n: i });
  const len = evs.length;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < events; i++) actor.send(evs[i % len] as Ev);
  const t1 = process.hrtime.bigint();
  const snap = actor.getSnapshot();
  const final = JSON.stringify({ value: snap.value, context: snap.context, status: snap.status, notifications });
  trace.add(final);
  actor.stop();
  return { us: Number(t1 - t0) / 1000 / events, sig: trace.sig, final, timers: clock.timers.size };
}

const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] as Shape) : undefined;
const shapes: Shape[] = (['targetless', 'always', 'targeted'] as Shape[]).filter((s) => !only || s === only);
console.log(`xstate send benchmark: ${EVENTS.toLocaleString()} events/run, best of ${RUNS} runs, node ${process.version}`);
for (const shape of shapes) {
  runOnce(shape, WARMUP); // warm up JIT
  let best = Infinity;
  let sig = '';
  let final = '';
  for (let r = 0; r < RUNS; r++) {
    const res = runOnce(shape, EVENTS);
    best = Math.min(best, res.us);
    if (sig && sig !== res.sig) throw new Error(`non-deterministic trace for ${shape}`);
    sig = res.sig;
    final = res.final;
  }
  console.log(`${shape.padEnd(11)} ${best.toFixed(3).padStart(7)} µs/send   trace ${sig}   ${final}`);
}
