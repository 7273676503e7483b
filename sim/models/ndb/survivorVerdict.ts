import { nodeGroups } from './nodeGroups.js';

/** How the survivors of a failure classify themselves (MySQL Cluster manual). */
export type SurvivorVerdict = 'win' | 'lose' | 'partitioning';

/**
 * NDB's rule (Qmgr node failure handling), checked in this order: some node group without a survivor → lose (the
 * cluster shuts down); a node group whose every node survived → win (carry on, no
 * arbitration); otherwise → partitioning (ask the arbitrator).
 */
export function survivorVerdict(survivors: ReadonlySet<number>, dataNodes: number, replicas: number): SurvivorVerdict {
  const groups = nodeGroups(dataNodes, replicas);
  if (groups.some((group) => !group.some((id) => survivors.has(id)))) return 'lose';
  if (groups.some((group) => group.every((id) => survivors.has(id)))) return 'win';
  return 'partitioning';
}
