import { arbitratorToken, type NdbFaults, type NdbPartition } from '../sim/check/ndbFaults.js';
import { arbitratorName, dataNodeName } from '../sim/models/ndb/ndbSettings.js';
import type { Fault } from '../sim/scenario/fault.js';
import { faultDurationText } from '../sim/scenario/runFaults.js';

/**
 * The fault-language strings an NDB fault schedule stands for (the scenario's `kill`,
 * `partition` and `restart` parameters are sugar for them): a kill is `crash ndbd1 at 10s`
 * (kill -9: the host's connections vanish without FIN), the arbitrator's `crash mgm at 10s`,
 * a partition `partition ndbd1,ndbd3,mgm|ndbd2,ndbd4 at 10s for 20s`, a restart `restart ndbd1 at 20s`.
 */
export function ndbFaultStrings(faults: NdbFaults): string[] {
  const at = (ms: number): string => `at ${faultDurationText(ms)}`;
  const strings = faults.kill.map((id) => `crash ${dataNodeName(id)} ${at(faults.killAtMs)}`);
  if (faults.killArbitrator) strings.push(`crash ${arbitratorName} ${at(faults.killAtMs)}`);
  const cut = faults.partition;
  if (cut) {
    const side = (ids: readonly number[], withArbitrator: boolean): string => [...ids.map(dataNodeName), ...(withArbitrator ? [arbitratorName] : [])].join(',');
    const healsAfterMs = cut.healAtMs !== null && cut.healAtMs > cut.atMs ? cut.healAtMs - cut.atMs : null;
    strings.push(`partition ${side(cut.sideA, cut.arbitrator === 'a')}${cut.oneWay ? '>' : '|'}${side(cut.sideB, cut.arbitrator === 'b')} ${at(cut.atMs)}${healsAfterMs === null ? '' : ` for ${faultDurationText(healsAfterMs)}`}`);
  }
  for (const id of faults.restart) strings.push(`restart ${dataNodeName(id)} ${at(faults.restartAtMs)}`);
  return strings;
}

/** What a host name stands for in an NDB schedule: a data node id, the arbitrator, or neither. */
function nodeOf(host: string, dataNodes: number): number | typeof arbitratorToken | null {
  if (host === arbitratorName) return arbitratorToken;
  for (let id = 1; id <= dataNodes; id++) if (dataNodeName(id) === host) return id;
  return null;
}

/**
 * The schedule the outcome rule (docs/DOMAIN.md §5) can judge, read back from a run's
 * faults: lasting crashes of data nodes and the arbitrator at one time, restarts of data
 * nodes at one time (a crash `for D` is both), and at most one partition that puts every
 * data node on a side. Anything else (a delay, a loss, an API node's crash, kills at two
 * times …) is null: the rule does not describe it, and only the safety checks apply.
 */
export function ndbFaultsFrom(faults: readonly Fault[], dataNodes: number): NdbFaults | null {
  const kills: { atMs: number; node: number | typeof arbitratorToken }[] = [];
  const restarts: { atMs: number; node: number }[] = [];
  let partition: NdbPartition | null = null;
  for (const fault of faults) {
    if (fault.kind === 'crash' || fault.kind === 'restart') {
      const node = nodeOf(fault.host, dataNodes);
      if (node === null) return null;
      if (fault.kind === 'crash') kills.push({ atMs: fault.atMs, node });
      const restartAtMs = fault.kind === 'restart' ? fault.atMs : fault.forMs === null ? null : fault.atMs + fault.forMs;
      if (restartAtMs !== null) {
        if (node === arbitratorToken) return null;
        restarts.push({ atMs: restartAtMs, node });
      }
    } else if (fault.kind === 'partition' && partition === null) {
      partition = partitionOf(fault, dataNodes);
      if (partition === null) return null;
    } else {
      return null;
    }
  }
  if (new Set(kills.map((kill) => kill.atMs)).size > 1 || new Set(restarts.map((restart) => restart.atMs)).size > 1) return null;
  return {
    killAtMs: kills[0]?.atMs ?? 0,
    kill: kills.flatMap((kill) => (kill.node === arbitratorToken ? [] : [kill.node])),
    killArbitrator: kills.some((kill) => kill.node === arbitratorToken),
    partition,
    restartAtMs: restarts[0]?.atMs ?? 0,
    restart: restarts.map((restart) => restart.node),
  };
}

function partitionOf(fault: Extract<Fault, { kind: 'partition' }>, dataNodes: number): NdbPartition | null {
  const a = fault.from.map((host) => nodeOf(host, dataNodes));
  const b = fault.to.map((host) => nodeOf(host, dataNodes));
  if ([...a, ...b].some((node) => node === null)) return null;
  const ids = (side: typeof a): number[] => side.filter((node): node is number => typeof node === 'number');
  if (ids(a).length + ids(b).length !== dataNodes) return null;
  const arbitrator = a.includes(arbitratorToken) ? 'a' : b.includes(arbitratorToken) ? 'b' : 'both';
  return { atMs: fault.atMs, sideA: ids(a), sideB: ids(b), arbitrator, oneWay: fault.oneWay, healAtMs: fault.forMs === null ? null : fault.atMs + fault.forMs };
}
