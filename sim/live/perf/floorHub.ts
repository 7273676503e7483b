import { createServer, type Server, type Socket } from 'node:net';
import { RequestDecoder } from '../gearman/gearmanDecoder.js';
import { packetText } from '../gearman/gearmanEncoder.js';
import { Fifo } from '../../models/jobhub/fifo.js';
import type { GearmanPacket } from '../../models/jobhub/packet.js';
import { ReplyBuffer } from '../host/replyBuffer.js';

/**
 * The least a Node Gearman server can do for the perf load: the same codec and the same
 * socket handling as the live hub (one write per connection per event-loop turn), but no
 * model, no statechart, no host: SUBMIT_JOB, CAN_DO, GRAB_JOB, PRE_SLEEP and WORK_COMPLETE
 * answered from a few maps. Whatever it costs per job is what Node itself costs on this
 * machine, so our hub's CPU per job splits into this floor and what the model and the host
 * add. Not a server to use: no retries, no timeouts, no admin protocol, no limits.
 */
export interface FloorHub {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface FloorConnection {
  readonly socket: Socket;
  readonly decoder: RequestDecoder;
  /** Replies of this turn, written once at its end, as the live host writes them. */
  readonly out: ReplyBuffer;
  /** Functions it can do, and whether it said PRE_SLEEP since its last grab. */
  readonly abilities: string[];
  sleeping: boolean;
}

interface FloorJob {
  readonly handle: string;
  readonly functionName: string;
  readonly data: string;
  readonly client: FloorConnection;
}

const noop = packetText({ kind: 'RES', type: 'NOOP', args: [] });
const noJob = packetText({ kind: 'RES', type: 'NO_JOB', args: [] });

export class FloorHubServer {
  private readonly server: Server;
  /**
   * Queued jobs by function. The floor keeps the hub's own FIFO, and its list of connections
   * to flush is an array with a flag on each, not a Set cleared every turn: an array's
   * shift (a C++ builtin past a few elements) and a Set's new table per clear were 2 % of the
   * floor's CPU, waste no Node hub has to pay (bench/liveHubProfile.ts floor); so was a pass
   * over every connection per submit to find sleepers.
   */
  private readonly queues = new Map<string, Fifo<FloorJob>>();
  private readonly running = new Map<string, FloorJob>();
  private readonly connections = new Set<FloorConnection>();
  private readonly touched: FloorConnection[] = [];
  /** Workers that said PRE_SLEEP, so a submit looks at them, not at every connection. */
  private readonly sleepers: FloorConnection[] = [];
  private flushScheduled = false;
  private nextHandle = 1;

  constructor() {
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  async listen(host: string, port: number): Promise<FloorHub> {
    await new Promise<void>((resolve) => this.server.listen({ host, port }, resolve));
    const address = this.server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    return { host, port: bound, stop: () => this.stop() };
  }

  private stop(): Promise<void> {
    for (const conn of this.connections) conn.socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const conn: FloorConnection = { socket, decoder: new RequestDecoder(), out: new ReplyBuffer(), abilities: [], sleeping: false };
    this.connections.add(conn);
    socket.on('data', (chunk: Buffer) => this.read(conn, chunk));
    socket.on('close', () => {
      this.connections.delete(conn);
      // The next wake drops it from the sleepers.
      conn.sleeping = false;
    });
    socket.on('error', () => {});
  }

  private read(conn: FloorConnection, chunk: Buffer): void {
    const { messages, error } = conn.decoder.push(chunk);
    for (const message of messages) if (message.kind !== 'admin') this.answer(conn, message);
    if (error) conn.socket.destroy();
  }

  private answer(conn: FloorConnection, packet: GearmanPacket): void {
    const [first = '', second = '', third = ''] = packet.args;
    switch (packet.type) {
      case 'CAN_DO':
        conn.abilities.push(first);
        return;
      case 'PRE_SLEEP':
        return this.sleep(conn);
      case 'SUBMIT_JOB':
        return this.submit(conn, first, third);
      case 'GRAB_JOB':
        return this.grab(conn);
      case 'WORK_COMPLETE':
        return this.complete(first, second);
      default:
        return;
    }
  }

  private submit(client: FloorConnection, functionName: string, data: string): void {
    const job: FloorJob = { handle: `H:floor:${this.nextHandle++}`, functionName, data, client };
    let queue = this.queues.get(functionName);
    if (!queue) this.queues.set(functionName, (queue = new Fifo()));
    queue.push(job);
    this.send(client, packetText({ kind: 'RES', type: 'JOB_CREATED', args: [job.handle] }));
    if (this.sleepers.length > 0) this.wake(functionName);
  }

  /** NOOP to the sleepers that can do the function; the rest sleep on (a grab since its sleep drops one). */
  private wake(functionName: string): void {
    let kept = 0;
    for (const worker of this.sleepers) {
      if (!worker.sleeping) continue;
      if (worker.abilities.includes(functionName)) {
        worker.sleeping = false;
        this.send(worker, noop);
      } else {
        this.sleepers[kept++] = worker;
      }
    }
    this.sleepers.length = kept;
  }

  /** A job may have come between its NO_JOB and this: then it is woken at once, as gearmand does. */
  private sleep(worker: FloorConnection): void {
    if (worker.abilities.some((functionName) => (this.queues.get(functionName)?.length ?? 0) > 0)) return this.send(worker, noop);
    if (worker.sleeping) return;
    worker.sleeping = true;
    this.sleepers.push(worker);
  }

  private grab(worker: FloorConnection): void {
    worker.sleeping = false;
    for (const functionName of worker.abilities) {
      const job = this.queues.get(functionName)?.shift();
      if (!job) continue;
      this.running.set(job.handle, job);
      return this.send(worker, packetText({ kind: 'RES', type: 'JOB_ASSIGN', args: [job.handle, job.functionName, job.data] }));
    }
    this.send(worker, noJob);
  }

  private complete(handle: string, result: string): void {
    const job = this.running.get(handle);
    if (!job) return;
    this.running.delete(handle);
    this.send(job.client, packetText({ kind: 'RES', type: 'WORK_COMPLETE', args: [handle, result] }));
  }

  /** Replies of a turn are joined per connection and written at its end, as the live host does. */
  private send(conn: FloorConnection, text: string): void {
    // A connection with replies waiting is in `touched` already: each flush empties every buffer.
    if (conn.out.isEmpty) this.touched.push(conn);
    conn.out.add(text);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const conn of this.touched) {
      if (conn.socket.destroyed) conn.out.clear();
      else conn.out.writeTo(conn.socket);
    }
    this.touched.length = 0;
  }
}
