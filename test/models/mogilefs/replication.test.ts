import { describe, expect, it } from 'vitest';
import { threeHosts } from './fixtures.js';
import { TrackerHarness } from './trackerHarness.js';

const hostOf: Record<number, string> = { 1: 'sto1', 2: 'sto1', 3: 'sto2', 4: 'sto3' };

describe('tracker replication', () => {
  it('a new file reaches mindevcount 2 copies on distinct hosts', () => {
    const tracker = new TrackerHarness({ devices: threeHosts() });
    const { fid } = tracker.store('photo', 500);
    tracker.settle();
    const [replicated] = tracker.of('mogilefs.replicated');
    expect(replicated?.fid).toBe(fid);
    expect(replicated?.devices).toHaveLength(2);
    expect(new Set(replicated?.devices.map((device) => hostOf[device])).size).toBe(2);
    expect(tracker.paths('photo')).toHaveLength(2);
  });

  it('never puts the second copy on the first copy host', () => {
    // Only sto1 (devices 1 and 2) and sto2 (device 3) take writes; sto1 weighs most.
    const tracker = new TrackerHarness({ devices: threeHosts({ 1: { weight: 1_000 }, 2: { weight: 1_000 }, 4: { status: 'readonly' } }) });
    for (let file = 0; file < 20; file += 1) tracker.store(`k${file}`, 10);
    tracker.settle();
    expect(tracker.of('mogilefs.replicated')).toHaveLength(20);
    for (const { devices } of tracker.of('mogilefs.replicated')) {
      expect(new Set(devices.map((device) => hostOf[device])).size).toBe(2);
    }
  });

  it('honours a larger mindevcount', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), mindevcount: 3 });
    tracker.store('photo', 500);
    tracker.settle();
    expect(tracker.of('mogilefs.replicated')[0]?.devices).toHaveLength(3);
  });

  it('retries with backoff 15 s, 60 s, 300 s, 300 s while no other host can take a copy', () => {
    const tracker = new TrackerHarness({ devices: threeHosts({ 3: { status: 'readonly' }, 4: { status: 'down' } }) });
    tracker.store('photo', 500);
    const retries = () => tracker.of('mogilefs.replicateFailed').map((failed) => failed.retryMs);
    expect(retries()).toEqual([15_000]);
    tracker.advance(14_999);
    expect(retries()).toEqual([15_000]);
    tracker.advance(1);
    expect(retries()).toEqual([15_000, 60_000]);
    // Each retry is a kernel event at its instant: 75 s, 375 s, 675 s.
    for (const delayMs of [60_000, 300_000, 300_000]) tracker.advance(delayMs);
    expect(retries()).toEqual([15_000, 60_000, 300_000, 300_000, 300_000]);
    expect(tracker.of('mogilefs.replicated')).toHaveLength(0);
  });

  it('the next retry succeeds once a device on another host is alive again', () => {
    const tracker = new TrackerHarness({ devices: threeHosts({ 3: { status: 'readonly' }, 4: { status: 'down' } }) });
    tracker.store('photo', 500);
    tracker.actor.send({ type: 'admin.markDevice', device: 4, status: 'alive' });
    expect(tracker.of('mogilefs.replicated')).toHaveLength(0);
    tracker.advance(15_000);
    tracker.settle();
    expect(tracker.of('mogilefs.copied')).toMatchObject([{ targetDevice: 4 }]);
    expect(tracker.of('mogilefs.replicated')).toHaveLength(1);
  });

  it('marking a device dead drops its copies and re-replicates them on another host', () => {
    const files = [{ fid: 7, key: 'photo', sizeBytes: 500, devices: [1, 3] }];
    const tracker = new TrackerHarness({ devices: threeHosts(), files });
    expect(tracker.of('mogilefs.copied')).toHaveLength(0);
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'dead' });
    tracker.settle();
    // Device 2 is on sto1 with the surviving copy, so only sto3's device 4 qualifies.
    expect(tracker.of('mogilefs.copied')).toEqual([{ type: 'mogilefs.copied', fid: 7, sourceDevice: 1, targetDevice: 4 }]);
    expect([...tracker.paths('photo')].sort()).toEqual(['http://sto1:7500/dev1/7.fid', 'http://sto3:7500/dev4/7.fid']);
  });

  it('marking a device down re-replicates nothing', () => {
    const files = [{ fid: 7, key: 'photo', sizeBytes: 500, devices: [1, 3] }];
    const tracker = new TrackerHarness({ devices: threeHosts(), files });
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'down' });
    tracker.advance(600_000);
    expect(tracker.of('mogilefs.copied')).toHaveLength(0);
    expect(tracker.paths('photo')).toEqual(['http://sto1:7500/dev1/7.fid']);
  });

  it('seeded files short of mindevcount are replicated at start', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files: [{ fid: 7, key: 'photo', sizeBytes: 500, devices: [1] }] });
    tracker.settle();
    expect(tracker.of('mogilefs.replicated')).toHaveLength(1);
  });
});

