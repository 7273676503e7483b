/**
 * Guards the stacksim fast-path patch of xstate (patches/xstate+5.33.3.patch).
 *
 * The patch changes three internals on the `actor.send()` hot path:
 *   - `microstep`: targetless transitions skip exit/entry set computation,
 *   - `selectEventlessTransitions`: returns [] when no active state node (or no
 *     node of the machine at all) has `always`,
 *   - `StateNode#next`: candidate transitions cached per event type without
 *     building a `candidates-${type}` string key per event,
 *   - `enqueueActions`: one set of enqueue helpers for every call instead of ten
 *     new closures per call,
 *   - the action executor: no `@xstate.action` inspection event is built when
 *     nobody inspects.
 *
 * Behaviour must be identical to stock xstate, so the behaviour suite below is
 * written against public API only and is run against every dist variant the
 * package can resolve to (prod/dev x cjs/esm) plus the plain `xstate` import.
 * It passes against an unpatched xstate too; only the marker test is
 * patch-specific (it fails if patch-package silently did not apply the patch).
 *
 * XSTATE_PATCH_TEST_DIST=/path/to/xstate/dist runs the behaviour suite against
 * another copy of the dist files (e.g. a stock xstate) for comparison.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as xstateDefault from 'xstate';

const require = createRequire(import.meta.url);
const installedDist = dirname(require.resolve('xstate'));
const distDir = process.env.XSTATE_PATCH_TEST_DIST ?? installedDist;

const MARKER = '/* stacksim-fastpath */';

type X = typeof xstateDefault;

const variants: Array<[string, () => Promise<X>]> = [
  ["import 'xstate'", async () => xstateDefault],
  ['xstate.cjs.js (node default)', () => load('xstate.cjs.js')],
  ['xstate.development.cjs.js', () => load('xstate.development.cjs.js')],
  ['xstate.esm.js', () => load('xstate.esm.js')],
  ['xstate.development.esm.js', () => load('xstate.development.esm.js')],
];

async function load(file: string): Promise<X> {
  const mod = await import(pathToFileURL(join(distDir, file)).href);
  return (mod.createActor ? mod : mod.default) as X;
}

/** Deterministic clock for `after` delays. */
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    timers,
    setTimeout(fn: () => void, ms: number) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(id: number) {
      timers.delete(id);
    },
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.has(id)) {
          timers.delete(id);
          t.fn();
        }
      }
    },
  };
}

describe('xstate fast-path patch is installed', () => {
  const files = [
    'raise-effbee0c.esm.js',
    'raise-991ac3b2.development.esm.js',
    'raise-9de11213.cjs.js',
    'raise-3e76cf12.development.cjs.js',
    'StateMachine-ae06a22b.esm.js',
    'StateMachine-ebb67171.development.esm.js',
    'StateMachine-ad194eaf.cjs.js',
    'StateMachine-a3dfb12d.development.cjs.js',
    'log-6a5e50a8.esm.js',
    'log-d1660d4b.development.esm.js',
    'log-81c55f77.cjs.js',
    'log-ef4ad2a1.development.cjs.js',
  ];

  it('is xstate 5.33.3 (the version the patch was made for)', () => {
    const pkg = JSON.parse(readFileSync(join(installedDist, '..', 'package.json'), 'utf8'));
    expect(pkg.version).toBe('5.33.3');
  });

  it.each(files)('%s contains the patch marker', (file) => {
    const src = readFileSync(join(installedDist, file), 'utf8');
    expect(src).toContain(MARKER);
    if (file.startsWith('raise-')) {
      expect(src).toContain('function stacksimTargetlessMicrostep(');
      expect(src).toContain('stacksimMachineHasAlways(nextState.machine)');
      expect(src).toContain('if (this._actorScope.system._stacksimInspected()) this._actorScope.system._sendInspectionEvent({');
    } else if (file.startsWith('log-')) {
      expect(src).toContain('enqueue: stacksimEnqueue,');
      expect(src).not.toMatch(/^ {2}enqueue\.emit = /m);
    } else {
      expect(src).toContain('const candidates = stacksimGetCandidates(this, eventType);');
      expect(src).not.toContain('memo(this, `candidates-${eventType}`, () =>');
    }
  });
});

