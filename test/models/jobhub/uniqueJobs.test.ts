import { describe, expect, it } from 'vitest';
import { HubHarness } from './hubHarness.js';

describe('unique coalescing', () => {
  it('a second submit with the same function and unique gets the same handle, and both clients get status and result', () => {
    const hub = new HubHarness();
    const [first, second] = [hub.connect(), hub.connect()];
    const handle = hub.submit(first, 'SUBMIT_JOB', 'resize', 'photo-9', 'data');
    expect(hub.submit(second, 'SUBMIT_JOB', 'resize', 'photo-9', 'data')).toBe(handle);
    const worker = hub.worker(['resize']);
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'WORK_STATUS', handle, '1', '2');
    hub.send(worker, 'WORK_COMPLETE', handle, 'ok');
    for (const client of [first, second]) expect(hub.replies(client)).toEqual([`WORK_STATUS ${handle} 1 2`, `WORK_COMPLETE ${handle} ok`]);
    expect(hub.replies(worker)).toEqual([`JOB_ASSIGN ${handle} resize data`]);
  });

  it('a running job still coalesces, and the unique key is free once the job ends', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB', 'resize', 'k', 'a');
    const worker = hub.worker(['resize']);
    hub.send(worker, 'GRAB_JOB');
    expect(hub.submit(client, 'SUBMIT_JOB', 'resize', 'k', 'a')).toBe(handle);
    hub.send(worker, 'WORK_COMPLETE', handle, 'ok');
    expect(hub.replies(client)).toEqual([`WORK_COMPLETE ${handle} ok`, `WORK_COMPLETE ${handle} ok`]);
    expect(hub.submit(client, 'SUBMIT_JOB', 'resize', 'k', 'a')).toBe('H:hub:2');
  });

  it('an empty unique never coalesces, and the same unique under another function is another job', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const client = hub.connect();
    const handles = [
      hub.submit(client, 'SUBMIT_JOB', 'resize', '', 'a'),
      hub.submit(client, 'SUBMIT_JOB', 'resize', '', 'a'),
      hub.submit(client, 'SUBMIT_JOB', 'resize', 'k', 'a'),
      hub.submit(client, 'SUBMIT_JOB', 'crop', 'k', 'a'),
    ];
    expect(handles).toEqual(['H:hub:1', 'H:hub:2', 'H:hub:3', 'H:hub:4']);
  });

  it('a background submit joins a foreground job without adding a client, and a coalesced job is queued once', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB', 'resize', 'k', 'a');
    expect(hub.submit(hub.connect(), 'SUBMIT_JOB_BG', 'resize', 'k', 'a')).toBe(handle);
    const worker = hub.worker(['resize']);
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'GRAB_JOB');
    expect(hub.replies(worker)).toEqual([`JOB_ASSIGN ${handle} resize a`, 'NO_JOB']);
    expect(hub.history().filter((event) => event.kind === 'submitted')).toHaveLength(1);
  });

  it('the unique "-" coalesces on equal data, as gearmand reads it', () => {
    const hub = new HubHarness({ hostName: 'hub' });
    const client = hub.connect();
    const handles = ['x', 'x', 'y'].map((data) => hub.submit(client, 'SUBMIT_JOB', 'resize', '-', data));
    expect(handles).toEqual(['H:hub:1', 'H:hub:1', 'H:hub:2']);
  });
});
