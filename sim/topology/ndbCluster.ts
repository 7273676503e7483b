import { ndbPageAppDefaults, ndbPageAppLogic } from '../models/app/ndbPageApp.js';
import { apiNodeLogic, type RetryPolicy } from '../models/ndb/apiNode.js';
import { arbitratorLogic } from '../models/ndb/arbitrator.js';
import { dataNodeLogic } from '../models/ndb/dataNode.js';
import type { DataNodeState } from '../models/ndb/dataNodeState.js';
import type { DataNodePhase } from '../models/ndb/ndbMessage.js';
import type { NdbRecord } from '../models/ndb/ndbRecord.js';
import { arbitratorName, checkSettings, dataNodeName, type NdbSettings } from '../models/ndb/ndbSettings.js';
import { groupOfPartition, nodeGroups } from '../models/ndb/nodeGroups.js';
import type { Host } from '../net/host.js';
import type { Network } from '../net/network.js';
import { SimProcess } from '../net/simProcess.js';
import { Supervisor } from '../net/supervisor.js';
import type { TcpSettings } from '../net/tcpSettings.js';

/** A data node's phase as the scenario sees it: `dead` while its host is down. */
export type NodeStatus = Exclude<DataNodePhase, 'notStarted'> | 'dead';

/** A timestamped record of any NDB process. */
export type StampedRecord = NdbRecord & { readonly atUs: number };

export interface NdbClusterOptions {
  readonly settings: NdbSettings;
  readonly apiNodes: number;
  readonly retry: RetryPolicy;
  readonly tcp: Partial<TcpSettings>;
  /**
   * API nodes are web app backends serving pages over HTTP on port 8080, each page one
   * transaction (`models/app/ndbPageApp.ts`), rather than taking transactions from `startTxn`.
   */
  readonly pages?: boolean;
  /** Told every record as it happens (metrics, ledgers). */
  readonly onRecord: (record: StampedRecord) => void;
  /**
   * Where every process is spawned by name (the scenario's, so the fault language's
   * `crash ndbd1 at 10s`, `restart ndbd1 at 20s` and `kill` act on them); default its own.
   */
  readonly processes?: Supervisor;
}

/**
 * A MySQL Cluster on the simulated network (MySQL Cluster manual): data nodes `ndbd1…` on
 * 10.0.5.x, the management node `mgm` as arbitrator, API nodes `api1…` on 10.0.6.x, one
 * process per host. It carries out faults (kill, restart, partition, heal) and answers
 * what a checker asks of the end state.
 */
export class NdbCluster {
  readonly hosts = new Map<string, Host>();
  private readonly dataNodes = new Map<number, SimProcess<typeof dataNodeLogic>>();
  private readonly processes: Supervisor;
  readonly apiNames: string[];

  constructor(private readonly network: Network, readonly options: NdbClusterOptions) {
    checkSettings(options.settings);
    const { settings } = options;
    this.processes = options.processes ?? new Supervisor();
    this.apiNames = Array.from({ length: options.apiNodes }, (_, index) => `api${index + 1}`);
    for (let id = 1; id <= settings.dataNodes; id++) {
      const host = this.addHost(dataNodeName(id), `10.0.5.${id}`);
      // However the host goes down (kill, a crash fault, a reboot), the node was killed.
      host.onCrash(() => this.record({ type: 'ndb.killed', node: id }));
    }
    this.addHost(arbitratorName, '10.0.5.200');
    this.apiNames.forEach((name, index) => this.addHost(name, `10.0.6.${index + 1}`));
    const onRecord = (record: NdbRecord): void => this.record(record);
    this.processes.spawn(this.host(arbitratorName), arbitratorName, () =>
      new SimProcess(network, this.host(arbitratorName), arbitratorName, arbitratorLogic, { listenBacklog: settings.listenBacklog }, onRecord));
    // Incarnation 1 is the initial start; a later one (after a crash or reboot) is a node restart.
    for (let id = 1; id <= settings.dataNodes; id++) this.processes.spawn(this.host(dataNodeName(id)), dataNodeName(id), (incarnation) => this.startDataNode(id, incarnation === 1));
    for (const name of this.apiNames) {
      const input = () => ({ name, settings, retry: options.retry, firstTickMs: this.firstTickMs() });
      if (options.pages) this.processes.spawn(this.host(name), name, () => new SimProcess(network, this.host(name), name, ndbPageAppLogic, { ...input(), ...ndbPageAppDefaults }, onRecord));
      else this.processes.spawn(this.host(name), name, () => new SimProcess(network, this.host(name), name, apiNodeLogic, input(), onRecord));
    }
  }

  get settings(): NdbSettings {
    return this.options.settings;
  }

