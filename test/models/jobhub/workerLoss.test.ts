import { describe, expect, it } from 'vitest';
import type { JobHubInput } from '../../../sim/models/jobhub/jobHubSettings.js';
import { HubHarness } from './hubHarness.js';

/** Two queued jobs A then B of one client; worker w1 holds A. */
function holdingFirst(input: JobHubInput = {}) {
  const hub = new HubHarness({ hostName: 'hub', ...input });
  const client = hub.connect();
  const first = hub.submit(client, 'SUBMIT_JOB', 'work', '', 'A');
  const second = hub.submit(client, 'SUBMIT_JOB', 'work', '', 'B');
  const worker = hub.worker(['work'], 'w1');
  hub.send(worker, 'GRAB_JOB');
  hub.replies(worker);
  return { hub, client, worker, first, second };
}

describe('worker lost mid-job, requeue mode', () => {
  it('puts the job back at the tail of its priority list with the same handle and tells the client nothing', () => {
    const { hub, client, worker, first } = holdingFirst();
    hub.drop(worker, 'aborted');
    expect(hub.history().slice(-2)).toEqual([{ kind: 'workerLost', worker: 'w1' }, { kind: 'requeued', job: first }]);
    const next = hub.worker(['work'], 'w2');
    hub.send(next, 'GRAB_JOB');
    hub.send(next, 'GRAB_JOB');
    expect(hub.replies(next)).toEqual(['JOB_ASSIGN H:hub:2 work B', `JOB_ASSIGN ${first} work A`]);
    expect(hub.replies(client)).toEqual([]);
  });

  it('wakes sleeping workers when the job is requeued', () => {
    const { hub, worker } = holdingFirst();
    const sleeper = hub.worker(['work']);
    hub.send(sleeper, 'GRAB_JOB');
    hub.send(sleeper, 'GRAB_JOB');
    hub.send(sleeper, 'PRE_SLEEP');
    hub.replies(sleeper);
    hub.drop(worker);
    expect(hub.replies(sleeper)).toEqual(['NOOP']);
  });

  it('retries without limit when jobRetries is 0', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB', 'work', '', 'A');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const worker = hub.worker(['work']);
      hub.send(worker, 'GRAB_JOB');
      hub.drop(worker);
    }
    expect(hub.history().filter((event) => event.kind === 'requeued')).toHaveLength(5);
    expect(hub.replies(client)).toEqual([]);
    hub.send(client, 'GET_STATUS', handle);
    expect(hub.replies(client)).toEqual([`STATUS_RES ${handle} 1 0 0 0`]);
  });

  it('with jobRetries 2, the clients get WORK_FAIL when the second assignment is lost', () => {
    const hub = new HubHarness({ jobRetries: 2 });
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB', 'work', '', 'A');
    const workers = ['w1', 'w2'].map((name) => hub.worker(['work'], name));
    hub.send(workers[0] as number, 'GRAB_JOB');
    hub.drop(workers[0] as number);
    expect(hub.replies(client)).toEqual([]);
    hub.send(workers[1] as number, 'GRAB_JOB');
    hub.drop(workers[1] as number);
    expect(hub.replies(client)).toEqual([`WORK_FAIL ${handle}`]);
    expect(hub.history().filter((event) => event.kind === 'requeued' || event.kind === 'failed')).toEqual([
      { kind: 'requeued', job: handle },
      { kind: 'failed', job: handle, reason: 'retriesExhausted', worker: 'w2' },
    ]);
  });

  it('with jobRetries 1, the first lost assignment fails the job', () => {
    const { hub, client, worker, first } = holdingFirst({ jobRetries: 1 });
    hub.drop(worker);
    expect(hub.replies(client)).toEqual([`WORK_FAIL ${first}`]);
    expect(hub.history().at(-2)).toEqual({ kind: 'failed', job: first, reason: 'retriesExhausted', worker: 'w1' });
  });
});

describe('worker lost mid-job, fail mode', () => {
  it('sends WORK_FAIL to every waiting client and drops the job', () => {
    const hub = new HubHarness({ workerLossMode: 'fail' });
    const [first, second] = [hub.connect(), hub.connect()];
    const handle = hub.submit(first, 'SUBMIT_JOB', 'work', 'k', 'A');
    hub.submit(second, 'SUBMIT_JOB', 'work', 'k', 'A');
    const worker = hub.worker(['work'], 'w1');
    hub.send(worker, 'GRAB_JOB');
    hub.drop(worker);
    expect([hub.replies(first), hub.replies(second)]).toEqual([[`WORK_FAIL ${handle}`], [`WORK_FAIL ${handle}`]]);
    expect(hub.history().slice(-4)).toEqual([
      { kind: 'workerLost', worker: 'w1' },
      { kind: 'failed', job: handle, reason: 'workerLost', worker: 'w1' },
      { kind: 'clientReply', client: `conn:${first}`, job: handle, reply: 'fail' },
      { kind: 'clientReply', client: `conn:${second}`, job: handle, reply: 'fail' },
    ]);
    const next = hub.worker(['work']);
    hub.send(next, 'GRAB_JOB');
    expect(hub.replies(next)).toEqual(['NO_JOB']);
  });
});

