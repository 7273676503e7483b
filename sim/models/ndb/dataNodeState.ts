import { Outbox } from '../../contract/outbox.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { dataNodeLifecycle, type DataNodePhase, type DataNodeStep } from './dataNodeLifecycle.js';
import type { NdbRecord } from './ndbRecord.js';
import { isNdbMessage, type NdbMessage } from './ndbMessage.js';
import { arbitratorName, dataNodeName, ndbPorts, type NdbSettings } from './ndbSettings.js';
import { groupOfPartition, nodeGroupOf } from './nodeGroups.js';
import { HeartbeatMonitor } from './heartbeatMonitor.js';
import { TxnCoordinator } from './txnCoordinator.js';
import { RowStore } from './rowStore.js';
import { survivorVerdict, type SurvivorVerdict } from './survivorVerdict.js';
import { Transporter } from './transporter.js';

/**
 * The protocol decisions that move a data node's phase, found while handling an event and
 * acted on once it is handled, in order (as a statechart's raised events are).
 */
export type DataNodeSignal =
  | { readonly type: 'ndb.verdict'; readonly verdict: SurvivorVerdict }
  /** Another node declared this one dead (FAIL_REP naming it): it must shut down. */
  | { readonly type: 'ndb.expelled' }
  | { readonly type: 'arbit.granted' }
  | { readonly type: 'arbit.refused' }
  /** A started node answered: copy from the chosen source. */
  | { readonly type: 'restart.found' }
  | { readonly type: 'restart.included' }
  | { readonly type: 'restart.lostSource' };

/** The data node's timers: its heartbeat tick, and ArbitrationTimeout while it asks the arbitrator. */
export type DataNodeTimer = { readonly type: 'hb.tick' } | { readonly type: 'arbit.timeout' };

export type DataNodeEvent = TcpEvent | DataNodeTimer;

export interface DataNodeInput {
  readonly id: number;
  readonly settings: NdbSettings;
  /** API node process names, told of this node's state at every heartbeat. */
  readonly apiNodes: readonly string[];
  /** True for the initial start of the whole cluster (all nodes started, no copy). */
  readonly initialStart: boolean;
  /** Delay to the first heartbeat tick, so ticks stay on the cluster's heartbeat grid. */
  readonly firstTickMs: number;
}

/** Why a phase was entered, for the timeline; a shutdown's and a start's reason depend on the step. */
const reasonOf: Record<DataNodeStep, string> = {
  INITIAL_START: 'initial start',
  NODE_RESTART: 'node restart: start phase 1, looking for the cluster',
  COPY_SOURCE_LOST: 'node restart: start phase 1, looking for the cluster',
  CLUSTER_FOUND: 'node restart: copying data from its node-group peer',
  INCLUDED: 'node restart complete',
  ARBIT_GRANTED: 'arbitration granted',
  VERDICT_PARTITIONING: 'partitioning: asking the arbitrator',
  VERDICT_LOSE: 'lose: a node group has no survivor',
  EXPELLED: 'declared dead by the other nodes',
  ARBIT_REFUSED: 'arbitration refused',
  ARBIT_TIMEOUT: 'no arbitration answer within ArbitrationTimeout',
};

/** The timer id of ArbitrationTimeout. */
const arbitrationTimerId = 'arbitration';

/**
 * A data node as plain data: its phase (the lifecycle of dataNodeLifecycle.ts, which
 * decides every phase move), its view of the started nodes, heartbeat bookkeeping, rows,
 * and the transactions it coordinates or has prepared. What it sends, its timers and its
 * records collect in `out`.
 */
