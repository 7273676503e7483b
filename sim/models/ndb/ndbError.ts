/**
 * Temporary NDB error codes the model produces. The MySQL Cluster error list names the node-failure class
 * (4010 "Node failure caused abort of transaction", 4025, 4027, 4028, 286 …); the
 * application retries the whole transaction on any of them.
 */
export const ndbErrors = {
  /** An in-flight transaction's node (or a replica it waited on) failed (MySQL Cluster manual). */
  nodeFailure: 4_010,
  /** The node asked is not (or no longer) the partition's primary, or is not serving: a node-failure class code (MySQL Cluster manual). */
  notServing: 4_025,
  /** The API node sees no live data node for the partition (NDB API 4009 "Cluster Failure"). */
  clusterFailure: 4_009,
  /** No answer within the API's own bound (NDB API 4008 "Receive from NDB failed"). */
  apiTimeout: 4_008,
} as const;
