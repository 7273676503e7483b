import { describe, expect, it } from 'vitest';
import { jobHubDefaults, resolveJobHubSettings } from '../../../sim/models/jobhub/jobHubSettings.js';
import { HubHarness } from './hubHarness.js';

describe('limits', () => {
  it('a submit beyond queuedJobsMax gets ERROR QUEUE_ERROR, and one fits again once a job ends', () => {
    const hub = new HubHarness({ queuedJobsMax: 2 });
    const client = hub.connect();
    const first = hub.submit(client, 'SUBMIT_JOB_BG', 'work', '', 'a');
    hub.submit(client, 'SUBMIT_JOB_BG', 'work', '', 'b');
    hub.send(client, 'SUBMIT_JOB', 'work', '', 'c');
    expect(hub.replies(client)).toEqual(['ERROR QUEUE_ERROR Job queue is full']);
    const worker = hub.worker(['work']);
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'WORK_COMPLETE', first, '');
    hub.submit(client, 'SUBMIT_JOB_BG', 'work', '', 'c');
  });

  it('a full hub still coalesces a submit into an existing job', () => {
    const hub = new HubHarness({ queuedJobsMax: 1 });
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB', 'work', 'k', 'a');
    expect(hub.submit(client, 'SUBMIT_JOB', 'work', 'k', 'a')).toBe(handle);
  });

  it('a packet whose arguments exceed packetArgBytesMax gets ERROR ARGUMENT_TOO_LARGE and creates nothing', () => {
    // "work" + NUL + "" + NUL + 10 bytes = 16 bytes: at the limit it passes, one byte more it does not.
    const hub = new HubHarness({ packetArgBytesMax: 16 });
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB_BG', 'work', '', '0123456789');
    hub.send(client, 'SUBMIT_JOB_BG', 'work', '', '0123456789a');
    hub.send(client, 'SUBMIT_JOB_BG', 'work', '', 'ééééé é');
    expect(hub.replies(client)).toEqual([
      'ERROR ARGUMENT_TOO_LARGE Packet arguments exceed the hub limit',
      'ERROR ARGUMENT_TOO_LARGE Packet arguments exceed the hub limit',
    ]);
    expect(hub.admin(client, 'status')).toEqual(['work\t1\t0\t0', '.']);
  });

  it('a unique key longer than 64 bytes gets gearmand\'s ERROR ARGUMENT_TOO_LARGE', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB', 'work', 'k'.repeat(64), 'a');
    hub.send(client, 'SUBMIT_JOB', 'work', 'k'.repeat(65), 'a');
    expect(hub.replies(client)).toEqual(['ERROR ARGUMENT_TOO_LARGE Unique value too large']);
  });

  it('bad input names the setting and what is allowed', () => {
    expect(() => resolveJobHubSettings({ jobRetries: -1 })).toThrow('jobHubMachine input.jobRetries should be an integer from 0 to');
    expect(() => resolveJobHubSettings({ queuedJobsMax: 0 })).toThrow('input.queuedJobsMax should be an integer from 1');
    expect(() => resolveJobHubSettings({ hostName: 'a:b' })).toThrow("input.hostName should be 1 to 51 bytes without spaces or ':'");
    expect(() => resolveJobHubSettings({ workerLossMode: 'drop' as never })).toThrow("input.workerLossMode should be 'requeue' or 'fail'");
    expect(resolveJobHubSettings()).toEqual(jobHubDefaults);
  });
});

describe('other requests', () => {
  it('ECHO_REQ is answered with ECHO_RES carrying the same data', () => {
    const hub = new HubHarness();
    const conn = hub.connect();
    hub.send(conn, 'ECHO_REQ', 'ping');
    expect(hub.replies(conn)).toEqual(['ECHO_RES ping']);
  });

  it('OPTION_REQ for anything but exceptions gets ERROR UNKNOWN_OPTION', () => {
    const hub = new HubHarness();
    const conn = hub.connect();
    hub.send(conn, 'OPTION_REQ', 'EXCEPTIONS');
    hub.send(conn, 'OPTION_REQ', 'chunked');
    expect(hub.replies(conn)).toEqual(['OPTION_RES EXCEPTIONS', 'ERROR UNKNOWN_OPTION Server does not recognize given option']);
  });

  it('packets only a server sends, response magic and unknown types get gearmand\'s errors', () => {
    const hub = new HubHarness();
    const conn = hub.connect();
    hub.send(conn, 'NOOP');
    hub.send(conn, 'ALL_YOURS');
    hub.deliver(conn, { kind: 'RES', type: 'ECHO_REQ', args: ['x'] });
    hub.deliver(conn, { kind: 'REQ', type: 'SUBMIT_REDUCE_JOB' as never, args: [] });
    expect(hub.replies(conn)).toEqual([
      'ERROR INVALID_COMMAND Command not expected',
      'ERROR INVALID_COMMAND Command not expected',
      'ERROR INVALID_MAGIC Request magic expected',
      'ERROR INVALID_COMMAND Invalid command expected',
    ]);
  });

  it('a packet missing more than its last argument gets ERROR INVALID_PACKET; a missing last one reads as empty', () => {
    const hub = new HubHarness();
    const conn = hub.connect();
    hub.send(conn, 'SUBMIT_JOB', 'work');
    hub.send(conn, 'SUBMIT_JOB_BG', 'work', '');
    expect(hub.replies(conn)).toEqual(['ERROR INVALID_PACKET Too few arguments for the packet type', 'JOB_CREATED H:jobhub:1']);
  });
});
