import { describe, expect, it } from 'vitest';
import { ndbDefaults } from '../../../sim/models/ndb/ndbSettings.js';
import { nodeGroups, primaryOf, replicaOrder } from '../../../sim/models/ndb/nodeGroups.js';

describe('node groups and primary replicas', () => {
  it('forms NG0 {1,2} and NG1 {3,4} from 4 nodes with 2 replicas (MySQL Cluster manual)', () => {
    expect(nodeGroups(4, 2)).toEqual([[1, 2], [3, 4]]);
    expect(nodeGroups(6, 3)).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('spreads primaries over the nodes of each group, and fails over to the next live replica', () => {
    expect([0, 1, 2, 3].map((partition) => replicaOrder(partition, ndbDefaults)[0])).toEqual([1, 3, 2, 4]);
    expect(primaryOf(0, ndbDefaults, new Set([2, 3, 4]))).toBe(2);
    expect(primaryOf(0, ndbDefaults, new Set([3, 4]))).toBe(0);
  });
});
