import { Outbox } from '../../contract/outbox.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { dataNodeViewLifecycle, type DataNodeViewState, type DataNodeViewStep } from './dataNodeViewLifecycle.js';
import { ndbErrors } from './ndbError.js';
import { isNdbMessage, type DataNodePhase, type NdbMessage } from './ndbMessage.js';
import type { NdbRecord } from './ndbRecord.js';
import { dataNodeName, ndbPorts, type NdbSettings } from './ndbSettings.js';
import { primaryOf } from './nodeGroups.js';
import { transactionLifecycle, type TransactionState } from './transactionLifecycle.js';
import { Transporter } from './transporter.js';

export type ApiNodeTimer =
  | { readonly type: 'api.tick' }
  | { readonly type: 'api.retry'; readonly tag: number }
  | { readonly type: 'api.timeout'; readonly txnId: number };

/** What a data node's heartbeat tells its view: serving (or arbitrating), restarting, or shutting down. */
function heardStep(phase: DataNodePhase): DataNodeViewStep {
  if (phase === 'shutdown') return 'HEARD_STOPPING';
  return phase === 'connecting' || phase === 'copying' || phase === 'notStarted' ? 'HEARD_STARTING' : 'HEARD_STARTED';
}

/** Attempts of one transaction are numbered within its id: txnId = tag × attemptsMax + attempt. */
const attemptsMax = 64;

/** The application's retry policy for temporary errors (its own choice; NDB leaves it to the application). */
export interface RetryPolicy {
  /** Retries of the whole transaction after the first attempt; then it is reported failed. */
  readonly retriesMax: number;
  /** Backoff before the first retry; it doubles for each further one, up to `retryBackoffMsMax`. */
  readonly retryBackoffMs: number;
  readonly retryBackoffMsMax: number;
  /** An attempt with no answer for this long ends with a temporary error (a bound on every wait). */
  readonly attemptTimeoutMs: number;
}

export const retryDefaults: RetryPolicy = { retriesMax: 8, retryBackoffMs: 50, retryBackoffMsMax: 2_000, attemptTimeoutMs: 15_000 };

export interface ApiNodeInput {
  readonly name: string;
  readonly settings: NdbSettings;
  readonly retry: RetryPolicy;
  /** Delay to the first heartbeat tick, on the cluster's heartbeat grid. */
  readonly firstTickMs: number;
}

/** The application starts a transaction: insert one row into `partition`. */
export type TxnStart = { readonly type: 'txn.start'; readonly tag: number; readonly partition: number };

export type ApiNodeEvent = TcpEvent | ApiNodeTimer | TxnStart;

/** How a transaction ended for the application: committed, or given up after its retries. */
export type TxnEnd = Extract<NdbRecord, { type: 'txn.committed' } | { type: 'txn.failedAfterRetries' }>;

/** What the API node knows of a data node, from its heartbeats (NDB's missed-heartbeat rule applied to API heartbeats). */
interface DataNodeView {
  /** Its ClusterMgr state (dataNodeViewLifecycle.ts): whether the node counts as alive. */
  connection: DataNodeViewState;
  /** Heartbeat intervals in a row that brought no word from it. */
  missed: number;
  /** Heard from since the last tick. */
  heard: boolean;
  /** The phase it last reported. */
  reportedPhase: DataNodePhase;
  view: ReadonlySet<number>;
}

interface Txn {
  readonly tag: number;
  readonly partition: number;
  attempt: number;
  /** Its lifecycle (transactionLifecycle.ts): `preparing` while an attempt is out, `aborted` while it waits to retry. */
  state: TransactionState;
  /** The data node the last attempt went to (0: none could be chosen). */
  sentTo: number;
}

/**
 * An API node with its application (a mysqld or NDB API program), as plain data. It routes
 * each transaction to the partition's primary among the data nodes it sees serving, and on
 * a temporary error retries the whole transaction with backoff, up to `retriesMax` times.
 */
export class ApiNodeState {
  readonly out = new Outbox<NdbRecord, ApiNodeTimer>();
  readonly transporter = new Transporter(this.out);
  readonly txns = new Map<number, Txn>();
  private readonly nodes = new Map<number, DataNodeView>();
  private routable = new Set<number>();
  /** Data nodes counted as failed at the last reroute. */
  private failed = new Set<number>();