  /** The application on API node `api` starts transaction `tag` on `partition`. */
  startTxn(tag: number, partition: number, api: number): void {
    if (this.options.pages) throw new Error('NdbCluster.startTxn: the API nodes serve pages; send HTTP requests instead');
    const name = this.apiNames[api % this.apiNames.length]!;
    (this.processes.current(name) as SimProcess<typeof apiNodeLogic>).sim.send({ type: 'txn.start', tag, partition });
  }

  /** Where API node `api` serves pages (with `pages`). */
  pageEndpoint(api: number): { readonly ip: number; readonly port: number } {
    return { ip: this.host(this.apiNames[api % this.apiNames.length]!).ip, port: ndbPageAppDefaults.httpPort };
  }

  /** kill -9 of a data node: its host crashes, connections vanish without FIN. */
  kill(id: number): void {
    this.host(dataNodeName(id)).crash();
  }

  killArbitrator(): void {
    this.host(arbitratorName).crash();
  }

  /** A node restart: the process starts again (after a kill -9 if it still ran) and rejoins through its phases. */
  restart(id: number): void {
    const host = this.host(dataNodeName(id));
    host.crash();
    // The supervisor starts the node again, as a node restart.
    host.restart();
  }

  /** Cuts (or with `heal`, mends) every path from side a to side b, and back unless `oneWay`; the arbitrator goes with the side `arbitrator` names. */
  partition(sideA: readonly number[], sideB: readonly number[], arbitrator: 'a' | 'b' | 'both', oneWay: boolean, heal = false): void {
    const hostsA = sideA.map((id) => this.host(dataNodeName(id)));
    const hostsB = sideB.map((id) => this.host(dataNodeName(id)));
    if (arbitrator === 'a') hostsA.push(this.host(arbitratorName));
    if (arbitrator === 'b') hostsB.push(this.host(arbitratorName));
    for (const a of hostsA) {
      for (const b of hostsB) {
        if (heal) this.network.heal(a, b, oneWay);
        else this.network.partition(a, b, oneWay);
      }
    }
  }

  /** A data node's phase now (`dead` while its host is down). */
  status(id: number): NodeStatus {
    const process = this.dataNodes.get(id);
    if (!process || !process.running || !process.host.up) return 'dead';
    const { phase } = this.state(id)!;
    // A process is past `notStarted` once created: its start is its first step.
    return phase === 'notStarted' ? 'connecting' : phase;
  }

  /** The cluster serves: every node group has a started node. */
  running(): boolean {
    const { dataNodes, replicas } = this.settings;
    return nodeGroups(dataNodes, replicas).every((group) => group.some((id) => this.status(id) === 'started'));
  }

  /**
   * Whether the committed row (partition, key) survives: held (committed or prepared for
   * take-over) by every started node of its group. Returns the started replicas lacking it.
   */
  replicasMissing(partition: number, key: number): { readonly started: number; readonly missing: number } {
    const group = groupOfPartition(partition, this.settings);
    const members = nodeGroups(this.settings.dataNodes, this.settings.replicas)[group]!;
    let started = 0;
    let missing = 0;
    for (const id of members) {
      if (this.status(id) !== 'started') continue;
      started++;
      const state = this.state(id)!;
      const prepared = [...state.txns.prepared.values()].some((write) => write.partition === partition && write.key === key);
      if (!state.store.has(partition, key) && !prepared) missing++;
    }
    return { started, missing };
  }

  private state(id: number): DataNodeState | undefined {
    return this.dataNodes.get(id)?.sim.actor.getSnapshot().context;
  }

  private startDataNode(id: number, initialStart: boolean): SimProcess<typeof dataNodeLogic> {
    const name = dataNodeName(id);
    const process = new SimProcess(this.network, this.host(name), name, dataNodeLogic, {
      id, settings: this.settings, apiNodes: this.apiNames, initialStart, firstTickMs: this.firstTickMs(),
    }, (record) => this.record(record));
    this.dataNodes.set(id, process);
    return process;
  }

  /**
   * Heartbeat ticks of every process fall on one grid of HeartbeatIntervalDbDb from time 0,
   * so nodes silenced at one instant are declared dead at one tick. A simplification: real
   * nodes tick on their own clocks, and NDB's president gathers near-simultaneous failures.
   */
  private firstTickMs(): number {
    const intervalMs = this.settings.heartbeatIntervalMs;
    const nowMs = this.network.kernel.nowUs / 1_000;
    return intervalMs - (nowMs % intervalMs);
  }

  private addHost(name: string, address: string): Host {
    const host = this.network.addHost(name, address, this.options.tcp);
    this.hosts.set(name, host);
    return host;
  }

  private host(name: string): Host {
    return this.hosts.get(name)!;
  }

  private record(record: NdbRecord): void {
    this.options.onRecord({ ...record, atUs: this.network.kernel.nowUs });
  }
}
