/**
 * A fault schedule for an NDB cluster: node kills, one network partition and node
 * restarts, with their times. Shared by the `ndb-node-failure` scenario (which carries it
 * out) and the outcome rule (which predicts its effect without running anything).
 */
export interface NdbPartition {
  readonly atMs: number;
  /** Data node ids on each side; every data node is on one side (one side may hold only the arbitrator). */
  readonly sideA: readonly number[];
  readonly sideB: readonly number[];
  /** Where the arbitrator sits: on side a, on side b, or reachable from both. */
  readonly arbitrator: 'a' | 'b' | 'both';
  /** Only messages from side a to side b are cut (`1,3>2,4`). */
  readonly oneWay: boolean;
  /** When the cut heals; null: never. */
  readonly healAtMs: number | null;
}

export interface NdbFaults {
  readonly killAtMs: number;
  readonly kill: readonly number[];
  /** The management node (arbitrator) is killed at `killAtMs` too. */
  readonly killArbitrator: boolean;
  readonly partition: NdbPartition | null;
  readonly restartAtMs: number;
  readonly restart: readonly number[];
}

/** The management node's name in `kill` and `partition` lists. */
export const arbitratorToken = 'mgm';

/** Parses `1,3` (ids from 1 to dataNodes, and `mgm` when allowed); throws naming what is allowed. */
export function parseNodeList(text: string, dataNodes: number, what: string, allowArbitrator: boolean): { ids: number[]; arbitrator: boolean } {
  const allowed = `comma-separated data node ids from 1 to ${dataNodes}${allowArbitrator ? ` and ${arbitratorToken} (the arbitrator)` : ''}, e.g. 1,3`;
  const ids: number[] = [];
  let arbitrator = false;
  if (text.trim() === '') return { ids, arbitrator };
  for (const part of text.split(',').map((item) => item.trim())) {
    if (allowArbitrator && part === arbitratorToken) {
      arbitrator = true;
      continue;
    }
    const id = /^\d+$/.test(part) ? Number(part) : NaN;
    if (!(id >= 1 && id <= dataNodes)) throw new Error(`${what}: "${part}" is not a node: expected ${allowed}`);
    if (ids.includes(id)) throw new Error(`${what}: node ${id} is listed twice`);
    ids.push(id);
  }
  return { ids, arbitrator };
}

/**
 * Parses a partition: `1,3|2,4` (two-way), `1,3>2,4` (only side a → side b cut), with
 * `mgm` on the side the arbitrator shares; without `mgm` it is reachable from both sides.
 */
export function parsePartitionSides(text: string, dataNodes: number): Pick<NdbPartition, 'sideA' | 'sideB' | 'arbitrator' | 'oneWay'> {
  const usage = `expected two sides of data node ids (1 to ${dataNodes}) split by | (both ways) or > (one way), optionally with ${arbitratorToken} on one side, e.g. 1,3|2,4 or 1,3,${arbitratorToken}|2,4`;
  const match = /^([^|>]*)([|>])([^|>]*)$/.exec(text.trim());
  if (!match) throw new Error(`partition "${text}": ${usage}`);
  const a = parseNodeList(match[1] as string, dataNodes, 'partition', true);
  const b = parseNodeList(match[3] as string, dataNodes, 'partition', true);
  // A side may hold the arbitrator alone (`mgm|1,2,3,4`: the arbitrator cut off from every node).
  if ((a.ids.length === 0 && !a.arbitrator) || (b.ids.length === 0 && !b.arbitrator)) throw new Error(`partition "${text}": each side needs a node; ${usage}`);
  const both = [...a.ids, ...b.ids];
  if (new Set(both).size !== both.length) throw new Error(`partition "${text}": a node is on both sides; ${usage}`);
  const missing = Array.from({ length: dataNodes }, (_, index) => index + 1).filter((id) => !both.includes(id));
  if (missing.length > 0) throw new Error(`partition "${text}": nodes ${missing.join(',')} are on no side; every data node must be on one side`);
  if (a.arbitrator && b.arbitrator) throw new Error(`partition "${text}": ${arbitratorToken} is on both sides`);
  return { sideA: a.ids, sideB: b.ids, arbitrator: a.arbitrator ? 'a' : b.arbitrator ? 'b' : 'both', oneWay: match[2] === '>' };
}
