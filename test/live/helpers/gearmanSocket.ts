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

  /** Resolves once `count` messages have arrived in all (or the connection closed); rejects after `timeoutMs`. */
  async until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = setTimeout(() => this.wake(), timeoutMs);
    const started = process.hrtime.bigint();
    try {
      while (!predicate()) {
        if (Number(process.hrtime.bigint() - started) / 1e6 >= timeoutMs) throw new Error(`timed out; received ${JSON.stringify(this.received)}`);
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
