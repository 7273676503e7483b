import { describe, expect, it } from 'vitest';
import type { GearmanPacket } from '../../../sim/models/jobhub/packet.js';
import { HubHarness } from './hubHarness.js';

// The worker loop of the Gearman PROTOCOL file: CAN_DO → GRAB_JOB → NO_JOB → PRE_SLEEP → NOOP → GRAB_JOB → JOB_ASSIGN.
describe('worker loop', () => {
  it('a worker with nothing to do gets NO_JOB, sleeps after PRE_SLEEP, and is woken by one NOOP when a job arrives', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const worker = hub.worker(['reverse']);
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'PRE_SLEEP');
    expect(hub.replies(worker)).toEqual(['NO_JOB']);
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB', 'reverse', '', 'hello');
    expect(hub.replies(worker)).toEqual(['NOOP']);
    hub.send(worker, 'GRAB_JOB');
    expect(hub.replies(worker)).toEqual(['JOB_ASSIGN H:hub:1 reverse hello']);
  });

  it('a sleeping worker gets one NOOP per sleep however many jobs arrive before it grabs', () => {
    const hub = new HubHarness();
    const worker = hub.worker(['reverse']);
    hub.send(worker, 'PRE_SLEEP');
    const client = hub.connect();
    for (const data of ['a', 'b', 'c']) hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', data);
    expect(hub.replies(worker)).toEqual(['NOOP']);
  });

  it('PRE_SLEEP while a job is runnable for the worker gets an immediate NOOP', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB', 'reverse', '', 'x');
    const worker = hub.worker(['reverse']);
    hub.send(worker, 'PRE_SLEEP');
    expect(hub.replies(worker)).toEqual(['NOOP']);
  });

  it('a new job wakes every capable sleeper and no sleeper of another function', () => {
    const hub = new HubHarness();
    const sleepers = [hub.worker(['reverse']), hub.worker(['upper', 'reverse']), hub.worker(['upper'])];
    for (const worker of sleepers) hub.send(worker, 'PRE_SLEEP');
    hub.submit(hub.connect(), 'SUBMIT_JOB_BG', 'reverse', '', 'x');
    expect(sleepers.map((worker) => hub.replies(worker))).toEqual([['NOOP'], ['NOOP'], []]);
  });

  it('a worker that grabbed again is woken again at its next sleep', () => {
    const hub = new HubHarness();
    const worker = hub.worker(['reverse']);
    const client = hub.connect();
    hub.send(worker, 'PRE_SLEEP');
    hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', 'a');
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'PRE_SLEEP');
    hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', 'b');
    expect(hub.replies(worker)).toEqual(['NOOP', 'JOB_ASSIGN H:jobhub:1 reverse a', 'NO_JOB', 'NOOP']);
  });

  it('a worker scans its functions newest registration first, as gearmand 1.1.20 does', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB_BG', 'first', '', 'f');
    hub.submit(client, 'SUBMIT_JOB_BG', 'second', '', 's');
    const worker = hub.worker(['first', 'second']);
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'GRAB_JOB');
    expect(hub.replies(worker)).toEqual(['JOB_ASSIGN H:hub:2 second s', 'JOB_ASSIGN H:hub:1 first f']);
  });

  it('registering a function again moves it to the front of the scan', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB_BG', 'first', '', 'f');
    hub.submit(client, 'SUBMIT_JOB_BG', 'second', '', 's');
    const worker = hub.worker(['first', 'second']);
    hub.send(worker, 'CAN_DO', 'first');
    hub.send(worker, 'GRAB_JOB');
    expect(hub.replies(worker)).toEqual(['JOB_ASSIGN H:hub:1 first f']);
  });

  it('GRAB_JOB_UNIQ assigns with the unique key and GRAB_JOB without it', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', 'key-1', 'a');
    hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', 'key-2', 'b');
    const worker = hub.worker(['reverse']);
    hub.send(worker, 'GRAB_JOB_UNIQ');
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'GRAB_JOB_UNIQ');
    expect(hub.replies(worker)).toEqual(['JOB_ASSIGN_UNIQ H:hub:1 reverse key-1 a', 'JOB_ASSIGN H:hub:2 reverse b', 'NO_JOB']);
  });

  it('a worker that sent CANT_DO or RESET_ABILITIES gets no more jobs of those functions', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', 'a');
    hub.submit(client, 'SUBMIT_JOB_BG', 'upper', '', 'b');
    const worker = hub.worker(['reverse', 'upper']);
    hub.send(worker, 'CANT_DO', 'reverse');
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'RESET_ABILITIES');
    hub.send(worker, 'CAN_DO', 'other');
    hub.send(worker, 'GRAB_JOB');
    expect(hub.replies(worker)).toEqual(['JOB_ASSIGN H:jobhub:2 upper b', 'NO_JOB']);
  });

  it('a connection with no abilities gets NO_JOB', () => {
    const hub = new HubHarness();
    hub.submit(hub.connect(), 'SUBMIT_JOB_BG', 'reverse', '', 'a');
    const idle = hub.connect();
    hub.send(idle, 'GRAB_JOB');
    expect(hub.replies(idle)).toEqual(['NO_JOB']);
  });

  it('sleepers are woken in the order they registered the function', () => {
    const hub = new HubHarness();
    const [early, late] = [hub.worker(['reverse']), hub.worker(['reverse'])];
    hub.send(late, 'PRE_SLEEP');
    hub.send(early, 'PRE_SLEEP');
    hub.submit(hub.connect(), 'SUBMIT_JOB_BG', 'reverse', '', 'x');
    const noops = hub.effects.flatMap((effect) => (effect.type === 'tcp.send' && (effect.message as GearmanPacket).kind === 'RES' && (effect.message as GearmanPacket).type === 'NOOP' ? [effect.connId] : []));
    expect(noops).toEqual([early, late]);
  });

  it('a sleeper that registers a function is woken by a job of it, and one that sent CANT_DO is not', () => {
    const hub = new HubHarness();
    const [joins, leaves] = [hub.worker(['other']), hub.worker(['reverse'])];
    for (const worker of [joins, leaves]) hub.send(worker, 'PRE_SLEEP');
    hub.send(joins, 'CAN_DO', 'reverse');
    hub.send(leaves, 'CANT_DO', 'reverse');
    hub.submit(hub.connect(), 'SUBMIT_JOB_BG', 'reverse', '', 'x');
    expect([hub.replies(joins), hub.replies(leaves)]).toEqual([['NOOP'], []]);
  });

  it('one NOOP per grab cycle: a worker that sleeps again after its NOOP without grabbing is not woken, as on gearmand', () => {
    const hub = new HubHarness();
    const worker = hub.worker(['reverse']);
    const client = hub.connect();
    hub.send(worker, 'PRE_SLEEP');
    hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', 'a');
    const other = hub.worker(['reverse']);
    hub.send(other, 'GRAB_JOB');
    hub.send(worker, 'PRE_SLEEP');
    hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', 'b');
    expect(hub.replies(worker)).toEqual(['NOOP']);
    // A grab resets it: the next sleep gets its NOOP again.
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'PRE_SLEEP');
    hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', 'c');
    expect(hub.replies(worker)).toEqual([expect.stringMatching(/^JOB_ASSIGN .* b$/), 'NO_JOB', 'NOOP']);
  });
});
