import { connect, type Socket } from 'node:net';
import type { Histogram } from 'hdr-histogram-js';
import { ResponseDecoder } from '../gearman/gearmanDecoder.js';

/** Microseconds on a monotonic clock. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * A load client: keeps `outstanding` foreground jobs in flight on one connection. JOB_CREATED
 * replies come in submit order, so a FIFO of submit times gives each handle its start; at
 * WORK_COMPLETE the submit-to-complete latency goes into the histogram (only while
 * `measuring`) and the next job is submitted.
 */
export class LoadClient {
  completed = 0;
  errors = 0;
  measuring = false;
  submitting = true;
  private readonly decoder = new ResponseDecoder();
  private readonly submitTimesUs: number[] = [];
  private submitHead = 0;
  private readonly startByHandle = new Map<string, number>();

  private constructor(
    private readonly socket: Socket,
    /** One SUBMIT_JOB's bytes as a Latin-1 string (packetText). */
    private readonly submitText: string,
    private readonly latencyUs: Histogram,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => {});
  }

  static async start(host: string, port: number, submitText: string, outstanding: number, latencyUs: Histogram): Promise<LoadClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port, noDelay: true });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const client = new LoadClient(socket, submitText, latencyUs);
    client.submit(outstanding);
    return client;
  }

  /** Jobs submitted and not yet answered. */
  get inFlight(): number {
    return this.submitTimesUs.length - this.submitHead + this.startByHandle.size;
  }

  stop(): void {
    this.socket.destroy();
  }

  private submit(count: number): void {
    if (count === 0 || !this.submitting) return;
    const nowUs = monotonicUs();
    for (let i = 0; i < count; i++) this.submitTimesUs.push(nowUs);
    this.socket.write(count === 1 ? this.submitText : this.submitText.repeat(count), 'latin1');
  }

  private read(chunk: Buffer): void {
    let finished = 0;
    const nowUs = monotonicUs();
    for (const message of this.decoder.push(chunk).messages) {
      if (message.kind === 'line') continue;
      const handle = message.args[0] ?? '';
      switch (message.type) {
        case 'JOB_CREATED':
          this.startByHandle.set(handle, this.takeSubmitTime());
          break;
        case 'WORK_COMPLETE':
        case 'WORK_FAIL':
        case 'WORK_EXCEPTION': {
          const startUs = this.startByHandle.get(handle);
          if (startUs === undefined) break;
          this.startByHandle.delete(handle);
          finished += 1;
          if (message.type !== 'WORK_COMPLETE') this.errors += 1;
          else if (this.measuring) {
            this.completed += 1;
            this.latencyUs.recordValue(Math.max(1, nowUs - startUs));
          }
          break;
        }
        case 'ERROR':
          // A refused submit (queue full, say): its submit time is used up, the slot is free again.
          this.takeSubmitTime();
          this.errors += 1;
          finished += 1;
          break;
        default:
          break;
      }
    }
    this.submit(finished);
  }

  private takeSubmitTime(): number {
    const time = this.submitTimesUs[this.submitHead] ?? monotonicUs();
    this.submitHead += 1;
    if (this.submitHead > 4096 && this.submitHead * 2 > this.submitTimesUs.length) {
      this.submitTimesUs.splice(0, this.submitHead);
      this.submitHead = 0;
    }
    return time;
  }
}
