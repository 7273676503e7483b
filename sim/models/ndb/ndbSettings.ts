/**
 * Settings of a MySQL Cluster (NDB) model run. Every default that comes from the real
 * system cites docs/DOMAIN.md §5; the others are this model's own choices and say so.
 */
export interface NdbSettings {
  /** Data nodes, ids 1 … dataNodes. 4 in DOMAIN.md §5's example (and the 2005 test cluster of docs/seed-post.md). */
  readonly dataNodes: number;
  /** NoOfReplicas: nodes per node group. 2 in DOMAIN.md §5 (4 nodes → NG0 {1,2}, NG1 {3,4}). */
  readonly replicas: number;
  /** HeartbeatIntervalDbDb: 1500 ms by 2005 default (DOMAIN.md §5). */
  readonly heartbeatIntervalMs: number;
  /**
   * Silent heartbeat intervals after which a peer is declared dead: "about 4" (DOMAIN.md §5).
   * A peer is declared dead at the 4th heartbeat tick in a row that heard nothing from it.
   */
  readonly missedHeartbeatsMax: number;
  /** ArbitrationTimeout: 3000 ms by 2005 default (DOMAIN.md §5). */
  readonly arbitrationTimeoutMs: number;
  /**
   * Table partitions (fragments). NDB of 2005 made one fragment per data node by default;
   * DOMAIN.md does not give the number, so this is the model's choice: one per data node.
   */
  readonly partitions: number;
}

export const ndbDefaults: NdbSettings = {
  dataNodes: 4,
  replicas: 2,
  heartbeatIntervalMs: 1_500,
  missedHeartbeatsMax: 4,
  arbitrationTimeoutMs: 3_000,
  partitions: 4,
};

/** Ports the processes listen on for the transporter (node-to-node TCP). */
export const ndbPorts = {
  /** ndb_mgmd's port, 1186 in MySQL Cluster. */
  management: 1_186,
  /** The data nodes' transporter port (ServerPort; 2202 is MySQL Cluster's base port). */
  dataNode: 2_202,
  /** API nodes listen too here, so that every message travels on the sender's own connection. */
  api: 2_203,
} as const;

/** The arbitrator's process name (the management node, DOMAIN.md §5). */
export const arbitratorName = 'mgm';

/** Process (and host) name of data node `id`. */
export function dataNodeName(id: number): string {
  return `ndbd${id}`;
}

/** Checks a settings object; a bad one is a bug of the caller (scenario params validate user input). */
export function checkSettings(settings: NdbSettings): void {
  const { dataNodes, replicas } = settings;
  if (!Number.isInteger(dataNodes) || dataNodes < 1) throw new Error(`ndb: dataNodes must be a positive integer, got ${dataNodes}`);
  if (!Number.isInteger(replicas) || replicas < 1 || dataNodes % replicas !== 0) {
    throw new Error(`ndb: dataNodes (${dataNodes}) must be a multiple of replicas (${replicas})`);
  }
  if (!(settings.missedHeartbeatsMax >= 1)) throw new Error('ndb: missedHeartbeatsMax must be at least 1');
}
