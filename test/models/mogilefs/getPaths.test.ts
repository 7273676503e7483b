import { describe, expect, it } from 'vitest';
import { weightedOrder } from '../../../sim/models/mogilefs/weightedOrder.js';
import { threeHosts } from './fixtures.js';
import { seededRandom, TrackerHarness } from './trackerHarness.js';

const file = { fid: 7, key: 'photo', sizeBytes: 1_000, devices: [1, 3, 4] };

describe('tracker get_paths', () => {
  it('returns at most 2 paths of the devices holding the file, as storage node URLs', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files: [file] });
    const paths = tracker.paths('photo');
    expect(paths).toHaveLength(2);
    const all = ['http://sto1:7500/dev1/7.fid', 'http://sto2:7500/dev3/7.fid', 'http://sto3:7500/dev4/7.fid'];
    for (const path of paths) expect(all).toContain(path);
  });

  it('returns only readable devices: readonly and drain yes, down and dead no', () => {
    const devices = threeHosts({ 1: { status: 'down' }, 3: { status: 'readonly' }, 4: { status: 'drain' } });
    // mindevcount 3 with no writeable device on a new host: the drain device's copy cannot move off yet.
    const tracker = new TrackerHarness({ devices, files: [file], mindevcount: 3 });
    expect([...tracker.paths('photo')].sort()).toEqual(['http://sto2:7500/dev3/7.fid', 'http://sto3:7500/dev4/7.fid']);
    const onlyDead = new TrackerHarness({ devices: threeHosts({ 1: { status: 'dead' } }), files: [{ ...file, devices: [1] }], mindevcount: 1 });
    expect(onlyDead.paths('photo')).toEqual([]);
  });

  it('orders the paths at random, weighted by device weight', () => {
    const devices = threeHosts({ 1: { weight: 900 }, 3: { weight: 100 }, 4: { weight: 0 } });
    const tracker = new TrackerHarness({ devices, files: [file], random: seededRandom(42) });
    let heavyFirst = 0;
    for (let ask = 0; ask < 400; ask += 1) if (tracker.paths('photo')[0] === 'http://sto1:7500/dev1/7.fid') heavyFirst += 1;
    expect(heavyFirst).toBeGreaterThan(330);
    expect(heavyFirst).toBeLessThan(390);
  });

  it('weighted order puts weight-0 items last and is the same for the same seed', () => {
    const items = ['a', 'b', 'c', 'zero'];
    const weights: Record<string, number> = { a: 1, b: 2, c: 3, zero: 0 };
    const first = weightedOrder(items, (item) => weights[item] as number, seededRandom(7));
    expect(first.at(-1)).toBe('zero');
    expect(weightedOrder(items, (item) => weights[item] as number, seededRandom(7))).toEqual(first);
  });

  it('answers unknown_key for a key it does not hold', () => {
    const tracker = new TrackerHarness({ devices: threeHosts() });
    expect(tracker.ask({ command: 'get_paths', args: { key: 'nope' } })).toMatchObject({ ok: false, error: 'unknown_key' });
  });

  it('replies only after the metadata query cost', () => {
    const tracker = new TrackerHarness({ devices: threeHosts(), files: [file], queryCostMs: 5 });
    tracker.request(9, { command: 'get_paths', args: { key: 'photo', noverify: true } });
    tracker.advance(4);
    expect(tracker.sends()).toHaveLength(0);
    tracker.advance(1);
    expect(tracker.sends()).toHaveLength(1);
  });
});
