import { describe, expect, it } from 'vitest';
import { threeHosts } from './fixtures.js';
import { TrackerHarness } from './trackerHarness.js';

const file = { fid: 7, key: 'photo', sizeBytes: 1_000, devices: [1, 3] };
const freeBytes = (tracker: TrackerHarness, device: number): number => tracker.state.devices.get(device)!.freeBytes;
const deletes = (tracker: TrackerHarness) =>
  tracker.sends().filter((send) => send.message.kind === 'httpRequest' && send.message.method === 'DELETE').map((send) => send.message);

describe('tracker delete worker', () => {
  it('delete forgets the key at once and DELETEs every copy on its storage node, freeing the space when it is gone', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files: [file] });
    expect(tracker.ask({ command: 'delete', args: { key: 'photo' } })).toMatchObject({ ok: true });
    expect(tracker.ask({ command: 'get_paths', args: { key: 'photo' } })).toMatchObject({ ok: false, error: 'unknown_key' });
    expect(deletes(tracker)).toMatchObject([{ path: '/dev1/7.fid' }, { path: '/dev3/7.fid' }]);
    expect(tracker.storage.get('sto1')!.has('/dev1/7.fid')).toBe(false);
    expect(tracker.storage.get('sto2')!.has('/dev3/7.fid')).toBe(false);
    expect(tracker.of('mogilefs.deleted')).toMatchObject([{ device: 1, freedBytes: 1_000 }, { device: 3, freedBytes: 1_000 }]);
    expect(freeBytes(tracker, 1)).toBe(1_001_000);
    expect(freeBytes(tracker, 3)).toBe(1_001_000);
  });

  it('a copy the node no longer has (404) counts as deleted', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files: [file] });
    tracker.files('sto2').clear();
    tracker.ask({ command: 'delete', args: { key: 'photo' } });
    expect(tracker.of('mogilefs.deleted')).toHaveLength(2);
    expect(tracker.of('mogilefs.deleteFailed')).toHaveLength(0);
  });

  it('a DELETE to a host that does not answer fails after the 2 s connect timeout and is retried after 30 min, then 60 min', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files: [file] });
    tracker.downHosts.add('sto2');
    tracker.ask({ command: 'delete', args: { key: 'photo' } });
    expect(tracker.of('mogilefs.deleted')).toMatchObject([{ device: 1 }]);
    tracker.advance(1_999);
    expect(tracker.of('mogilefs.deleteFailed')).toHaveLength(0);
    tracker.advance(1);
    expect(tracker.of('mogilefs.deleteFailed')).toEqual([{ type: 'mogilefs.deleteFailed', fid: 7, device: 3, attempt: 1, retryMs: 1_800_000 }]);
    tracker.advance(1_800_000);
    tracker.advance(2_000);
    expect(tracker.of('mogilefs.deleteFailed').map((failed) => failed.retryMs)).toEqual([1_800_000, 3_600_000]);
    expect(freeBytes(tracker, 3)).toBe(1_000_000);
    tracker.downHosts.delete('sto2');
    tracker.advance(3_600_000);
    tracker.settle(2);
    expect(tracker.of('mogilefs.deleted')).toMatchObject([{ device: 1 }, { device: 3, freedBytes: 1_000 }]);
    expect(freeBytes(tracker, 3)).toBe(1_001_000);
  });

  it('a dead device\'s copy counts as gone; a readonly device waits an hour; one the monitor sees down waits 10 min', () => {
    const tracker = new TrackerHarness({ devices: threeHosts({ 1: { status: 'dead' }, 3: { status: 'readonly' } }), files: [file], mindevcount: 1 });
    tracker.ask({ command: 'delete', args: { key: 'photo' } });
    expect(tracker.of('mogilefs.deleted')).toEqual([{ type: 'mogilefs.deleted', fid: 7, device: 1, freedBytes: 0 }]);
    expect(tracker.of('mogilefs.deleteFailed')).toMatchObject([{ device: 3, retryMs: 3_600_000 }]);
    expect(deletes(tracker)).toHaveLength(0);

    const modern = new TrackerHarness({ devices: threeHosts(), files: [file], monitorMode: 'modern' });
    modern.actor.send({ type: 'monitor.hostUnreachable', host: 'sto2' });
    modern.advance(2_500);
    modern.ask({ command: 'delete', args: { key: 'photo' } });
    expect(modern.of('mogilefs.deleteFailed')).toMatchObject([{ device: 3, retryMs: 600_000 }]);
  });
});
