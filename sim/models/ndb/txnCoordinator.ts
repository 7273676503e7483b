import { ndbErrors } from './ndbError.js';
import type { NdbMessage } from './ndbMessage.js';
import type { DataNodeState } from './dataNodeState.js';
import { groupOfPartition, primaryOf, replicaOrder } from './nodeGroups.js';
import { tcTransactionLifecycle, type TcTransactionState } from './tcTransactionLifecycle.js';

/** A transaction this node coordinates as its partition's primary, waiting for its replicas. */
interface PendingTxn {
  readonly api: string;
  readonly partition: number;
  readonly key: number;
  readonly replicas: number[];
  readonly waiting: Set<number>;
  /** Where it is in the TC's lifecycle (tcTransactionLifecycle.ts). */
  state: TcTransactionState;
}

/** A write prepared here for another node's transaction, not yet committed. */
export interface PreparedWrite {
  readonly primary: number;
  readonly partition: number;
  readonly key: number;
}

/**
 * A data node's transactions as plain data: those it coordinates as a partition's primary
 * (waiting for their replicas to prepare) and the writes it has prepared for other
 * primaries. A simplified two-phase commit: the primary answers `committed` only once every
 * live replica has prepared, so any surviving replica can finish the write (take-over).
 */
export class TxnCoordinator {
  readonly pending = new Map<number, PendingTxn>();
  readonly prepared = new Map<number, PreparedWrite>();

  constructor(private readonly node: DataNodeState) {}

  /**
   * An application transaction: this node must be started and the partition's primary in
   * its view. Its other live replicas (and a restarting peer copying) prepare first; the
   * primary commits and answers once every one of them has (a simplified two-phase commit).
   */
  begin(message: Extract<NdbMessage, { kind: 'begin' }>): void {
    const { txnId, partition, key, from } = message;
    if (this.node.phase !== 'started' || primaryOf(partition, this.node.settings, this.node.view) !== this.node.id) {
      this.node.transporter.send(from, { kind: 'aborted', from: this.node.name, txnId, code: ndbErrors.notServing });
      return;
    }
    const replicas = replicaOrder(partition, this.node.settings).filter((id) => id !== this.node.id && this.node.view.has(id));
    if (groupOfPartition(partition, this.node.settings) === this.node.group) for (const id of this.node.joining) replicas.push(id);
    const txn: PendingTxn = { api: from, partition, key, replicas, waiting: new Set(replicas), state: tcTransactionLifecycle.start() };
    if (replicas.length === 0) {
      this.allPrepared(txnId, txn);
      return;
    }
    this.pending.set(txnId, txn);
    for (const id of replicas) this.node.sendData(id, { kind: 'prepare', from: this.node.name, node: this.node.id, txnId, partition, key });
  }

  prepare(message: Extract<NdbMessage, { kind: 'prepare' }>): void {
    if (this.node.phase === 'connecting') return;
    if (this.node.phase !== 'copying' && !this.node.view.has(message.node)) return;
    this.prepared.set(message.txnId, { primary: message.node, partition: message.partition, key: message.key });
    this.node.sendData(message.node, { kind: 'prepared', from: this.node.name, node: this.node.id, txnId: message.txnId });
  }

  replicaPrepared(txnId: number, node: number): void {
    const txn = this.pending.get(txnId);
    if (!txn || !txn.waiting.delete(node) || txn.waiting.size > 0) return;
    this.allPrepared(txnId, txn);
  }

  /** Every live replica prepared: the primary commits at once (its TC starts the commit phase). */
  private allPrepared(txnId: number, txn: PendingTxn): void {
    txn.state = tcTransactionLifecycle.next(txn.state, 'ALL_PREPARED');
    this.commitPending(txnId, txn);
  }

  private commitPending(txnId: number, txn: PendingTxn): void {
    txn.state = tcTransactionLifecycle.next(txn.state, 'COMMIT');
    this.pending.delete(txnId);
    this.node.store.add(txn.partition, txn.key);
    this.node.transporter.send(txn.api, { kind: 'committed', from: this.node.name, txnId });
    for (const id of txn.replicas) this.node.sendData(id, { kind: 'commit', from: this.node.name, node: this.node.id, txnId });
  }

  private abortPending(txnId: number, txn: PendingTxn): void {
    txn.state = tcTransactionLifecycle.next(txn.state, 'NODE_FAILED');
    this.pending.delete(txnId);
    this.node.transporter.send(txn.api, { kind: 'aborted', from: this.node.name, txnId, code: ndbErrors.nodeFailure });
    for (const id of txn.replicas) if (!txn.waiting.has(id)) this.node.sendData(id, { kind: 'abort', from: this.node.name, node: this.node.id, txnId });
  }

  finishPrepared(txnId: number, commit: boolean): void {
    const write = this.prepared.get(txnId);
    if (!write) return;
    this.prepared.delete(txnId);
    if (commit) this.node.store.add(write.partition, write.key);
  }

  /**
   * `failed` left the view: transactions waiting on them abort (4010, MySQL Cluster manual), and the
   * writes a failed primary had prepared here are committed: it may have answered
   * `committed` already, since every replica prepared before it did.
   */
  nodesFailed(failed: readonly number[]): void {
    for (const [txnId, txn] of this.pending) {
      if (failed.some((id) => txn.waiting.has(id))) this.abortPending(txnId, txn);
    }
    for (const [txnId, write] of this.prepared) {
      if (!failed.includes(write.primary)) continue;
      this.node.store.add(write.partition, write.key);
      this.prepared.delete(txnId);
    }
  }

  /** A restarting replica died while copying: it held no data yet, so its writes go on without it. */
  replicaDropped(node: number): void {
    for (const [txnId, txn] of this.pending) {
      if (txn.waiting.delete(node) && txn.waiting.size === 0) this.allPrepared(txnId, txn);
    }
  }

  /** This node shuts down: every transaction it coordinates aborts with a temporary error (MySQL Cluster manual). */
  abortAll(): void {
    for (const [txnId, txn] of this.pending) this.abortPending(txnId, txn);
  }
}
