import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { JobWorkerEvent } from '../../../sim/models/jobhub/worker.js';
import { jobWorkerDefaults, jobWorkerMachine } from '../../../sim/models/jobhub/worker.js';
import { response } from '../../../sim/models/jobhub/packet.js';

const input = {
  ...jobWorkerDefaults, name: 'w', hubs: [{ host: 'hub0', port: 4730 }], functions: ['f'], random: () => 0.5,
};

/** The worker's state after each event, by the definition alone (no actor, no clock). */
function walk(...events: JobWorkerEvent[]): { value: unknown; emitted: string[] } {
  let [snapshot, actions] = initialTransition(jobWorkerMachine, input);
  const emitted: string[] = [];
  const note = (list: typeof actions) => list.forEach((action) => {
    const params = action.params as { event?: { type: string } } | undefined;
    if ((action.type as string) === 'xstate.emit' && params?.event) emitted.push(params.event.type);
  });
  note(actions);
  for (const event of events) {
    [snapshot, actions] = transition(jobWorkerMachine, snapshot as SnapshotFrom<typeof jobWorkerMachine>, event);
    note(actions);
  }
  return { value: snapshot.value, emitted };
}

const connected: JobWorkerEvent = { type: 'tcp.connected', connId: 1, tag: 0, local: { ip: '10.0.2.1', port: 40_000 } } as never;
const packet = (type: Parameters<typeof response>[0], ...args: string[]): JobWorkerEvent => ({ type: 'tcp.message', connId: 1, message: response(type, ...args) });

describe('a Gearman worker process (Gearman::Worker loop)', () => {
  it('connects first, then grabs on the new connection', () => {
    expect(walk().value).toEqual({ alive: 'connecting' });
    expect(walk(connected).value).toEqual({ alive: 'grabbing' });
  });

  it('sleeps after NO_JOB and grabs again on NOOP', () => {
    expect(walk(connected, packet('NO_JOB')).value).toEqual({ alive: 'sleeping' });
    expect(walk(connected, packet('NO_JOB'), packet('NOOP')).value).toEqual({ alive: 'grabbing' });
  });

  it('works an assigned job and grabs again when the work is done', () => {
    expect(walk(connected, packet('JOB_ASSIGN', 'H:hub0:1', 'f', 'x')).value).toEqual({ alive: 'working' });
    expect(walk(connected, packet('JOB_ASSIGN', 'H:hub0:1', 'f', 'x'), { type: 'workDone' }).value).toEqual({ alive: 'grabbing' });
  });

  it('dies on a crash and comes back connecting after the restart delay', () => {
    expect(walk(connected, { type: 'crash' }).value).toBe('dead');
    expect(walk(connected, { type: 'crash' }, { type: 'restart' }).value).toEqual({ alive: 'connecting' });
  });

  it('asks its host for timers with the contract vocabulary, never xstate delays', () => {
    const { emitted } = walk(connected, packet('JOB_ASSIGN', 'H:hub0:1', 'f', 'x'), { type: 'crash' });
    expect(emitted).toContain('timer.start');
    expect(emitted).toContain('timer.cancel');
  });
});
