import { describe, expect, it } from 'vitest';
import { compileLifecycle } from '../../../sim/contract/lifecycle.js';
import { mogilefsMachines } from '../../../sim/models/mogilefs/mogilefsMachines.js';

describe('MogileFS machine list', () => {
  it('lists the device, host, replication, side-channel and delete-job lifecycles, each cited', () => {
    expect(mogilefsMachines.map((entry) => entry.machine.id)).toEqual(['device', 'storageHost', 'fileReplication', 'sideChannel', 'deleteJob']);
    for (const entry of mogilefsMachines) {
      expect(entry.system).toBe('mogilefs');
      expect(entry.source).toMatch(/MogileFS-Server|mogstored/);
    }
  });

  it('every machine reaches at least 3 states, and the list at least 16', () => {
    const counts = mogilefsMachines.map((entry) => compileLifecycle(entry.machine).states.length);
    for (const count of counts) expect(count).toBeGreaterThanOrEqual(3);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(16);
  });
});