export class DataNodeState {
  readonly id: number;
  readonly name: string;
  readonly settings: NdbSettings;
  readonly group: number;
  phase: DataNodePhase = dataNodeLifecycle.start();
  readonly view = new Set<number>();
  /** Restarting nodes copying from this one: replicas for its group's writes, not yet members. */
  readonly joining = new Set<number>();
  readonly store = new RowStore();
  readonly txns: TxnCoordinator = new TxnCoordinator(this);
  readonly out = new Outbox<NdbRecord, DataNodeTimer>();
  readonly transporter = new Transporter(this.out);
  private readonly signals: DataNodeSignal[] = [];
  private readonly heartbeats: HeartbeatMonitor;
  private copySource = 0;
  private copied = false;
  /** Nodes whose new incarnation said hello while still counted as started: failed, handled at the next tick. */
  private readonly suspects = new Set<number>();
  /** Restarting nodes that said hello since the last tick, answered at the next one. */
  private readonly hellos = new Set<number>();
  /** Nodes this one saw fail, until they are included again. */
  private readonly failedHere = new Set<number>();

  constructor(readonly input: DataNodeInput) {
    this.id = input.id;
    this.name = dataNodeName(input.id);
    this.settings = input.settings;
    this.group = nodeGroupOf(input.id, input.settings.replicas);
    this.heartbeats = new HeartbeatMonitor(input.settings.missedHeartbeatsMax);
    if (input.initialStart) {
      for (let id = 1; id <= input.settings.dataNodes; id++) this.view.add(id);
      for (const id of this.view) if (id !== this.id) this.heartbeats.watch(id);
      for (const id of this.view) if (id !== this.id) this.transporter.open(dataNodeName(id));
      this.transporter.open(arbitratorName);
      for (const api of input.apiNodes) this.transporter.open(api);
    } else {
      this.view.add(this.id);
    }
    this.out.startTimer('hb', input.firstTickMs, { type: 'hb.tick' });
    this.out.emit({ type: 'tcp.listen', port: ndbPorts.dataNode, backlog: input.settings.listenBacklog });
    this.move(input.initialStart ? 'INITIAL_START' : 'NODE_RESTART');
  }

  /** One event of the process; then the phase moves its handling decided on, in order. */
  handle(event: DataNodeEvent): void {
    this.handleEvent(event);
    for (let signal = this.signals.shift(); signal !== undefined; signal = this.signals.shift()) this.react(signal);
  }

  private handleEvent(event: DataNodeEvent): void {
    switch (event.type) {
      case 'tcp.message':
        if (isNdbMessage(event.message)) this.receive(event.message);
        return;
      case 'tcp.connected':
        this.transporter.connected(event.tag, event.connId);
        return;
      case 'tcp.connectFailed':
        this.transporter.connectFailed(event.tag);
        return;
      case 'tcp.aborted':
        this.transporter.lost(event.connId);
        return;
      case 'tcp.peerClosed':
        // A peer closed the connection it sent on: close this end too (no half-open sockets).
        if (this.transporter.lost(event.connId) === null) this.out.close(event.connId);
        return;
      case 'hb.tick':
        this.tick();
        return;
      case 'arbit.timeout':
        this.moveIf('ARBIT_TIMEOUT');
        return;
      default:
        return;
    }
  }

  /**
   * A decision taken while handling an event. A verdict: lose shuts a started or
   * arbitrating node down; partitioning makes a started node ask the arbitrator; a node
   * already arbitrating that handles a further failure asks again with its new survivors.
   */
  private react(signal: DataNodeSignal): void {
    switch (signal.type) {
      case 'ndb.verdict':
        if (signal.verdict === 'lose') this.moveIf('VERDICT_LOSE');
        else if (this.phase === 'arbitrating') this.requestArbitration();
        else if (signal.verdict === 'partitioning') this.moveIf('VERDICT_PARTITIONING');
        return;
      case 'ndb.expelled': this.moveIf('EXPELLED'); return;
      case 'arbit.granted': this.moveIf('ARBIT_GRANTED'); return;
      case 'arbit.refused': this.moveIf('ARBIT_REFUSED'); return;
      case 'restart.found': this.moveIf('CLUSTER_FOUND'); return;
      case 'restart.included': this.moveIf('INCLUDED'); return;
      case 'restart.lostSource': this.moveIf('COPY_SOURCE_LOST'); return;
    }
  }

