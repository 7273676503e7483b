import { connect, type Socket } from 'node:net';
import { ResponseDecoder } from '../gearman/gearmanDecoder.js';
import { packetText } from '../gearman/gearmanEncoder.js';
import { request } from '../../models/jobhub/packet.js';

const grabJob = packetText(request('GRAB_JOB'));
const preSleep = packetText(request('PRE_SLEEP'));

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
    socket.write(packetText(request('CAN_DO', functionName)) + grabJob, 'latin1');
    return worker;
  }

  stop(): void {
    this.socket.destroy();
  }

  /** The replies to one read, joined as a Latin-1 string and written at once (see ReplyBuffer). */
  private read(chunk: Buffer): void {
    let out = '';
    for (const message of this.decoder.push(chunk).messages) {
      if (message.kind === 'line') continue;
      switch (message.type) {
        case 'JOB_ASSIGN':
          this.completed += 1;
          out += packetText(request('WORK_COMPLETE', message.args[0] ?? '', message.args[2] ?? '')) + grabJob;
          break;
        case 'NO_JOB':
          out += preSleep;
          break;
        case 'NOOP':
          out += grabJob;
          break;
        default:
          break;
      }
    }
    if (out.length > 0) this.socket.write(out, 'latin1');
  }
}
