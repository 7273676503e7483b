import { describe, expect, it } from 'vitest';
import { HubHarness } from './hubHarness.js';

describe('admin text protocol', () => {
  it('status lists FUNC TOTAL RUNNING WORKERS per function, TOTAL counting running jobs, then "."', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    for (const data of ['a', 'b', 'c']) hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', data);
    const worker = hub.worker(['reverse', 'upper']);
    hub.worker(['reverse']);
    hub.send(worker, 'GRAB_JOB');
    expect(hub.admin(hub.connect(), 'status')).toEqual(['reverse\t3\t1\t2', 'upper\t0\t0\t1', '.']);
  });

  it('a function stays listed with zeros after its jobs end and its workers leave, as in gearmand', () => {
    const hub = new HubHarness();
    const worker = hub.worker(['reverse']);
    hub.drop(worker);
    expect(hub.admin(hub.connect(), 'STATUS')).toEqual(['reverse\t0\t0\t0', '.']);
  });

  it('workers lists every connection as FD IP CLIENT-ID : FUNCS, newest first, "-" for no client id', () => {
    const hub = new HubHarness();
    const worker = hub.connect('10.0.0.5');
    hub.send(worker, 'SET_CLIENT_ID', 'w-5');
    hub.send(worker, 'CAN_DO', 'reverse');
    hub.send(worker, 'CAN_DO_TIMEOUT', 'upper', '5000');
    const admin = hub.connect('10.0.0.1');
    expect(hub.admin(admin, 'workers')).toEqual([`${admin} 10.0.0.1 - :`, `${worker} 10.0.0.5 w-5 : upper reverse`, '.']);
  });

  it('prioritystatus counts queued jobs per priority', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    hub.submit(client, 'SUBMIT_JOB_HIGH_BG', 'work', '', 'a');
    hub.submit(client, 'SUBMIT_JOB_LOW_BG', 'work', '', 'b');
    hub.submit(client, 'SUBMIT_JOB_LOW_BG', 'work', '', 'c');
    expect(hub.admin(client, 'prioritystatus')).toEqual(['work\t1\t0\t2\t0', '.']);
  });

  it('version answers OK <version> without a "." line', () => {
    const hub = new HubHarness({ version: '1.1.20' });
    expect(hub.admin(hub.connect(), 'version')).toEqual(['OK 1.1.20']);
  });

  it('an unknown command gets gearmand\'s ERR UNKNOWN_COMMAND line, the command appended as it does', () => {
    const hub = new HubHarness();
    const conn = hub.connect();
    expect(hub.admin(conn, 'shutdown')).toEqual(['ERR UNKNOWN_COMMAND Unknown+server+commandshutdown']);
    expect(hub.admin(conn, '')).toEqual(['ERR UNKNOWN_COMMAND Unknown+server+command']);
  });
});
