import { describe, expect, it } from 'vitest';
import { HubHarness } from './hubHarness.js';

/** A hub with one client waiting on one running job. */
function running(input = {}) {
  const hub = new HubHarness({ hostName: 'hub', ...input });
  const client = hub.connect();
  const handle = hub.submit(client, 'SUBMIT_JOB', 'reverse', '', 'hello');
  const worker = hub.worker(['reverse'], 'worker-1');
  hub.send(worker, 'GRAB_JOB');
  hub.replies(worker);
  return { hub, client, worker, handle };
}

describe('work results', () => {
  it('WORK_STATUS, WORK_DATA and WORK_WARNING are forwarded to the waiting client as sent', () => {
    const { hub, client, worker, handle } = running();
    hub.send(worker, 'WORK_STATUS', handle, '1', '4');
    hub.send(worker, 'WORK_DATA', handle, 'part');
    hub.send(worker, 'WORK_WARNING', handle, 'careful');
    expect(hub.replies(client)).toEqual([`WORK_STATUS ${handle} 1 4`, `WORK_DATA ${handle} part`, `WORK_WARNING ${handle} careful`]);
    expect(hub.replies(worker)).toEqual([]);
  });

  it('WORK_COMPLETE is forwarded with its data, recorded, and ends the job', () => {
    const { hub, client, worker, handle } = running();
    hub.send(worker, 'WORK_COMPLETE', handle, 'olleh');
    expect(hub.replies(client)).toEqual([`WORK_COMPLETE ${handle} olleh`]);
    expect(hub.history().slice(-2)).toEqual([
      { kind: 'completed', job: handle, worker: 'worker-1' },
      { kind: 'clientReply', client: `conn:${client}`, job: handle, reply: 'complete' },
    ]);
    hub.send(worker, 'WORK_COMPLETE', handle, 'again');
    expect(hub.replies(worker)).toEqual(['ERROR JOB_NOT_FOUND Job given in work result not found']);
  });

  it('WORK_FAIL is forwarded and ends the job', () => {
    const { hub, client, worker, handle } = running();
    hub.send(worker, 'WORK_FAIL', handle);
    expect(hub.replies(client)).toEqual([`WORK_FAIL ${handle}`]);
    expect(hub.history().at(-2)).toEqual({ kind: 'failed', job: handle, reason: 'workFail', worker: 'worker-1' });
    hub.send(client, 'GET_STATUS', handle);
    expect(hub.replies(client)).toEqual([`STATUS_RES ${handle} 0 0 0 0`]);
  });

  it('WORK_EXCEPTION reaches a client that set OPTION_REQ exceptions, and is WORK_FAIL for one that did not', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const plain = hub.connect();
    const wantsExceptions = hub.connect();
    hub.send(wantsExceptions, 'OPTION_REQ', 'exceptions');
    expect(hub.replies(wantsExceptions)).toEqual(['OPTION_RES exceptions']);
    const handle = hub.submit(plain, 'SUBMIT_JOB', 'reverse', 'same', 'x');
    hub.submit(wantsExceptions, 'SUBMIT_JOB', 'reverse', 'same', 'x');
    const worker = hub.worker(['reverse']);
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'WORK_EXCEPTION', handle, 'boom');
    expect(hub.replies(plain)).toEqual([`WORK_FAIL ${handle}`]);
    expect(hub.replies(wantsExceptions)).toEqual([`WORK_EXCEPTION ${handle} boom`]);
    expect(hub.history().filter((event) => event.kind === 'clientReply').map((event) => event.kind === 'clientReply' && event.reply)).toEqual(['fail', 'exception']);
  });

  it('WORK_* for an unknown handle gets ERROR JOB_NOT_FOUND with gearmand\'s text for each packet type', () => {
    const hub = new HubHarness();
    const worker = hub.worker(['reverse']);
    hub.send(worker, 'WORK_STATUS', 'H:nope:1', '1', '2');
    hub.send(worker, 'WORK_DATA', 'H:nope:1', 'd');
    hub.send(worker, 'WORK_WARNING', 'H:nope:1', 'w');
    hub.send(worker, 'WORK_COMPLETE', 'H:nope:1', 'r');
    hub.send(worker, 'WORK_FAIL', 'H:nope:1');
    hub.send(worker, 'WORK_EXCEPTION', 'H:nope:1', 'e');
    expect(hub.replies(worker)).toEqual([
      'ERROR JOB_NOT_FOUND Job given in work result not found',
      'ERROR JOB_NOT_FOUND Job does not exist on server',
      'ERROR JOB_NOT_FOUND Job does not exist on server',
      'ERROR JOB_NOT_FOUND Job given in work result not found',
      'ERROR JOB_NOT_FOUND Job given in work result not found',
      'ERROR JOB_NOT_FOUND An exception was received for a job that does not exist',
    ]);
  });

  it('a worker cannot report on a job another worker holds', () => {
    const { hub, client, handle } = running();
    const other = hub.worker(['reverse']);
    hub.send(other, 'WORK_COMPLETE', handle, 'stolen');
    expect(hub.replies(other)).toEqual(['ERROR JOB_NOT_FOUND Job given in work result not found']);
    expect(hub.replies(client)).toEqual([]);
  });
});

describe('GET_STATUS', () => {
  it('reports a queued job as known and not running', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', 'a');
    hub.send(client, 'GET_STATUS', handle);
    expect(hub.replies(client)).toEqual([`STATUS_RES ${handle} 1 0 0 0`]);
  });

  it('reports a running job with the progress of its last WORK_STATUS', () => {
    const { hub, client, worker, handle } = running();
    hub.send(worker, 'WORK_STATUS', handle, '3', '10');
    hub.replies(client);
    hub.send(client, 'GET_STATUS', handle);
    expect(hub.replies(client)).toEqual([`STATUS_RES ${handle} 1 1 3 10`]);
  });

  it('reports an unknown handle as h 0 0 0 0', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    hub.send(client, 'GET_STATUS', 'H:elsewhere:42');
    expect(hub.replies(client)).toEqual(['STATUS_RES H:elsewhere:42 0 0 0 0']);
  });
});
