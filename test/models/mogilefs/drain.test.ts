import { describe, expect, it } from 'vitest';
import { threeHosts } from './fixtures.js';
import { TrackerHarness } from './trackerHarness.js';

const files = [
  { fid: 7, key: 'a', sizeBytes: 1_000, devices: [1, 3] },
  { fid: 8, key: 'b', sizeBytes: 2_000, devices: [3, 4] },
];
const hostOf: Record<number, string> = { 1: 'sto1', 2: 'sto1', 3: 'sto2', 4: 'sto3' };

describe('tracker drain', () => {
  it('files on a drain device are copied to another host, then dropped from the drain device and DELETEd there', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files });
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'drain' });
    tracker.settle();
    expect(tracker.of('mogilefs.drained').map((drained) => drained.fid)).toEqual([7, 8]);
    for (const fid of [7, 8]) {
      const devices = tracker.state.index.files.get(fid)!.devices;
      expect(devices).not.toContain(3);
      expect(devices).toHaveLength(2);
      expect(new Set(devices.map((device) => hostOf[device])).size).toBe(2);
      // The new copy is on its node, the drain node holds none any more.
      for (const device of devices) expect(tracker.storage.get(hostOf[device]!)!.has(`/dev${device}/${fid}.fid`)).toBe(true);
    }
    expect(tracker.storage.get('sto2')!.size).toBe(0);
    expect(tracker.state.devices.get(3)!.freeBytes).toBe(1_003_000);
    expect(tracker.state.index.onDevice(3)).toEqual([]);
  });

  it('a drain device whose files have nowhere to go keeps them readable and retries with backoff', () => {
    // sto1's devices are down: the copy of fid 8 (on sto2 and sto3) has no third host to go to.
    const tracker = new TrackerHarness({ devices: threeHosts({ 1: { status: 'down' }, 2: { status: 'down' } }), files: [files[1]!] });
    tracker.actor.send({ type: 'admin.markDevice', device: 3, status: 'drain' });
    tracker.settle();
    expect(tracker.of('mogilefs.drained')).toHaveLength(0);
    expect(tracker.of('mogilefs.replicateFailed')).toMatchObject([{ fid: 8, retryMs: 15_000 }]);
    expect([...tracker.paths('b')].sort()).toEqual(['http://sto2:7500/dev3/8.fid', 'http://sto3:7500/dev4/8.fid']);
    tracker.actor.send({ type: 'admin.markDevice', device: 2, status: 'alive' });
    tracker.advance(15_000);
    tracker.settle();
    expect(tracker.of('mogilefs.drained')).toMatchObject([{ fid: 8, device: 3 }]);
    expect(tracker.state.index.files.get(8)!.devices.sort()).toEqual([2, 4]);
  });
});
