import { connect, type Socket } from 'node:net';
import { ResponseDecoder } from '../gearman/gearmanDecoder.js';
import { encodePacket } from '../gearman/gearmanEncoder.js';
import { request } from '../../models/jobhub/packet.js';

const grabJob = encodePacket(request('GRAB_JOB'));
const preSleep = encodePacket(request('PRE_SLEEP'));

/**
 * A load worker: the worker loop of DOMAIN.md §1 as Perl's Gearman::Worker runs it. Each
 * JOB_ASSIGN is answered at once with WORK_COMPLETE (the data as the result) and the next
 * GRAB_JOB in the same write; NO_JOB → PRE_SLEEP; NOOP → GRAB_JOB.
 */
export class LoadWorker {
  completed = 0;
  private readonly decoder = new ResponseDecoder();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => {});
  }

  static async start(host: string, port: number, functionName: string): Promise<LoadWorker> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port, noDelay: true });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const worker = new LoadWorker(socket);
    socket.write(Buffer.concat([encodePacket(request('CAN_DO', functionName)), grabJob]));
    return worker;
  }

  stop(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    const out: Buffer[] = [];
    for (const message of this.decoder.push(chunk).messages) {
      if (message.kind === 'line') continue;
      switch (message.type) {
        case 'JOB_ASSIGN':
          this.completed += 1;
          out.push(encodePacket(request('WORK_COMPLETE', message.args[0] ?? '', message.args[2] ?? '')), grabJob);
          break;
        case 'NO_JOB':
          out.push(preSleep);
          break;
        case 'NOOP':
          out.push(grabJob);
          break;
        default:
          break;
      }
    }
    if (out.length > 0) this.socket.write(out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out));
  }
}
