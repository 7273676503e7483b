import { describe, expect, it } from 'vitest';
import type { JobHubInput } from '../../../sim/models/jobhub/jobHubSettings.js';
import { HubHarness } from './hubHarness.js';

/** A client's job held by a worker that registered `reverse` with CAN_DO_TIMEOUT `timeoutMs`. */
function timedJob(timeoutMs: string, input: JobHubInput = {}) {
  const hub = new HubHarness(input);
  const client = hub.connect();
  const handle = hub.submit(client, 'SUBMIT_JOB', 'reverse', '', 'a');
  const worker = hub.connect();
  hub.send(worker, 'SET_CLIENT_ID', 'slow');
  hub.send(worker, 'CAN_DO_TIMEOUT', 'reverse', timeoutMs);
  hub.send(worker, 'GRAB_JOB');
  hub.replies(worker);
  return { hub, client, worker, handle };
}

// gearmand 1.1.20 requeues a job whose CAN_DO_TIMEOUT expired (server.ts explains).
describe('CAN_DO_TIMEOUT', () => {
  it('an expired job is requeued with its handle, and the slow worker\'s late result gets ERROR JOB_NOT_FOUND', () => {
    const { hub, client, worker, handle } = timedJob('5000');
    hub.advance(4_999);
    expect(hub.history().at(-1)).toEqual({ kind: 'assigned', job: handle, worker: 'slow' });
    hub.advance(1);
    expect(hub.history().at(-1)).toEqual({ kind: 'requeued', job: handle });
    const other = hub.worker(['reverse']);
    hub.send(other, 'GRAB_JOB');
    expect(hub.replies(other)).toEqual([`JOB_ASSIGN ${handle} reverse a`]);
    hub.send(worker, 'WORK_COMPLETE', handle, 'late');
    expect(hub.replies(worker)).toEqual(['ERROR JOB_NOT_FOUND Job given in work result not found']);
    hub.send(other, 'WORK_COMPLETE', handle, 'ok');
    expect(hub.replies(client)).toEqual([`WORK_COMPLETE ${handle} ok`]);
  });

  it('a timeout under a second runs as 1000 ms, as in gearmand', () => {
    const { hub, handle } = timedJob('10');
    hub.advance(999);
    expect(hub.history().at(-1)?.kind).toBe('assigned');
    hub.advance(1);
    expect(hub.history().at(-1)).toEqual({ kind: 'requeued', job: handle });
  });

  it('a job finished in time leaves no timer behind', () => {
    const { hub, worker, handle } = timedJob('1000');
    hub.send(worker, 'WORK_COMPLETE', handle, 'ok');
    const events = hub.history().length;
    hub.advance(10_000);
    expect(hub.history()).toHaveLength(events);
  });

  it('a timeout of 0 means no timer', () => {
    const { hub } = timedJob('0');
    hub.advance(60_000);
    expect(hub.history().at(-1)?.kind).toBe('assigned');
  });

  it('in fail mode an expired job fails with WORK_FAIL to its client', () => {
    const { hub, client, handle } = timedJob('2000', { workerLossMode: 'fail' });
    hub.advance(2_000);
    expect(hub.replies(client)).toEqual([`WORK_FAIL ${handle}`]);
    expect(hub.history().at(-2)).toEqual({ kind: 'failed', job: handle, reason: 'timeout', worker: 'slow' });
  });

  it('counts toward jobRetries like a lost worker', () => {
    const { hub, client, handle } = timedJob('1000', { jobRetries: 1 });
    hub.advance(1_000);
    expect(hub.replies(client)).toEqual([`WORK_FAIL ${handle}`]);
  });
});
