import type { NdbSettings } from './ndbSettings.js';

/**
 * Node groups as NDB forms them (MySQL Cluster manual): consecutive data node ids, `replicas` per
 * group, so 4 nodes with 2 replicas give NG0 {1,2} and NG1 {3,4}.
 */
export function nodeGroupOf(id: number, replicas: number): number {
  return Math.floor((id - 1) / replicas);
}

/** The members of every node group, in id order. */
export function nodeGroups(dataNodes: number, replicas: number): number[][] {
  const groups: number[][] = [];
  for (let id = 1; id <= dataNodes; id++) (groups[nodeGroupOf(id, replicas)] ??= []).push(id);
  return groups;
}

/** The node group that stores partition `partition`: partitions go round the groups. */
export function groupOfPartition(partition: number, settings: NdbSettings): number {
  return partition % (settings.dataNodes / settings.replicas);
}

/**
 * The replicas of a partition in preference order: NDB spreads primaries over a group's
 * nodes, so partition p starts at member ⌊p / groups⌋ mod replicas. The primary is the
 * first of these that is alive in `live`.
 */
export function replicaOrder(partition: number, settings: NdbSettings): number[] {
  const groups = settings.dataNodes / settings.replicas;
  const group = groupOfPartition(partition, settings);
  const first = Math.floor(partition / groups) % settings.replicas;
  const order: number[] = [];
  for (let i = 0; i < settings.replicas; i++) order.push(group * settings.replicas + ((first + i) % settings.replicas) + 1);
  return order;
}

/** The primary replica of `partition` among `live` nodes, or 0 when its group has none. */
export function primaryOf(partition: number, settings: NdbSettings, live: ReadonlySet<number>): number {
  for (const id of replicaOrder(partition, settings)) if (live.has(id)) return id;
  return 0;
}
