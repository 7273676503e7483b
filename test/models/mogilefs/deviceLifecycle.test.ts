import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { deviceFacts, deviceLifecycle, deviceMachine, effectiveStatus } from '../../../sim/models/mogilefs/deviceLifecycle.js';
import { accepts, walk } from '../../helpers/walkMachine.js';

describe('device lifecycle (DeviceState.pm)', () => {
  it('a new device is alive and observed writeable', () => {
    expect(walk(deviceMachine, [])).toEqual(['alive.writeable']);
  });

  it('an admin mark keeps what the monitor observed', () => {
    expect(walk(deviceMachine, ['monitor.unreachable', 'mark.readonly', 'monitor.writeable'])).toEqual([
      'alive.writeable', 'alive.unreachable', 'readonly.unreachable', 'readonly.writeable',
    ]);
  });

  it('dead is final: nothing revives it, not even the monitor', () => {
    const [alive] = initialTransition(deviceMachine);
    const [dead] = transition(deviceMachine, alive, { type: 'mark.dead' });
    expect(dead.status).toBe('done');
    expect(accepts(deviceMachine, ['mark.dead'], 'mark.alive')).toBe(false);
    expect(accepts(deviceMachine, ['mark.dead'], 'monitor.writeable')).toBe(false);
  });

  it('a device marked down can come back alive, and a drain device can be marked dead while unreachable', () => {
    expect(walk(deviceMachine, ['mark.down', 'mark.alive'])).toEqual(['alive.writeable', 'down.writeable', 'alive.writeable']);
    expect(walk(deviceMachine, ['mark.drain', 'monitor.unreachable', 'mark.dead'])).toEqual([
      'alive.writeable', 'drain.writeable', 'drain.unreachable', 'dead',
    ]);
  });

  it("each status allows what DeviceState.pm's flags say: alive everything, readonly reads, drain reads and deletes, down nothing", () => {
    const allows = (state: keyof typeof deviceFacts) => {
      const { read, write, newFiles } = deviceFacts[state];
      return { read, write, newFiles };
    };
    expect(allows('alive.writeable')).toEqual({ read: true, write: true, newFiles: true });
    expect(allows('readonly.writeable')).toEqual({ read: true, write: false, newFiles: false });
    expect(allows('drain.writeable')).toEqual({ read: true, write: true, newFiles: false });
    expect(allows('down.writeable')).toEqual({ read: false, write: false, newFiles: false });
    expect(deviceFacts.dead.dead).toBe(true);
  });

  it('an unreachable device allows nothing and acts as down, whatever its status', () => {
    for (const state of ['alive.unreachable', 'readonly.unreachable', 'drain.unreachable'] as const) {
      expect(deviceFacts[state]).toMatchObject({ read: false, write: false, newFiles: false, unreachable: true });
      expect(effectiveStatus(state)).toBe('down');
    }
    expect(effectiveStatus('dead')).toBe('dead');
  });

  it('the compiled lifecycle refuses a move the definition forbids', () => {
    expect(() => deviceLifecycle.next('dead', 'mark.alive')).toThrow(/no transition on 'mark.alive' from state 'dead'/);
    expect(deviceLifecycle.states).toHaveLength(9);
  });
});