  /**
   * `onEnded` hears of every transaction's end as it happens (the page app answers its page);
   * the record goes to the host too.
   */
  constructor(readonly input: ApiNodeInput, private readonly onEnded: (end: TxnEnd) => void = () => {}) {
    const all = new Set<number>();
    for (let id = 1; id <= input.settings.dataNodes; id++) all.add(id);
    for (const id of all) this.nodes.set(id, { connection: dataNodeViewLifecycle.start(), missed: 0, heard: true, reportedPhase: 'started', view: all });
    this.routable = new Set(all);
    for (const id of all) this.transporter.open(dataNodeName(id));
    this.out.startTimer('tick', input.firstTickMs, { type: 'api.tick' });
    this.out.emit({ type: 'tcp.listen', port: ndbPorts.api, backlog: input.settings.listenBacklog });
  }

  /** One event of the API node process. */
  handle(event: ApiNodeEvent): void {
    switch (event.type) {
      case 'txn.start': this.start(event.tag, event.partition); return;
      case 'api.retry': this.retry(event.tag); return;
      case 'api.timeout': this.timeout(event.txnId); return;
      case 'api.tick': this.tick(); return;
      case 'tcp.message': if (isNdbMessage(event.message)) this.receive(event.message); return;
      case 'tcp.connected': this.transporter.connected(event.tag, event.connId); return;
      case 'tcp.connectFailed': this.transporter.connectFailed(event.tag); return;
      case 'tcp.aborted':
      case 'tcp.peerClosed': this.disconnected(this.transporter.lost(event.connId)); return;
      default: return;
    }
  }

  start(tag: number, partition: number): void {
    if (this.txns.has(tag)) throw new Error(`${this.input.name}: transaction ${tag} started twice`);
    const txn: Txn = { tag, partition, attempt: 0, state: transactionLifecycle.start(), sentTo: 0 };
    this.txns.set(tag, txn);
    this.send(txn);
  }

  private retry(tag: number): void {
    const txn = this.txns.get(tag);
    if (!txn || txn.state !== 'aborted') return;
    txn.state = transactionLifecycle.next(txn.state, 'RETRY');
    txn.attempt++;
    this.out.emit({ type: 'txn.retried', tag, attempt: txn.attempt });
    this.send(txn);
  }

  private send(txn: Txn): void {
    const primary = primaryOf(txn.partition, this.input.settings, this.routable);
    if (primary === 0) {
      this.fail(txn, ndbErrors.clusterFailure);
      return;
    }
    txn.sentTo = primary;
    const txnId = txn.tag * attemptsMax + txn.attempt;
    this.transporter.send(dataNodeName(primary), { kind: 'begin', from: this.input.name, txnId, partition: txn.partition, key: txn.tag });
    this.out.startTimer(`timeout.${txnId}`, this.input.retry.attemptTimeoutMs, { type: 'api.timeout', txnId });
  }

  /** The current attempt of the transaction with this id, if the id is current. */
  private current(txnId: number): Txn | undefined {
    const txn = this.txns.get(Math.floor(txnId / attemptsMax));
    return txn && txn.state === 'preparing' && txn.attempt === txnId % attemptsMax ? txn : undefined;
  }

  private timeout(txnId: number): void {
    const txn = this.current(txnId);
    if (txn) this.fail(txn, ndbErrors.apiTimeout);
  }

  private fail(txn: Txn, code: number): void {
    txn.state = transactionLifecycle.next(txn.state, 'ABORTED');
    this.out.emit({ type: 'txn.abortedTemporary', tag: txn.tag, attempt: txn.attempt, code });
    const { retriesMax, retryBackoffMs, retryBackoffMsMax } = this.input.retry;
    if (txn.attempt >= retriesMax || txn.attempt + 1 >= attemptsMax) {
      txn.state = transactionLifecycle.next(txn.state, 'GIVE_UP');
      this.end(txn, { type: 'txn.failedAfterRetries', tag: txn.tag, attempts: txn.attempt + 1 });
      return;
    }
    const delayMs = Math.min(retryBackoffMs * 2 ** txn.attempt, retryBackoffMsMax);
    this.out.startTimer(`retry.${txn.tag}`, delayMs, { type: 'api.retry', tag: txn.tag });
  }