describe('replica copies take simulated time', () => {
  const files = [{ fid: 7, key: 'photo', sizeBytes: 500, devices: [1, 3] }];
  const gets = (tracker: TrackerHarness) =>
    tracker.sends().filter((send) => send.message.kind === 'httpRequest' && send.message.method !== 'DELETE').map((send) => send.message);

  it('a copy is a GET from the source node, the transfer at copyBytesPerSec, then a PUT to the target', () => {
    // 500 bytes at 1 000 bytes/s: 500 ms between the GET's answer and the PUT.
    const tracker = new TrackerHarness({ devices: threeHosts(), files, copyBytesPerSec: 1_000 });
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'dead' });
    expect(gets(tracker)).toMatchObject([{ method: 'GET', path: '/dev1/7.fid' }]);
    tracker.advance(499);
    expect(tracker.of('mogilefs.copied')).toHaveLength(0);
    tracker.advance(1);
    expect(gets(tracker)).toMatchObject([{ method: 'GET' }, { method: 'PUT', path: '/dev4/7.fid', bodyBytes: 500 }]);
    expect(tracker.of('mogilefs.copied')).toEqual([{ type: 'mogilefs.copied', fid: 7, sourceDevice: 1, targetDevice: 4 }]);
    expect(tracker.storage.get('sto3')!.get('/dev4/7.fid')).toBe(500);
  });

  it('one replicate worker makes the copies one after another', () => {
    const twoFiles = [...files, { fid: 8, key: 'other', sizeBytes: 500, devices: [1, 3] }];
    const tracker = new TrackerHarness({ devices: threeHosts(), files: twoFiles, copyBytesPerSec: 1_000 });
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'dead' });
    tracker.advance(500);
    expect(tracker.of('mogilefs.copied').map((copied) => copied.fid)).toEqual([7]);
    tracker.advance(500);
    expect(tracker.of('mogilefs.copied').map((copied) => copied.fid)).toEqual([7, 8]);
  });

  it('a copy fails when its source host goes away mid-transfer, and is retried after the backoff from another source', () => {
    const three = [{ fid: 7, key: 'photo', sizeBytes: 500, devices: [1, 3] }];
    const tracker = new TrackerHarness({ devices: threeHosts(), files: three, copyBytesPerSec: 1_000, mindevcount: 3 });
    // mindevcount 3: sto3 lacks a copy; the GET goes to the first copy, sto1.
    tracker.advance(100);
    tracker.downHosts.add('sto1');
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto1' });
    tracker.advance(400);
    expect(tracker.of('mogilefs.copyFailed')).toEqual([{ type: 'mogilefs.copyFailed', fid: 7, sourceDevice: 1, targetDevice: 4 }]);
    expect(tracker.of('mogilefs.replicateFailed')).toMatchObject([{ fid: 7, retryMs: 15_000 }]);
    expect(tracker.state.devices.get(4)!.freeBytes).toBe(1_000_000);
    tracker.advance(15_000);
    tracker.advance(500);
    expect(tracker.of('mogilefs.copied')).toEqual([{ type: 'mogilefs.copied', fid: 7, sourceDevice: 3, targetDevice: 4 }]);
  });

  it('a copy to a host that does not answer fails after the connect timeout', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files, copyBytesPerSec: 1_000 });
    tracker.downHosts.add('sto3');
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'dead' });
    tracker.advance(500);
    expect(tracker.of('mogilefs.copyFailed')).toHaveLength(0);
    tracker.advance(2_000);
    expect(tracker.of('mogilefs.copyFailed')).toMatchObject([{ targetDevice: 4 }]);
    expect(tracker.of('mogilefs.copied')).toHaveLength(0);
  });
});