describe.each(variants)('xstate behaviour preserved by the patch (%s)', (_name, getX) => {
  it('targetless transitions with assign update context and keep the state value', async () => {
    const { setup, createActor, assign } = await getX();
    const log: string[] = [];
    const machine = setup({
      types: {} as { context: { n: number }; events: { type: 'inc' } | { type: 'noop' } },
    }).createMachine({
      id: 'm',
      context: { n: 0 },
      initial: 'running',
      states: {
        running: {
          entry: () => log.push('entry running'),
          exit: () => log.push('exit running'),
          initial: 'inner',
          states: { inner: { entry: () => log.push('entry inner'), exit: () => log.push('exit inner') } },
          on: {
            inc: { actions: [assign({ n: ({ context }) => context.n + 1 }), () => log.push('inc')] },
            noop: { actions: () => log.push('noop') },
          },
        },
      },
    });
    const actor = createActor(machine).start();
    expect(log).toEqual(['entry running', 'entry inner']);
    log.length = 0;
    const before = actor.getSnapshot();
    actor.send({ type: 'inc' });
    actor.send({ type: 'inc' });
    actor.send({ type: 'noop' });
    const after = actor.getSnapshot();
    expect(after.context).toEqual({ n: 2 });
    expect(after.value).toEqual({ running: 'inner' });
    expect(after.matches({ running: 'inner' })).toBe(true);
    expect(after.status).toBe('active');
    expect(log).toEqual(['inc', 'inc', 'noop']);
    expect(before.context).toEqual({ n: 0 }); // previous snapshot untouched
    expect(after.historyValue).toBe(before.historyValue);
    expect(actor.getPersistedSnapshot()).toEqual({ ...before.machine.getPersistedSnapshot(before), context: { n: 2 } });
  });

  it('targetless transition without context change keeps the snapshot object; subscribers are still notified', async () => {
    const { setup, createActor, assign, emit } = await getX();
    const machine = setup({}).createMachine({
      context: { n: 0 },
      initial: 'running',
      states: {
        running: {
          on: {
            ping: { actions: emit({ type: 'pong' }) },
            inc: { actions: assign({ n: ({ context }) => context.n + 1 }) },
            ignored: {},
          },
        },
      },
    });
    const actor = createActor(machine);
    const seen: unknown[] = [];
    actor.subscribe((s) => seen.push(s));
    actor.start();
    const s0 = actor.getSnapshot();
    expect(seen).toEqual([s0]);

    actor.send({ type: 'ping' });
    expect(actor.getSnapshot()).toBe(s0);
    actor.send({ type: 'ignored' }); // transition with neither target nor actions
    expect(actor.getSnapshot()).toBe(s0);
    actor.send({ type: 'unknown' }); // no transition at all
    expect(actor.getSnapshot()).toBe(s0);
    expect(seen).toHaveLength(4);
    expect(seen.every((s) => s === s0)).toBe(true);

    actor.send({ type: 'inc' });
    const s1 = actor.getSnapshot();
    expect(s1).not.toBe(s0);
    expect(s1.context).toEqual({ n: 1 });
    expect(s1.value).toBe('running');
    expect(seen).toHaveLength(5);
    expect(seen[4]).toBe(s1);
  });

  it('pure transition API reports the same actions for targetless transitions', async () => {
    const { setup, assign, emit, raise, transition, initialTransition, getMicrosteps } = await getX();
    const machine = setup({
      actions: { record: (_: unknown, _params: { n: number }) => {} },
    }).createMachine({
      context: { n: 0 },
      initial: 'running',
      states: {
        running: {
          on: {
            go: {
              actions: [
                assign({ n: ({ context }) => context.n + 1 }),
                emit(({ context }) => ({ type: 'out', n: context.n })),
                { type: 'record', params: ({ context }) => ({ n: context.n }) },
                raise({ type: 'follow' }),
              ],
            },
            follow: { actions: { type: 'record', params: { n: -1 } } },
          },
        },
      },
    });
    const [s0] = initialTransition(machine);
    const [s1, actions] = transition(machine, s0, { type: 'go' });
    expect(s1.context).toEqual({ n: 1 });
    expect(s1.value).toBe('running');
    // (assign is resolved, not executed, so it is not among the executable actions)
    expect(actions.map((a) => [a.type, a.params])).toEqual([
      ['xstate.emit', { event: { type: 'out', n: 1 } }],
      ['record', { n: 1 }],
      ['xstate.raise', { event: { type: 'follow' }, id: undefined, delay: undefined }],
      ['record', { n: -1 }],
    ]);
    const steps = getMicrosteps(machine, s0, { type: 'go' });
    expect(steps).toHaveLength(2);
    expect(steps.map(([, acts]) => acts.map((a) => a.type))).toEqual([
      ['xstate.emit', 'record', 'xstate.raise'],
      ['record'],
    ]);
    const [[first], [second]] = steps as [(typeof steps)[number], (typeof steps)[number]];
    expect(first).not.toBe(s0);
    // the second (raised-event) microstep changes nothing, so it returns the same snapshot
    expect(second).toBe(first);
  });

  it('targeted transitions still exit and enter in order', async () => {
    const { setup, createActor } = await getX();
    const log: string[] = [];
    const on = (s: string) => () => log.push(s);
    const machine = setup({}).createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: {
          entry: on('enter a'),
          exit: on('exit a'),
          initial: 'a1',
          states: { a1: { entry: on('enter a1'), exit: on('exit a1') } },
          on: { go: { target: 'b', actions: on('go') }, stay: { actions: on('stay') } },
        },
        b: {
          entry: on('enter b'),
          exit: on('exit b'),
          initial: 'b1',
          states: {
            b1: { entry: on('enter b1'), exit: on('exit b1'), on: { next: 'b2' } },
            b2: { entry: on('enter b2'), exit: on('exit b2') },
          },
          on: { back: { target: 'a', actions: on('back') } },
        },
      },
    });
    const actor = createActor(machine).start();
    actor.send({ type: 'stay' });
    actor.send({ type: 'go' });
    actor.send({ type: 'next' });
    actor.send({ type: 'back' });
    expect(log).toEqual([
      'enter a', 'enter a1',
      'stay',
      'exit a1', 'exit a', 'go', 'enter b', 'enter b1',
      'exit b1', 'enter b2',
      'exit b2', 'exit b', 'back', 'enter a', 'enter a1',
    ]);
    expect(actor.getSnapshot().value).toEqual({ a: 'a1' });
  });

  it('reenter: true still re-enters; a targeted self-transition without reenter does not', async () => {
    const { setup, createActor } = await getX();
    const log: string[] = [];
    const on = (s: string) => () => log.push(s);
    const machine = setup({}).createMachine({
      initial: 'p',
      states: {
        p: {
          entry: on('enter p'),
          exit: on('exit p'),
          initial: 'c',
          states: { c: { entry: on('enter c'), exit: on('exit c') }, d: {} },
          on: {
            re: { target: 'p', reenter: true, actions: on('re') },
            self: { target: 'p', actions: on('self') },
            reTargetless: { reenter: true, actions: on('reTargetless') },
            toD: '.d',
          },
        },
      },
    });
    const actor = createActor(machine).start();
    log.length = 0;
    actor.send({ type: 're' });
    expect(log).toEqual(['exit c', 'exit p', 're', 'enter p', 'enter c']);
    log.length = 0;
    actor.send({ type: 'toD' });
    actor.send({ type: 'self' });
    // non-reentering transition to the source itself: only descendants are reset
    expect(log).toEqual(['exit c', 'self', 'enter c']);
    log.length = 0;
    const before = actor.getSnapshot();
    actor.send({ type: 'reTargetless' });
    // `reenter` without a target has nothing to re-enter
    expect(log).toEqual(['reTargetless']);
    expect(actor.getSnapshot()).toBe(before);
  });

  it('always transitions still fire on machines that have them (also when only a non-initial state has one)', async () => {
    const { setup, createActor, assign } = await getX();
    const log: string[] = [];
    const machine = setup({
      types: {} as { context: { n: number } },
      guards: { full: ({ context }) => context.n >= 3 },
    }).createMachine({
      context: { n: 0 },
      initial: 'filling',
      states: {
        filling: {
          always: { guard: 'full', target: 'full' },
          on: { add: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
        },
        full: {
          entry: () => log.push('full'),
          on: { drain: { target: 'filling', actions: assign({ n: 0 }) } },
        },
      },
    });
    const actor = createActor(machine).start();
    actor.send({ type: 'add' });
    actor.send({ type: 'add' });
    expect(actor.getSnapshot().value).toBe('filling');
    actor.send({ type: 'add' });
    expect(actor.getSnapshot().value).toBe('full');
    expect(log).toEqual(['full']);
    actor.send({ type: 'drain' });
    expect(actor.getSnapshot().value).toBe('filling');

    // `always` only in a state that is not active at first
    const m2 = setup({}).createMachine({
      initial: 'idle',
      states: {
        idle: { on: { go: 'passing', tick: { actions: () => log.push('tick') } } },
        passing: { entry: () => log.push('passing'), always: { target: 'done', actions: () => log.push('always') } },
        done: { entry: () => log.push('done'), always: [{ guard: () => false, target: 'idle' }] },
      },
    });
    log.length = 0;
    const a2 = createActor(m2).start();
    a2.send({ type: 'tick' });
    a2.send({ type: 'go' });
    expect(log).toEqual(['tick', 'passing', 'always', 'done']);
    expect(a2.getSnapshot().value).toBe('done');

    // eventless transition on the root, gated by a guard depending on context
    const m3 = setup({
      types: {} as { context: { n: number } },
    }).createMachine({
      context: { n: 0 },
      initial: 'a',
      always: { guard: ({ context }) => context.n === 2, target: '.b' },
      states: { a: { on: { inc: { actions: assign({ n: ({ context }) => context.n + 1 }) } } }, b: {} },
    });
    const a3 = createActor(m3).start();
    a3.send({ type: 'inc' });
    expect(a3.getSnapshot().value).toBe('a');
    a3.send({ type: 'inc' });
    expect(a3.getSnapshot().value).toBe('b');
  });

  it('emitted events reach actor.on listeners in order', async () => {
    const { setup, createActor, emit } = await getX();
    const machine = setup({
      types: {} as {
        events: { type: 'two' } | { type: 'go' } | { type: 'one'; i: number };
        emitted: { type: 'x'; i: number } | { type: 'y'; i: number };
      },
    }).createMachine({
      initial: 'a',
      states: {
        a: {
          on: {
            two: { actions: [emit({ type: 'x', i: 1 }), emit({ type: 'y', i: 2 })] },
            go: { target: 'b', actions: emit({ type: 'x', i: 4 }) },
          },
          exit: emit({ type: 'y', i: 3 }),
        },
        b: { entry: emit({ type: 'x', i: 5 }), on: { one: { actions: emit(({ event }) => ({ type: 'y' as const, i: event.i })) } } },
      },
    });
    const actor = createActor(machine);
    const got: string[] = [];
    actor.on('x', (e) => got.push(`x${e.i}`));
    actor.on('y', (e) => got.push(`y${e.i}`));
    actor.on('*', (e) => got.push(`*${e.i}`));
    actor.start();
    actor.send({ type: 'two' });
    actor.send({ type: 'go' });
    actor.send({ type: 'one', i: 6 });
    expect(got).toEqual(['x1', '*1', 'y2', '*2', 'y3', '*3', 'x4', '*4', 'x5', '*5', 'y6', '*6']);
  });

  it('raised events are processed within the same macrostep', async () => {
    const { setup, createActor, raise, assign } = await getX();
    const log: string[] = [];
    const machine = setup({
      types: {} as { context: { n: number } },
    }).createMachine({
      context: { n: 0 },
      initial: 'a',
      states: {
        a: {
          on: {
            start: { actions: [raise({ type: 'r1' }), () => log.push('start')] },
            r1: { actions: [assign({ n: ({ context }) => context.n + 1 }), raise({ type: 'r2' }), () => log.push('r1')] },
            r2: { target: 'b', actions: () => log.push('r2') },
          },
        },
        b: { entry: () => log.push('enter b'), on: { r3: { actions: () => log.push('r3') } } },
      },
    });
    const actor = createActor(machine);
    let notifications = 0;
    actor.subscribe(() => notifications++);
    actor.start();
    actor.send({ type: 'start' });
    expect(log).toEqual(['start', 'r1', 'r2', 'enter b']);
    expect(actor.getSnapshot().value).toBe('b');
    expect(actor.getSnapshot().context).toEqual({ n: 1 });
    expect(notifications).toBe(2); // start() + one macrostep
  });

  it('parallel regions: targetless transitions of all regions run in document order', async () => {
    const { setup, createActor, assign } = await getX();
    const log: string[] = [];
    const machine = setup({
      types: {} as { context: { a: number; b: number } },
    }).createMachine({
      context: { a: 0, b: 0 },
      type: 'parallel',
      states: {
        left: {
          initial: 'l',
          states: { l: { on: { ev: { actions: [assign({ a: ({ context }) => context.a + 1 }), () => log.push('left')] } } } },
        },
        right: {
          initial: 'r',
          states: { r: { on: { ev: { actions: [assign({ b: ({ context }) => context.a * 10 }), () => log.push('right')] } } } },
        },
      },
    });
    const actor = createActor(machine).start();
    actor.send({ type: 'ev' });
    expect(log).toEqual(['left', 'right']);
    expect(actor.getSnapshot().context).toEqual({ a: 1, b: 10 });
    expect(actor.getSnapshot().value).toEqual({ left: 'l', right: 'r' });
  });

  it('history is kept across targetless transitions', async () => {
    const { setup, createActor, assign } = await getX();
    const machine = setup({}).createMachine({
      context: { n: 0 },
      initial: 'on',
      states: {
        on: {
          initial: 'one',
          states: { one: { on: { next: 'two' } }, two: {}, hist: { type: 'history' } },
          on: { off: 'off' },
        },
        off: { on: { bump: { actions: assign({ n: ({ context }) => context.n + 1 }) }, on: 'on.hist' } },
      },
    });
    const actor = createActor(machine).start();
    actor.send({ type: 'next' });
    actor.send({ type: 'off' });
    actor.send({ type: 'bump' });
    actor.send({ type: 'bump' });
    actor.send({ type: 'on' });
    expect(actor.getSnapshot().value).toEqual({ on: 'two' });
    expect(actor.getSnapshot().context).toEqual({ n: 2 });
  });

  it('wildcard and partial event descriptors still match', async () => {
    const { setup, createActor } = await getX();
    const log: string[] = [];
    const machine = setup({}).createMachine({
      initial: 'a',
      states: {
        a: {
          on: {
            'net.*': { actions: ({ event }) => log.push(`net:${event.type}`) },
            'net.close': { actions: ({ event }) => log.push(`exact:${event.type}`) },
            '*': { actions: ({ event }) => log.push(`any:${event.type}`) },
          },
        },
      },
    });
    const actor = createActor(machine).start();
    for (const type of ['net.open', 'net.close', 'other', 'net.open', 'net.close', 'other']) actor.send({ type });
    expect(log).toEqual([
      'net:net.open', 'exact:net.close', 'any:other',
      'net:net.open', 'exact:net.close', 'any:other',
    ]);
    // the same config provided with other implementations behaves the same
    const provided = machine.provide({});
    const a2 = createActor(provided).start();
    log.length = 0;
    a2.send({ type: 'net.x' });
    a2.send({ type: 'zzz' });
    expect(log).toEqual(['net:net.x', 'any:zzz']);
  });

  it('guarded candidates: first passing guard wins, falls back to ancestors', async () => {
    const { setup, createActor, assign } = await getX();
    const machine = setup({
      types: {} as { context: { n: number; last: string } },
    }).createMachine({
      context: { n: 0, last: '' },
      initial: 'p',
      on: { ev: { actions: assign({ last: 'root' }) } },
      states: {
        p: {
          on: {
            ev: [
              { guard: ({ context }) => context.n % 2 === 0, actions: assign({ n: ({ context }) => context.n + 1, last: 'even' }) },
              { guard: ({ context }) => context.n === 1, actions: assign({ n: ({ context }) => context.n + 1, last: 'one' }) },
            ],
          },
        },
      },
    });
    const actor = createActor(machine).start();
    const lasts: string[] = [];
    for (let i = 0; i < 4; i++) {
      actor.send({ type: 'ev' });
      lasts.push(actor.getSnapshot().context.last);
    }
    expect(lasts).toEqual(['even', 'one', 'even', 'root']);
  });

  it('after delays still schedule and cancel on targeted transitions', async () => {
    const { setup, createActor, emit } = await getX();
    const clock = fakeClock();
    const machine = setup({}).createMachine({
      initial: 'idle',
      states: {
        idle: { on: { open: 'open', ping: { actions: emit({ type: 'pong' }) } } },
        open: {
          after: { 100: 'timedOut' },
          on: { close: 'idle', ping: { actions: emit({ type: 'pong' }) } },
        },
        timedOut: {},
      },
    });
    const actor = createActor(machine, { clock });
    let pongs = 0;
    actor.on('pong', () => pongs++);
    actor.start();
    actor.send({ type: 'open' });
    expect(clock.timers.size).toBe(1);
    actor.send({ type: 'ping' }); // targetless: must not cancel/reschedule
    expect(clock.timers.size).toBe(1);
    actor.send({ type: 'close' });
    expect(clock.timers.size).toBe(0);
    actor.send({ type: 'open' });
    clock.advance(50);
    actor.send({ type: 'ping' });
    clock.advance(60);
    expect(actor.getSnapshot().value).toBe('timedOut');
    expect(pongs).toBe(2);
  });

  it('spawn/stop children and final states via targetless and targeted transitions', async () => {
    const { setup, createActor, spawnChild, stopChild, fromCallback } = await getX();
    let stopped = 0;
    const child = fromCallback(() => () => {
      stopped++;
    });
    const machine = setup({ actors: { child } }).createMachine({
      initial: 'run',
      output: () => 'finished',
      states: {
        run: {
          on: {
            spawn: { actions: spawnChild('child', { id: 'kid' }) },
            kill: { actions: stopChild('kid') },
            finish: 'end',
          },
        },
        end: { type: 'final' },
      },
    });
    const actor = createActor(machine);
    let completed = 0;
    actor.subscribe({ complete: () => completed++ });
    actor.start();
    const s0 = actor.getSnapshot();
    actor.send({ type: 'spawn' });
    expect(Object.keys(actor.getSnapshot().children)).toEqual(['kid']);
    expect(actor.getSnapshot()).not.toBe(s0);
    actor.send({ type: 'kill' });
    expect(Object.keys(actor.getSnapshot().children)).toEqual([]);
    expect(stopped).toBe(1);
    actor.send({ type: 'finish' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toBe('finished');
    expect(completed).toBe(1);
  });

  it('an action throwing in a targetless transition puts the actor in error state', async () => {
    const { setup, createActor } = await getX();
    const machine = setup({}).createMachine({
      initial: 'a',
      states: {
        a: {
          on: {
            boom: {
              actions: () => {
                throw new Error('boom');
              },
            },
          },
        },
      },
    });
    const actor = createActor(machine);
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    actor.send({ type: 'boom' });
    expect(actor.getSnapshot().status).toBe('error');
    expect((errors[0] as Error).message).toBe('boom');
  });

  it('enqueueActions and sendTo inside targetless transitions', async () => {
    const { setup, createActor, enqueueActions, sendTo, assign, createMachine } = await getX();
    const got: string[] = [];
    const childMachine = createMachine({
      on: { hello: { actions: ({ event }) => got.push(`child:${event.n}`) } },
    });
    const machine = setup({
      types: {} as { context: { n: number } },
      actors: { childMachine },
    }).createMachine({
      context: { n: 0 },
      invoke: { src: 'childMachine', id: 'c' },
      initial: 'a',
      states: {
        a: {
          on: {
            ev: {
              actions: enqueueActions(({ enqueue, context }) => {
                enqueue(assign({ n: context.n + 1 }));
                enqueue(sendTo('c', { type: 'hello', n: context.n + 1 }));
                if (context.n % 2 === 1) enqueue(() => got.push('odd'));
              }),
            },
          },
        },
      },
    });
    const actor = createActor(machine).start();
    actor.send({ type: 'ev' });
    actor.send({ type: 'ev' });
    expect(actor.getSnapshot().context.n).toBe(2);
    expect(got).toEqual(['child:1', 'odd', 'child:2']);
  });

  it('enqueueActions: nested enqueueActions keep their own action lists, in order', async () => {
    const { setup, createActor, enqueueActions } = await getX();
    const machine = setup({
      types: {} as { events: { type: 'go' }; emitted: { type: 'e'; n: number } },
      actions: {
        inner: enqueueActions(({ enqueue }) => {
          enqueue.emit({ type: 'e', n: 2 });
          enqueue.emit({ type: 'e', n: 3 });
        }),
      },
    }).createMachine({
      on: {
        go: {
          actions: enqueueActions(({ enqueue }) => {
            enqueue.emit({ type: 'e', n: 1 });
            enqueue('inner');
            enqueue.emit({ type: 'e', n: 4 });
          }),
        },
      },
    });
    const actor = createActor(machine).start();
    const seen: number[] = [];
    actor.on('e', (event) => seen.push(event.n));
    actor.send({ type: 'go' });
    actor.send({ type: 'go' });
    expect(seen).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it('enqueueActions: an enqueue kept past its callback does not add to a later call', async () => {
    const { setup, createActor, enqueueActions } = await getX();
    let kept: ((action: never) => void) | null = null;
    const machine = setup({ types: {} as { events: { type: 'go' }; emitted: { type: 'e' } } }).createMachine({
      on: {
        go: {
          actions: enqueueActions(({ enqueue }) => {
            kept = enqueue as unknown as (action: never) => void;
            enqueue.emit({ type: 'e' });
          }),
        },
      },
    });
    const actor = createActor(machine).start();
    let emitted = 0;
    actor.on('e', () => emitted++);
    actor.send({ type: 'go' });
    // Stock xstate pushes to the finished call's list (a no-op); the patch throws. Neither changes the next call.
    try {
      (kept as unknown as { emit: (event: { type: 'e' }) => void }).emit({ type: 'e' });
    } catch {
      // the patched helper refuses: no list is being collected
    }
    actor.send({ type: 'go' });
    expect(emitted).toBe(2);
  });

  it('an inspector still sees every executed action', async () => {
    const { setup, createActor, enqueueActions } = await getX();
    const machine = setup({ types: {} as { events: { type: 'go' }; emitted: { type: 'e' } } }).createMachine({
      on: { go: { actions: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'e' })) } },
    });
    const actions: string[] = [];
    const actor = createActor(machine, {
      inspect: (event) => {
        if (event.type === '@xstate.action') actions.push((event as unknown as { action: { type: string } }).action.type);
      },
    }).start();
    actor.send({ type: 'go' });
    expect(actions).toContain('xstate.emit');
  });

  it('restored snapshots keep working with targetless transitions', async () => {
    const { setup, createActor, assign } = await getX();
    const machine = setup({}).createMachine({
      context: { n: 0 },
      initial: 'a',
      states: {
        a: { on: { inc: { actions: assign({ n: ({ context }) => context.n + 1 }) }, go: 'b' } },
        b: { always: { guard: ({ context }) => context.n > 1, target: 'c' }, on: { inc: { actions: assign({ n: ({ context }) => context.n + 1 }) } } },
        c: {},
      },
    });
    const a1 = createActor(machine).start();
    a1.send({ type: 'inc' });
    a1.send({ type: 'go' });
    const persisted = a1.getPersistedSnapshot();
    a1.stop();
    const a2 = createActor(machine, { snapshot: persisted }).start();
    expect(a2.getSnapshot().value).toBe('b');
    a2.send({ type: 'inc' });
    expect(a2.getSnapshot().value).toBe('c');
    expect(a2.getSnapshot().context).toEqual({ n: 2 });
  });
});
