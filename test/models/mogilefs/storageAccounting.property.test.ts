import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { threeHosts } from './fixtures.js';
import { seededRandom, TrackerHarness } from './trackerHarness.js';

type Op = { kind: 'store'; key: number; sizeBytes: number } | { kind: 'delete'; key: number } | { kind: 'drain'; device: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('store' as const), key: fc.integer({ min: 0, max: 7 }), sizeBytes: fc.integer({ min: 1, max: 5_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drain' as const), device: fc.integer({ min: 1, max: 4 }) }) },
);

describe('tracker storage accounting (property)', () => {
  it('property: once the workers are idle, the index, the storage nodes\' tables and the devices\' free space agree, and every file has mindevcount copies on distinct hosts', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), fc.nat(), (ops, seed) => {
        const tracker = new TrackerHarness({ devices: threeHosts(), random: seededRandom(seed), copyBytesPerSec: 1_000_000 });
        let drained = false;
        for (const op of ops) {
          if (op.kind === 'store') {
            // A key written again gets a new fid; delete the old one first so no copy is orphaned.
            if (tracker.ask({ command: 'delete', args: { key: `k${op.key}` } }).ok) tracker.settle(1);
            tracker.store(`k${op.key}`, op.sizeBytes);
          } else if (op.kind === 'delete') {
            tracker.ask({ command: 'delete', args: { key: `k${op.key}` } });
          } else if (!drained) {
            // One drain per run: two could leave fewer than 2 hosts that take writes.
            drained = true;
            tracker.actor.send({ type: 'admin.markDevice', device: op.device, status: 'drain' });
          }
          tracker.settle(3);
        }
        tracker.settle(200);
        const state = tracker.state;
        expect(state.replicator.pending).toBe(0);
        expect(state.deletes.pending).toBe(0);
        const recorded = new Map<string, number>();
        const usedBytes = new Map<number, number>();
        for (const file of state.index.files.values()) {
          const hosts = file.devices.map((device) => state.devices.get(device)!.host);
          expect(new Set(hosts).size).toBe(file.devices.length);
          expect(file.devices).toHaveLength(2);
          for (const device of file.devices) {
            recorded.set(`${state.devices.get(device)!.host}/dev${device}/${file.fid}.fid`, file.sizeBytes);
            usedBytes.set(device, (usedBytes.get(device) ?? 0) + file.sizeBytes);
          }
        }
        const held = new Map<string, number>();
        for (const [host, files] of tracker.storage) for (const [path, sizeBytes] of files) held.set(`${host}${path}`, sizeBytes);
        expect(held).toEqual(recorded);
        for (const device of state.devices.values()) expect(device.freeBytes).toBe(1_000_000 - (usedBytes.get(device.id) ?? 0));
      }),
      { numRuns: 60 },
    );
  });
});