  /** Takes `step` when the current phase allows it; a step the phase does not know comes too late or too early, and changes nothing. */
  private moveIf(step: DataNodeStep): void {
    if (dataNodeLifecycle.can(this.phase, step)) this.move(step);
  }

  /** Moves to the next phase and does what entering it does. */
  private move(step: DataNodeStep): void {
    const left = this.phase;
    const phase = dataNodeLifecycle.next(left, step);
    this.phase = phase;
    if (left === 'arbitrating' && phase !== 'arbitrating') this.out.cancelTimer(arbitrationTimerId);
    this.out.emit({ type: 'ndb.phase', node: this.id, phase, reason: reasonOf[step] });
    if (phase === 'connecting') {
      this.copySource = 0;
      this.copied = false;
    }
    if (phase === 'copying') this.sendData(this.copySource, { kind: 'copyReq', from: this.name, node: this.id });
    if (phase === 'arbitrating') {
      this.out.startTimer(arbitrationTimerId, this.settings.arbitrationTimeoutMs, { type: 'arbit.timeout' });
      this.requestArbitration();
    }
    if (phase === 'shutdown') this.shutDown();
    if (phase !== 'copying') this.tellApis();
  }

  /** Asks the arbitrator to let this node's survivors carry on (MySQL Cluster manual, partitioning). */
  private requestArbitration(): void {
    this.transporter.send(arbitratorName, { kind: 'arbitReq', from: this.name, node: this.id, survivors: [...this.view] });
  }

  /**
   * One heartbeat interval passed (HeartbeatIntervalDbDb, MySQL Cluster manual): count the silence
   * of every monitored node, declare dead those silent for `missedHeartbeatsMax` ticks in a
   * row, and send this node's own heartbeats. Every node watches every other (real NDB
   * passes heartbeats round a ring of neighbours); the detection time is the same.
   */
  private tick(): void {
    this.out.startTimer('hb', this.settings.heartbeatIntervalMs, { type: 'hb.tick' });
    if (this.phase === 'shutdown') return;
    if (this.phase === 'connecting') {
      for (let id = 1; id <= this.settings.dataNodes; id++) if (id !== this.id) this.sendData(id, { kind: 'hello', from: this.name, node: this.id });
      return;
    }
    const silent = this.heartbeats.tick(this.monitored());
    const heartbeat: NdbMessage = { kind: 'hb', from: this.name, node: this.id, phase: this.phase, view: [...this.view] };
    for (const id of this.monitored()) this.sendData(id, heartbeat);
    // A copy request the source could not serve yet (it was handling a failure) is asked again.
    if (this.phase === 'copying' && !this.copied) this.sendData(this.copySource, { kind: 'copyReq', from: this.name, node: this.id });
    this.tellApis();
    if (this.phase === 'copying') {
      if (silent.length > 0) this.signals.push({ type: 'restart.lostSource' });
      return;
    }
    for (const id of silent) if (this.joining.has(id)) this.dropJoining(id);
    const failed = [...new Set([...silent, ...this.suspects])].filter((id) => this.view.has(id));
    this.suspects.clear();
    if (failed.length > 0) this.nodesFailed(failed, true);
    this.answerHellos(failed.length === 0);
  }

  /**
   * Restarting nodes are answered at the tick after their hello, once the failures found in
   * the same round are handled: no node starts while a failure waits (NDB blocks node starts
   * during node failure handling). A node not answered asks again at its next tick.
   */
  private answerHellos(allowed: boolean): void {
    if (allowed && this.phase === 'started') {
      const message: NdbMessage = { kind: 'helloAck', from: this.name, node: this.id, view: [...this.view] };
      for (const node of this.hellos) if (!this.view.has(node)) this.sendData(node, message);
    }
    this.hellos.clear();
  }

