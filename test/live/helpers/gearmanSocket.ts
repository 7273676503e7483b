import { connect, type Socket } from 'node:net';
import { ResponseDecoder, type TextLine } from '../../../sim/live/gearman/gearmanDecoder.js';
import type { GearmanPacket } from '../../../sim/models/jobhub/packet.js';

/** A raw Gearman connection for tests: write bytes, await the next decoded replies, see when it closes. */
export class GearmanSocket {
  readonly received: (GearmanPacket | TextLine)[] = [];
  closed = false;
  private readonly decoder = new ResponseDecoder();
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(...this.decoder.push(chunk).messages);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(host: string, port: number): Promise<GearmanSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => resolve(new GearmanSocket(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves once `predicate` holds, checked after each arrival and at the close; rejects after `timeoutMs`. */
  async until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      this.wake();
    }, timeoutMs);
    try {
      while (!predicate()) {
        if (timedOut) throw new Error(`timed out after ${timeoutMs} ms; received ${JSON.stringify(this.received)}`);
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    } finally {
      clearTimeout(deadline);
    }
  }

  async next(count: number, timeoutMs = 5000): Promise<(GearmanPacket | TextLine)[]> {
    await this.until(() => this.received.length >= count || this.closed, timeoutMs);
    return this.received.splice(0, count);
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
