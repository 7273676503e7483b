import { describe, expect, it } from 'vitest';
import { threeHosts } from './fixtures.js';
import { TrackerHarness } from './trackerHarness.js';

describe('tracker create_open and create_close', () => {
  it('create_open picks only an alive device with room for the file', () => {
    const devices = threeHosts({ 1: { status: 'readonly' }, 2: { status: 'down' }, 3: { freeBytes: 10 } });
    const tracker = new TrackerHarness({ devices });
    for (let open = 0; open < 20; open += 1) {
      expect(tracker.ask({ command: 'create_open', args: { key: `k${open}`, sizeBytes: 1_000 } })).toMatchObject({ ok: true, device: 4 });
    }
  });

  it('create_open answers a fresh fid and the URL to PUT to', () => {
    const tracker = new TrackerHarness({ devices: threeHosts({ 1: { status: 'down' }, 2: { status: 'down' }, 3: { status: 'down' } }) });
    const first = tracker.ask({ command: 'create_open', args: { key: 'a', sizeBytes: 1 } });
    const second = tracker.ask({ command: 'create_open', args: { key: 'b', sizeBytes: 1 } });
    expect(first).toEqual({ kind: 'trackerReply', ok: true, command: 'create_open', fid: 1, device: 4, path: 'http://sto3:7500/dev4/1.fid' });
    expect(second).toMatchObject({ fid: 2 });
  });

  it('create_open answers no_devices when no device can take a new file', () => {
    const tracker = new TrackerHarness({ devices: threeHosts({ 1: { status: 'readonly' }, 2: { status: 'drain' }, 3: { status: 'dead' }, 4: { freeBytes: 0 } }) });
    expect(tracker.ask({ command: 'create_open', args: { key: 'a', sizeBytes: 1 } })).toMatchObject({ ok: false, error: 'no_devices' });
  });

  it('create_close records the copy: get_paths then finds the file', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), mindevcount: 1 });
    const { fid, device } = tracker.store('photo', 500);
    const paths = tracker.paths('photo');
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(new RegExp(`/dev${device}/${fid}\\.fid$`));
  });

  it('create_close of a fid never opened answers unknown_fid', () => {
    const tracker = new TrackerHarness({ devices: threeHosts() });
    expect(tracker.ask({ command: 'create_close', args: { fid: 99, device: 1, sizeBytes: 1 } })).toMatchObject({ ok: false, error: 'unknown_fid' });
  });

  it('delete forgets the key', () => {
    const tracker = new TrackerHarness({ devices: threeHosts() });
    tracker.store('photo', 500);
    expect(tracker.ask({ command: 'delete', args: { key: 'photo' } })).toMatchObject({ ok: true });
    expect(tracker.ask({ command: 'get_paths', args: { key: 'photo' } })).toMatchObject({ ok: false, error: 'unknown_key' });
  });

  it('an unknown command is answered at once with unknown_command', () => {
    const tracker = new TrackerHarness({ devices: threeHosts() });
    tracker.actor.send({ type: 'tcp.message', connId: 3, message: { kind: 'trackerRequest', command: 'rename', args: {} } });
    expect(tracker.sends()[0]?.message).toMatchObject({ ok: false, command: 'rename', error: 'unknown_command' });
  });
});