  /** Nodes whose heartbeats this node checks: its copy source while copying, else the other started nodes and the joining ones. */
  private monitored(): number[] {
    if (this.phase === 'copying') return [this.copySource];
    const ids = [...this.view].filter((id) => id !== this.id);
    for (const id of this.joining) ids.push(id);
    return ids;
  }

  /**
   * `failed` are dead to this node. It drops them from its view, tells the others (FAIL_REP)
   * when it detected them itself, aborts the transactions that waited on them, takes over
   * the writes they had prepared here, and classifies the survivors (MySQL Cluster manual).
   */
  private nodesFailed(failed: readonly number[], detectedHere: boolean): void {
    const newly = failed.filter((id) => this.view.has(id) && id !== this.id);
    if (newly.length === 0) return;
    for (const id of newly) {
      this.view.delete(id);
      this.failedHere.add(id);
    }
    if (detectedHere) {
      const report: NdbMessage = { kind: 'failRep', from: this.name, node: this.id, failed: newly };
      for (const id of this.view) if (id !== this.id) this.sendData(id, report);
      // The failed nodes hear it too when the path allows (on the connection they had): a
      // node cut off one way must not stay half in the cluster.
      for (const id of newly) this.sendData(id, report);
    }
    for (const id of newly) {
      this.heartbeats.unwatch(id);
      this.transporter.forget(dataNodeName(id));
    }
    this.txns.nodesFailed(newly);
    const verdict = survivorVerdict(this.view, this.settings.dataNodes, this.settings.replicas);
    this.out.emit({ type: 'ndb.failureHandled', node: this.id, failed: newly, survivors: [...this.view], verdict });
    this.signals.push({ type: 'ndb.verdict', verdict });
  }

  private receive(message: NdbMessage): void {
    if (this.phase === 'shutdown') return;
    switch (message.kind) {
      case 'hb':
        // A restarting node copies only from a started one: two restarting peers must not keep each other waiting.
        if (this.phase !== 'copying' || message.phase === 'started') this.heartbeats.hear(message.node);
        if (message.phase === 'started') this.adoptMembers(message.node, message.view);
        return;
      case 'failRep':
        if (!this.view.has(message.node) || this.phase === 'connecting' || this.phase === 'copying') return;
        if (message.failed.includes(this.id)) this.signals.push({ type: 'ndb.expelled' });
        else this.nodesFailed(message.failed, false);
        return;
      case 'arbitReply':
        if (this.phase === 'arbitrating') this.signals.push({ type: message.granted ? 'arbit.granted' : 'arbit.refused' });
        return;
      case 'begin':
        this.txns.begin(message);
        return;
      case 'prepare':
        this.txns.prepare(message);
        return;
      case 'prepared':
        this.txns.replicaPrepared(message.txnId, message.node);
        return;
      case 'commit':
      case 'abort':
        this.txns.finishPrepared(message.txnId, message.kind === 'commit');
        return;
      default:
        this.receiveRestart(message);
    }
  }

  /** Messages of a node restart: the restarting side and the started side. */
  private receiveRestart(message: NdbMessage): void {
    switch (message.kind) {
      case 'hello':
        this.answerHello(message.node);
        return;
      case 'helloAck':
        this.chooseCopySource(message.view);
        return;
      case 'copyReq':
        this.startCopy(message.node);
        return;
      case 'copyData':
        if (this.phase !== 'copying' || message.node !== this.copySource) return;
        for (const [partition, key] of message.rows) this.store.add(partition, key);
        this.copied = true;
        this.sendData(this.copySource, { kind: 'joined', from: this.name, node: this.id });
        return;
      case 'joined':
        this.include(message.node);
        return;
      case 'include':
        this.included(message.node, message.view);
        return;
      default:
        return;
    }
  }

  private answerHello(node: number): void {
    if (this.phase !== 'started') return;
    // A node restarting while still counted as started is a new incarnation: the old one
    // failed. It is handled at the next tick with any other failure seen meanwhile, as
    // NDB's president handles failures found together in one round; the node asks again.
    if (this.view.has(node)) this.suspects.add(node);
    else this.hellos.add(node);
  }

