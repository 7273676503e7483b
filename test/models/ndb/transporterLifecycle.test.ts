import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { transporterLifecycle, transporterMachine, type TransporterStep } from '../../../sim/models/ndb/transporterLifecycle.js';

function after(events: readonly TransporterStep[]): { value: unknown; status: string } {
  let [snapshot] = initialTransition(transporterMachine);
  for (const type of events) [snapshot] = transition(transporterMachine, snapshot, { type });
  return { value: snapshot.value, status: snapshot.status };
}

describe('transporter lifecycle: TransporterRegistry perform states', () => {
  it('is connecting until the connect completes, then connected', () => {
    expect(after([]).value).toBe('connecting');
    expect(after(['CONNECTED']).value).toBe('connected');
  });

  it('a failed connect or a broken connection ends it disconnected', () => {
    expect(after(['CONNECT_FAILED'])).toEqual({ value: 'disconnected', status: 'done' });
    expect(after(['CONNECTED', 'LOST'])).toEqual({ value: 'disconnected', status: 'done' });
  });

  it('a peer declared dead is closed behind what was sent: disconnecting', () => {
    expect(after(['CONNECTED', 'FORGET'])).toEqual({ value: 'disconnecting', status: 'done' });
    expect(after(['FORGET'])).toEqual({ value: 'disconnecting', status: 'done' });
  });

  it('a connection cannot be lost before it was made', () => {
    expect(transporterLifecycle.can('connecting', 'LOST')).toBe(false);
  });
});
