import { describe, expect, it } from 'vitest';
import { HeartbeatMonitor } from '../../../sim/models/ndb/heartbeatMonitor.js';
import { ndbDefaults } from '../../../sim/models/ndb/ndbSettings.js';

describe('missed-heartbeat rule (MySQL Cluster manual: dead after about 4 silent intervals)', () => {
  it('declares a watched node dead at the 4th tick in a row without a word from it', () => {
    const monitor = new HeartbeatMonitor(ndbDefaults.missedHeartbeatsMax);
    monitor.watch(2);
    const verdicts = [1, 2, 3, 4, 5].map(() => monitor.tick([2]));
    // The first tick after watching counts as heard; then 4 silent ticks.
    expect(verdicts).toEqual([[], [], [], [], [2]]);
  });

  it('starts counting again from any heartbeat', () => {
    const monitor = new HeartbeatMonitor(4);
    monitor.watch(3);
    monitor.tick([3]);
    monitor.tick([3]);
    monitor.tick([3]);
    monitor.hear(3);
    expect([1, 2, 3, 4].map(() => monitor.tick([3]))).toEqual([[], [], [], []]);
    expect(monitor.tick([3])).toEqual([3]);
  });
});