  /** Start phase 1 done: copy from the first started peer of this node's group. */
  private chooseCopySource(view: readonly number[]): void {
    if (this.phase !== 'connecting') return;
    const source = view.find((id) => id !== this.id && nodeGroupOf(id, this.settings.replicas) === this.group);
    if (source === undefined) return; // the group has no started node: the cluster cannot take this node
    this.copySource = source;
    this.heartbeats.watch(source);
    this.signals.push({ type: 'restart.found' });
  }

  /**
   * A restarting peer of this group asks for the data. From now on it is a replica of every
   * write to the group, so the copy taken now plus the writes that follow are all the rows.
   */
  private startCopy(node: number): void {
    if (this.phase !== 'started' || this.suspects.size > 0) return;
    if (nodeGroupOf(node, this.settings.replicas) !== this.group || this.view.has(node) || this.joining.has(node)) return;
    this.joining.add(node);
    this.heartbeats.watch(node);
    const rows = this.store.rows((partition) => groupOfPartition(partition, this.settings) === this.group);
    for (const write of this.txns.prepared.values()) {
      if (groupOfPartition(write.partition, this.settings) === this.group) rows.push([write.partition, write.key]);
    }
    this.sendData(node, { kind: 'copyData', from: this.name, node: this.id, rows });
  }

  /** The copy is done: the node is a member; every started node and the node itself are told. */
  private include(node: number): void {
    if (!this.joining.has(node) || this.phase !== 'started') return;
    this.joining.delete(node);
    this.view.add(node);
    this.failedHere.delete(node);
    const message: NdbMessage = { kind: 'include', from: this.name, node, view: [...this.view] };
    for (const id of this.view) if (id !== this.id) this.sendData(id, message);
    this.transporter.send(arbitratorName, { kind: 'arbitReset', from: this.name });
    this.tellApis();
  }

  private included(node: number, view: readonly number[]): void {
    if (node === this.id) {
      if (this.phase !== 'copying') return;
      for (const id of view) {
        this.view.add(id);
        this.heartbeats.watch(id);
      }
      this.signals.push({ type: 'restart.included' });
      return;
    }
    if (this.phase !== 'started' && this.phase !== 'arbitrating') return;
    this.view.add(node);
    this.failedHere.delete(node);
    this.heartbeats.watch(node);
  }

  /**
   * Two nodes restarting at once are included by different peers, each of which tells only
   * the members it knows of; a started member's heartbeat carries its view, so the rest
   * learn of both within a tick. A node this one saw fail stays out until it is included again.
   */
  private adoptMembers(sender: number, view: readonly number[]): void {
    if (this.phase !== 'started' && this.phase !== 'arbitrating') return;
    if (!this.view.has(sender)) return;
    for (const id of view) {
      if (this.view.has(id) || this.failedHere.has(id)) continue;
      this.view.add(id);
      this.heartbeats.watch(id);
    }
  }

  /** A restarting node died while copying: it was no member, so nothing fails but its writes. */
  private dropJoining(node: number): void {
    this.joining.delete(node);
    this.heartbeats.unwatch(node);
    this.transporter.forget(dataNodeName(node));
    this.txns.replicaDropped(node);
  }


  /** Shutting down: every transaction coordinated here aborts with a temporary error (MySQL Cluster manual). */
  private shutDown(): void {
    this.txns.abortAll();
    this.joining.clear();
  }

  /** Tells the API nodes this node's state and view: at every heartbeat and at once on a change. */
  private tellApis(): void {
    const message: NdbMessage = { kind: 'hbApi', from: this.name, node: this.id, state: this.phase, view: [...this.view] };
    for (const api of this.input.apiNodes) this.transporter.send(api, message);
  }

  /** Sends to data node `id` over the transporter. */
  sendData(id: number, message: NdbMessage): void {
    this.transporter.send(dataNodeName(id), message);
  }
}
