import { initialTransition, setup, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileLifecycle } from '../../sim/contract/lifecycle.js';
import { MachineCoverage, withCoverage } from '../../sim/contract/machineCoverage.js';

type DoorEvent = { type: 'open' } | { type: 'close' } | { type: 'lock' } | { type: 'unlock' } | { type: 'break' };

/** A small lifecycle with a nested state and a final state. */
const doorMachine = setup({ types: { events: {} as DoorEvent } }).createMachine({
  id: 'door',
  initial: 'closed',
  states: {
    closed: {
      initial: 'unlocked',
      on: { break: 'broken' },
      states: {
        unlocked: { on: { open: '#door.open', lock: 'locked' } },
        locked: { on: { unlock: 'unlocked' } },
      },
    },
    open: { on: { close: 'closed' } },
    broken: { type: 'final' },
  },
});

describe('compileLifecycle', () => {
  const door = compileLifecycle<string, DoorEvent['type']>(doorMachine);

  it('starts where the definition starts', () => {
    expect(door.initial).toBe('closed.unlocked');
    expect(door.initial).toBe(String(Object.entries(initialTransition(doorMachine)[0].value)[0]!.join('.')));
  });

  it('gives the same next state as xstate transition() for every reachable state and event', () => {
    const events: DoorEvent['type'][] = ['open', 'close', 'lock', 'unlock', 'break'];
    for (const state of door.states) {
      for (const event of events) {
        if (!door.can(state, event)) continue;
        const [snapshot] = initialTransition(doorMachine);
        const resolved = doorMachine.resolveState({ value: state.includes('.') ? { [state.split('.')[0]!]: state.split('.')[1]! } : state, context: snapshot.context });
        const [next] = transition(doorMachine, resolved, { type: event });
        const nextName = typeof next.value === 'string' ? next.value : Object.entries(next.value).map(([k, v]) => `${k}.${String(v)}`).join('|');
        expect(door.next(state, event)).toBe(nextName);
      }
    }
  });

  it('lists every reachable state, and a final state accepts nothing', () => {
    expect([...door.states].sort()).toEqual(['broken', 'closed.locked', 'closed.unlocked', 'open']);
    expect(door.isFinal('broken')).toBe(true);
    expect(door.can('broken', 'open')).toBe(false);
  });

  it('a transition the parent state defines applies in each child', () => {
    expect(door.next('closed.locked', 'break')).toBe('broken');
    expect(door.next('closed.unlocked', 'break')).toBe('broken');
  });

  it('refuses a move the definition forbids, naming the moves it allows', () => {
    expect(() => door.next('closed.locked', 'open')).toThrow(/no transition on 'open' from state 'closed.locked' \(allowed: break, unlock\)/);
    expect(() => door.next('broken', 'open')).toThrow(/a final state/);
  });

  it('counts entries and transitions into the active coverage only', () => {
    const coverage = new MachineCoverage();
    door.next('open', 'close');
    withCoverage(coverage, () => {
      let state = door.start();
      state = door.next(state, 'open');
      state = door.next(state, 'close');
      door.next(state, 'lock');
    });
    door.next('open', 'close');
    expect(coverage.toJSON()).toEqual({
      door: {
        states: { 'closed.locked': 1, 'closed.unlocked': 2, open: 1 },
        transitions: {
          'closed.unlocked --lock--> closed.locked': 1,
          'closed.unlocked --open--> open': 1,
          'open --close--> closed.unlocked': 1,
        },
      },
    });
  });

  it('steps through a resolved event exactly as next does, for every reachable state and event', () => {
    const events = ['open', 'close', 'lock', 'unlock', 'break'] as const;
    for (const state of door.states) {
      for (const event of events) {
        expect(door.moves[event].event).toBe(event);
        expect(door.moves[event].accepts(state)).toBe(door.can(state, event));
        if (door.can(state, event)) expect(door.moves[event].from(state)).toBe(door.next(state, event));
        else expect(() => door.moves[event].from(state)).toThrow(`door: no transition on '${event}' from state '${state}'`);
      }
    }
  });

  it('a resolved event refuses a forbidden move with the same message as next', () => {
    expect(() => door.moves.open.from('closed.locked')).toThrow(/no transition on 'open' from state 'closed.locked' \(allowed: break, unlock\)/);
    expect(() => door.moves.open.from('ajar' as string)).toThrow(/not a state of this machine/);
  });

  it('a step through a resolved event counts in the coverage as the same step by next does', () => {
    const byNext = new MachineCoverage();
    const byMove = new MachineCoverage();
    withCoverage(byNext, () => door.next(door.next(door.start(), 'lock'), 'break'));
    withCoverage(byMove, () => door.moves.break.from(door.moves.lock.from(door.start())));
    expect(byMove.toJSON()).toEqual(byNext.toJSON());
    expect(byMove.toJSON()['door']!.transitions).toEqual({ 'closed.locked --break--> broken': 1, 'closed.unlocked --lock--> closed.locked': 1 });
  });
});