describe('clients that leave', () => {
  it('a foreground job whose clients all left before it ran is dropped at the next grab', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB', 'work', 'k', 'A');
    hub.drop(client);
    expect(hub.admin(hub.connect(), 'status')).toEqual(['work\t1\t0\t0', '.']);
    const worker = hub.worker(['work']);
    hub.send(worker, 'GRAB_JOB');
    expect(hub.replies(worker)).toEqual(['NO_JOB']);
    expect(hub.history().slice(-2)).toEqual([{ kind: 'clientLost', client: `conn:${client}` }, { kind: 'failed', job: handle, reason: 'clientsGone' }]);
    expect(hub.submit(hub.connect(), 'SUBMIT_JOB', 'work', 'k', 'A')).toBe('H:hub:2');
  });

  it('PRE_SLEEP drops an abandoned job too instead of waking the worker for it', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB', 'work', '', 'A');
    hub.drop(client);
    const worker = hub.worker(['work']);
    hub.send(worker, 'PRE_SLEEP');
    expect(hub.replies(worker)).toEqual([]);
    expect(hub.history().at(-1)).toMatchObject({ kind: 'failed', reason: 'clientsGone' });
  });

  it('a job still runs while one of its clients remains, and a new client revives an abandoned one', () => {
    const hub = new HubHarness();
    const [leaver, stayer] = [hub.connect(), hub.connect()];
    const kept = hub.submit(leaver, 'SUBMIT_JOB', 'work', 'kept', 'A');
    hub.submit(stayer, 'SUBMIT_JOB', 'work', 'kept', 'A');
    const revived = hub.submit(leaver, 'SUBMIT_JOB', 'work', 'revived', 'B');
    hub.drop(leaver);
    const late = hub.connect();
    expect(hub.submit(late, 'SUBMIT_JOB', 'work', 'revived', 'B')).toBe(revived);
    const worker = hub.worker(['work']);
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'GRAB_JOB');
    expect(hub.replies(worker)).toEqual([`JOB_ASSIGN ${kept} work A`, `JOB_ASSIGN ${revived} work B`]);
  });

  it('a running job whose clients left completes with no one to tell', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB', 'work', '', 'A');
    const worker = hub.worker(['work'], 'w1');
    hub.send(worker, 'GRAB_JOB');
    hub.drop(client, 'aborted');
    hub.send(worker, 'WORK_COMPLETE', handle, 'done');
    expect(hub.history().slice(-2)).toEqual([{ kind: 'clientLost', client: `conn:${client}` }, { kind: 'completed', job: handle, worker: 'w1' }]);
  });

  it('a requeued job whose clients left is dropped at the next grab', () => {
    const { hub, client, worker, first } = holdingFirst();
    hub.drop(client);
    hub.drop(worker);
    const next = hub.worker(['work']);
    hub.send(next, 'GRAB_JOB');
    expect(hub.replies(next)).toEqual(['NO_JOB']);
    expect(hub.history().filter((event) => event.kind === 'failed').map((event) => 'job' in event && event.job)).toEqual(['H:hub:2', first]);
  });
});

describe('connection end', () => {
  it('the hub closes its side after a FIN and not after an abort', () => {
    const hub = new HubHarness();
    const [finned, reset] = [hub.connect(), hub.connect()];
    hub.drop(finned, 'peerClosed');
    hub.drop(reset, 'aborted');
    expect([hub.closedByHub(finned), hub.closedByHub(reset)]).toEqual([true, false]);
  });

  it('a connection that was client and worker is recorded as both lost, the client first', () => {
    const hub = new HubHarness();
    const both = hub.worker(['work'], 'both');
    hub.submit(both, 'SUBMIT_JOB', 'work', '', 'A');
    hub.drop(both);
    expect(hub.history().slice(-2)).toEqual([{ kind: 'clientLost', client: 'both' }, { kind: 'workerLost', worker: 'both' }]);
  });
});