  private end(txn: Txn, end: TxnEnd): void {
    this.txns.delete(txn.tag);
    this.out.emit(end);
    this.onEnded(end);
  }

  private receive(message: NdbMessage): void {
    if (message.kind === 'hbApi') {
      const node = this.nodes.get(message.node);
      if (!node) return;
      node.heard = true;
      node.missed = 0;
      node.reportedPhase = message.state;
      node.connection = dataNodeViewLifecycle.next(node.connection, heardStep(message.state));
      node.view = new Set(message.view);
      this.reroute();
      return;
    }
    if (message.kind !== 'committed' && message.kind !== 'aborted') return;
    const txn = this.current(message.txnId);
    if (!txn) return;
    // Answered: its attempt timer would fire later only to find the attempt gone, one kernel event per transaction for nothing.
    this.out.cancelTimer(`timeout.${message.txnId}`);
    if (message.kind === 'aborted') {
      this.fail(txn, message.code);
      return;
    }
    txn.state = transactionLifecycle.next(txn.state, 'COMMITTED');
    this.end(txn, { type: 'txn.committed', tag: txn.tag, attempt: txn.attempt, partition: txn.partition });
  }

  /**
   * The connection to a data node broke (its host restarted, or it reset): what was sent on
   * it is gone, so attempts in flight there abort as after a node failure (MySQL Cluster manual).
   */
  private disconnected(peer: string | null): void {
    if (peer === null || !peer.startsWith('ndbd')) return;
    const id = Number(peer.slice('ndbd'.length));
    // Like the NDB API, a transporter disconnect counts as the node's failure until it is heard from again.
    const node = this.nodes.get(id);
    if (node) {
      node.missed = this.input.settings.missedHeartbeatsMax;
      node.heard = false;
      node.connection = dataNodeViewLifecycle.next(node.connection, 'DISCONNECTED');
    }
    this.reroute();
  }

  /** A heartbeat interval passed: data nodes silent for `missedHeartbeatsMax` ticks count as dead (MySQL Cluster manual). */
  private tick(): void {
    this.out.startTimer('tick', this.input.settings.heartbeatIntervalMs, { type: 'api.tick' });
    const { missedHeartbeatsMax } = this.input.settings;
    for (const node of this.nodes.values()) {
      node.missed = node.heard ? 0 : node.missed + 1;
      node.heard = false;
      if (node.missed >= missedHeartbeatsMax && node.connection !== 'failed') node.connection = dataNodeViewLifecycle.next(node.connection, 'SILENT');
    }
    this.reroute();
  }

  /**
   * Recomputes which nodes take transactions: heard from lately, reporting `started`, and
   * counted as started by every other such node. An attempt in flight on a node that failed
   * (silent, shut down, or dropped by the others) aborts with 4010 (MySQL Cluster manual).
   */
  private reroute(): void {
    const alive = (node: DataNodeView): boolean => node.connection !== 'failed';
    const failed = new Set<number>();
    const started = [...this.nodes].filter(([, node]) => alive(node) && node.reportedPhase === 'started');
    for (const [id, node] of this.nodes) {
      if (!alive(node) || started.some(([, other]) => !other.view.has(id))) failed.add(id);
    }
    this.routable = new Set(started.map(([id]) => id).filter((id) => !failed.has(id)));
    // A node newly seen failed loses its connection, as the NDB API disconnects a dead node's
    // transporter: what would still go on it could wait out TCP's retransmissions to a host
    // that came back as a new incarnation. A later message opens a new one.
    for (const id of failed) if (!this.failed.has(id)) this.transporter.forget(dataNodeName(id));
    this.failed = failed;
    if (failed.size === 0) return;
    for (const txn of this.txns.values()) if (txn.state === 'preparing' && failed.has(txn.sentTo)) this.fail(txn, ndbErrors.nodeFailure);
  }
}
