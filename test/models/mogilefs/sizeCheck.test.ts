import { describe, expect, it } from 'vitest';
import { threeHosts } from './fixtures.js';
import { seededRandom, TrackerHarness } from './trackerHarness.js';

/** A file on sto1 (device 1) and sto2 (device 3); device 3 weighs 0, so sto1 always comes first. */
const file = { fid: 7, key: 'photo', sizeBytes: 1_000, devices: [1, 3] };
const devices = threeHosts({ 3: { weight: 0 } });
const onSto1 = 'http://sto1:7500/dev1/7.fid';
const onSto2 = 'http://sto2:7500/dev3/7.fid';

function sideConnects(tracker: TrackerHarness, host: string): number {
  return tracker.connects.filter((connect) => connect.host === host && connect.port === 7501).length;
}

describe('tracker get_paths size check on the side channel', () => {
  it('asks the first path\'s host for the size over one cached side-channel connection, reused by later lookups', () => {
    const tracker = new TrackerHarness({ devices, files: [file] });
    for (let ask = 0; ask < 5; ask += 1) expect(tracker.paths('photo', true)).toEqual([onSto1, onSto2]);
    expect(sideConnects(tracker, 'sto1')).toBe(1);
    // Only the first path is checked: sto2 is never asked.
    expect(sideConnects(tracker, 'sto2')).toBe(0);
    expect(tracker.sends().filter((send) => send.message.kind === 'sizeRequest')).toHaveLength(5);
  });

  it('noverify asks nothing on the side channel', () => {
    const tracker = new TrackerHarness({ devices, files: [file] });
    expect(tracker.paths('photo')).toEqual([onSto1, onSto2]);
    expect(tracker.connects).toHaveLength(0);
  });

  it('drops a first path whose size is wrong or missing, and checks the next one instead', () => {
    const wrong = new TrackerHarness({ devices, files: [file] });
    wrong.files('sto1').set('/dev1/7.fid', 999);
    expect(wrong.paths('photo', true)).toEqual([onSto2]);
    expect(wrong.of('mogilefs.pathDropped')).toEqual([{ type: 'mogilefs.pathDropped', fid: 7, device: 1, sizeBytes: 999 }]);
    expect(sideConnects(wrong, 'sto2')).toBe(1);

    const missing = new TrackerHarness({ devices, files: [file] });
    missing.files('sto1').delete('/dev1/7.fid');
    missing.files('sto2').delete('/dev3/7.fid');
    expect(missing.paths('photo', true)).toEqual([]);
    expect(missing.of('mogilefs.pathDropped').map((dropped) => dropped.sizeBytes)).toEqual([-1, -1]);
  });

  it('a host that does not answer the connect costs the 2 s conn_timeout, then its path is dropped', () => {
    const tracker = new TrackerHarness({ devices, files: [file] });
    tracker.downHosts.add('sto1');
    tracker.request(5, { command: 'get_paths', args: { key: 'photo' } });
    // The query cost first (1 ms), then the 2 s wait: the answer comes at 2 001 ms.
    tracker.advance(1);
    tracker.advance(1_999);
    expect(tracker.take(5)).toEqual([]);
    tracker.advance(1);
    expect(tracker.take(5)).toMatchObject([{ ok: true, paths: [onSto2] }]);
    expect(tracker.of('mogilefs.pathDropped')).toMatchObject([{ device: 1, sizeBytes: null }]);
  });

  it('a cached connection to a host that died costs the 2 s node_timeout, is dropped, and the next lookup connects again', () => {
    const tracker = new TrackerHarness({ devices, files: [file] });
    expect(tracker.paths('photo', true)).toEqual([onSto1, onSto2]);
    tracker.downHosts.add('sto1');
    tracker.request(5, { command: 'get_paths', args: { key: 'photo' } });
    // The query cost first (1 ms), then the 2 s wait: the answer comes at 2 001 ms.
    tracker.advance(1);
    tracker.advance(1_999);
    expect(tracker.take(5)).toEqual([]);
    tracker.advance(1);
    expect(tracker.take(5)).toMatchObject([{ ok: true, paths: [onSto2] }]);
    expect(tracker.of('tcp.close')).toHaveLength(1);
    tracker.downHosts.delete('sto1');
    expect(tracker.paths('photo', true)).toEqual([onSto1, onSto2]);
    expect(sideConnects(tracker, 'sto1')).toBe(2);
  });

  it('a side channel the node closed is forgotten and opened again on the next need', () => {
    const tracker = new TrackerHarness({ devices, files: [file] });
    tracker.paths('photo', true);
    const sideConn = tracker.sends().find((send) => send.message.kind === 'sizeRequest')!.connId;
    tracker.actor.send({ type: 'tcp.peerClosed', connId: sideConn });
    expect(tracker.of('tcp.close')).toEqual([{ type: 'tcp.close', connId: sideConn }]);
    tracker.paths('photo', true);
    expect(sideConnects(tracker, 'sto1')).toBe(2);
  });

  it('replies on one client connection keep their order: a lookup held up by a size check holds up the reply behind it', () => {
    const tracker = new TrackerHarness({ devices, files: [file] });
    tracker.downHosts.add('sto1');
    tracker.request(5, { command: 'get_paths', args: { key: 'photo' } });
    tracker.request(5, { command: 'get_paths', args: { key: 'photo', noverify: true } });
    tracker.request(6, { command: 'get_paths', args: { key: 'photo', noverify: true } });
    tracker.advance(1);
    expect(tracker.take(6)).toHaveLength(1);
    expect(tracker.take(5)).toEqual([]);
    tracker.advance(2_000);
    const replies = tracker.take(5);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatchObject({ paths: [onSto2] });
    expect(replies[1]).toMatchObject({ paths: [onSto1, onSto2] });
  });

  it('paths on drain devices come after the others (Query.pm: they may disappear soon)', () => {
    // mindevcount 3 with only 3 hosts: the drain copy cannot be moved off, so it stays readable.
    const drain = threeHosts({ 1: { status: 'drain', weight: 1_000_000 } });
    // Device 1 weighs the most, so it is nearly always drawn first, yet it is never returned first.
    for (let seed = 1; seed <= 5; seed += 1) {
      const tracker = new TrackerHarness({ devices: drain, files: [{ ...file, devices: [1, 3, 4] }], mindevcount: 3, random: seededRandom(seed) });
      const paths = tracker.paths('photo', true);
      expect(paths).toHaveLength(2);
      expect(paths).not.toContain(onSto1);
      expect(tracker.of('mogilefs.pathDropped')).toHaveLength(0);
    }
  });
});
