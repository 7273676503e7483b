import { describe, expect, it } from 'vitest';
import { threeHosts } from './fixtures.js';
import { TrackerHarness } from './trackerHarness.js';

const files = [{ fid: 7, key: 'photo', sizeBytes: 500, devices: [1, 3] }];
const onSto2 = 'http://sto2:7500/dev3/7.fid';

describe('tracker monitor', () => {
  it('2005 mode: an unreachable host is only logged and keeps being returned by get_paths', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files, monitorMode: '2005' });
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    expect(tracker.of('mogilefs.monitorLog')).toEqual([{ type: 'mogilefs.monitorLog', host: 'sto2' }]);
    tracker.advance(60_000);
    expect(tracker.paths('photo')).toContain(onSto2);
    expect(tracker.of('mogilefs.deviceMarked')).toHaveLength(0);
  });

  it('2005 mode: the host drops out of get_paths only when an admin marks its device down', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files, monitorMode: '2005' });
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'down' });
    expect(tracker.paths('photo')).toEqual(['http://sto1:7500/dev1/7.fid']);
  });

  it('2005 mode: a copy to an unreachable but alive host fails and is retried', () => {
    // Only sto1 and sto2 take writes, so the second copy must go to sto2.
    const tracker = new TrackerHarness({ devices: threeHosts({ 4: { status: 'down' } }), monitorMode: '2005' });
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    tracker.store('photo', 500);
    expect(tracker.of('mogilefs.replicateFailed')).toMatchObject([{ retryMs: 15_000 }]);
    tracker.actor.send({ type: 'monitor.hostReachable', host: 'sto2' });
    tracker.advance(15_000);
    tracker.settle();
    expect(tracker.of('mogilefs.replicated')).toHaveLength(1);
  });

  it('modern mode: an unreachable host has its devices marked down within one 2.5 s cycle', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files, monitorMode: 'modern' });
    tracker.advance(100);
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    expect(tracker.of('mogilefs.deviceMarked')).toHaveLength(0);
    tracker.advance(2_400);
    expect(tracker.of('mogilefs.deviceMarked')).toEqual([{ type: 'mogilefs.deviceMarked', device: 3, status: 'down', by: 'monitor' }]);
    expect(tracker.paths('photo')).toEqual(['http://sto1:7500/dev1/7.fid']);
  });

  it('modern mode: a host that answers again is readable after the next cycle', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files, monitorMode: 'modern' });
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    tracker.advance(2_500);
    tracker.actor.send({ type: 'monitor.hostReachable', host: 'sto2' });
    tracker.advance(2_500);
    expect(tracker.of('mogilefs.deviceMarked').at(-1)).toMatchObject({ device: 3, status: 'alive', by: 'monitor' });
    expect(tracker.paths('photo')).toContain(onSto2);
  });

  it('modern mode: down is not dead, so nothing is re-replicated until an admin marks the device dead', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files, monitorMode: 'modern' });
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    tracker.advance(60_000);
    expect(tracker.of('mogilefs.copied')).toHaveLength(0);
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'dead' });
    tracker.settle();
    expect(tracker.of('mogilefs.copied')).toMatchObject([{ fid: 7, targetDevice: 4 }]);
  });

  it("modern mode: the host's lifecycle says what the monitor has noticed, and its devices follow at the cycle", () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files, monitorMode: 'modern' });
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    expect(tracker.state.hosts.get('sto2')!.state).toBe('alive.unanswered');
    expect(tracker.state.devices.get(3)!.state).toBe('alive.writeable');
    tracker.advance(2_500);
    expect(tracker.state.hosts.get('sto2')!.state).toBe('alive.unreachable');
    expect(tracker.state.devices.get(3)!.state).toBe('alive.unreachable');
  });

  it('2005 mode: a host that stops answering stays unanswered, and its devices alive, since no cycle marks anything', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files, monitorMode: '2005' });
    tracker.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    tracker.advance(60_000);
    expect(tracker.state.hosts.get('sto2')!.state).toBe('alive.unanswered');
    expect(tracker.state.devices.get(3)!.state).toBe('alive.writeable');
  });

  it('an admin cannot bring a dead device back: dead is permanent (DeviceState.pm)', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files });
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'dead' });
    expect(() => tracker.state.markDevice(3, 'alive')).toThrow(/dead is permanent/);
  });

  it('an admin marking a host down takes its devices out of get_paths and new files; marked alive, they are back', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files });
    tracker.actor.send({ type: 'admin.markHost', host: 'sto2', status: 'down' });
    expect(tracker.of('mogilefs.hostMarked')).toEqual([{ type: 'mogilefs.hostMarked', host: 'sto2', status: 'down' }]);
    expect(tracker.paths('photo')).toEqual(['http://sto1:7500/dev1/7.fid']);
    for (let key = 0; key < 10; key += 1) {
      const open = tracker.ask({ command: 'create_open', args: { key: `k${key}`, sizeBytes: 10 } });
      expect(open).toMatchObject({ ok: true });
      if (open.ok && open.command === 'create_open') expect(open.device).not.toBe(3);
    }
    tracker.actor.send({ type: 'admin.markHost', host: 'sto2', status: 'alive' });
    expect(tracker.paths('photo')).toContain(onSto2);
  });
});
