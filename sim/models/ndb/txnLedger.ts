import type { NdbRecord } from './ndbRecord.js';

/** Every transaction the application started and how each ended (from the API nodes' records). */
export class TxnLedger {
  started = 0;
  committed = 0;
  abortedTemporary = 0;
  retried = 0;
  failedAfterRetries = 0;
  endedTwice = 0;
  readonly abortsByCode = new Map<number, number>();
  /** Committed transactions: tag → partition (the row each inserted). */
  readonly committedRows = new Map<number, number>();
  private readonly ended = new Set<number>();

  record(record: NdbRecord): void {
    switch (record.type) {
      case 'txn.committed':
        this.end(record.tag);
        this.committed++;
        this.committedRows.set(record.tag, record.partition);
        return;
      case 'txn.abortedTemporary':
        this.abortedTemporary++;
        this.abortsByCode.set(record.code, (this.abortsByCode.get(record.code) ?? 0) + 1);
        return;
      case 'txn.retried':
        this.retried++;
        return;
      case 'txn.failedAfterRetries':
        this.end(record.tag);
        this.failedAfterRetries++;
        return;
      default:
        return;
    }
  }

  private end(tag: number): void {
    if (this.ended.has(tag)) this.endedTwice++;
    this.ended.add(tag);
  }
}
