import { createServer, type Server, type Socket } from 'node:net';
import { createActor, type Actor, type AnyActorLogic, type EmittedFrom, type EventFromLogic, type InputFrom } from 'xstate';
import { declaredEvents } from '../../contract/declaredEvents.js';
import type { RecordOf } from '../../contract/processEffect.js';
import { processStartEvent } from '../../contract/processStart.js';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TimerEffect } from '../../contract/timerEffect.js';
import type { TcpEvent, TcpMessageEntry, TcpMessagesEvent } from '../../contract/tcpEvent.js';
import type { LiveConnection } from './liveConnection.js';
import type { WireCodec } from './wireCodec.js';

/** Where a live host listens, and what it does with effects that are not TCP. */
export interface LiveHostOptions<TLogic extends AnyActorLogic = AnyActorLogic> {
  /** Address to bind: loopback unless asked otherwise. */
  readonly host: string;
  /** Port to bind, 0 for any free one; it overrides the port in the machine's `tcp.listen`. */
  readonly port: number;
  readonly codec: WireCodec;
  /** The process's records: effects other than `tcp.*` and `timer.*` (history, metrics). */
  readonly onEffect?: (effect: RecordOf<EmittedFrom<TLogic>>) => void;
  /**
   * Deliver the messages read in one turn of the event loop as one `tcp.messages` event.
   * A machine says so by handling that event; plain actor logic declares nothing, so it is
   * asked here (default false).
   */
  readonly batchMessages?: boolean;
  /** The machine threw: a bug in our own code. The host has stopped serving. */
  readonly onFailure?: (error: unknown) => void;
  /**
   * Bytes a connection may have waiting to be sent (Node's `writableLength`) before the host
   * drops it: a peer that stops reading must not make the server buffer without bound.
   */
  readonly writeBufferBytesMax?: number;
}

/** Default of {@link LiveHostOptions.writeBufferBytesMax}: 64 MiB, far above any healthy peer's backlog. */
export const writeBufferBytesMaxDefault = 64 * 1024 * 1024;

type Events = TcpEvent | TcpMessagesEvent;

/**
 * Hosts one xstate machine on real sockets and the real clock, as `SimProcess` hosts it on
 * the simulator (DESIGN.md principle 2): socket events become the same `tcp.*` events, and
 * the machine's `tcp.*` effects become socket calls. Connections are numbered in accept
 * order. Messages read in one turn of the event loop reach the machine as one
 * `tcp.messages` event (when the machine handles it), and the replies of one event go out
 * as one write per socket, so a burst of small packets costs one machine event and one
 * write per connection.
 */
export class LiveHost<TMachine extends AnyActorLogic> {
  readonly actor: Actor<TMachine>;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly server: Server;
  private readonly connections = new Map<number, LiveConnection>();
  private readonly batching: boolean;
  private readonly handlesStart: boolean;
  private readonly writeBufferBytesMax: number;
  private batch: TcpMessageEntry[] = [];
  private flushScheduled = false;
  private nextConnId = 1;
  private listening: Promise<void> | null = null;
  private stopped = false;

  constructor(machine: TMachine, input: InputFrom<TMachine>, private readonly options: LiveHostOptions<TMachine>) {
    const events = declaredEvents(machine);
    this.batching = events ? events.includes('tcp.messages') : (options.batchMessages ?? false);
    this.handlesStart = events === null || events.includes(processStartEvent.type);
    this.writeBufferBytesMax = options.writeBufferBytesMax ?? writeBufferBytesMaxDefault;
    // allowHalfOpen: a peer's FIN is reported to the machine, which decides when to close.
    this.server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket));
    this.actor = createActor(machine, { input } as never) as Actor<TMachine>;
    this.actor.on('*', (effect: { type: string }) => this.carryOut(effect));
    this.actor.subscribe({ error: (error) => this.fail(error) });
  }

  /** Starts the machine; resolves once its listener is bound, with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    this.actor.start();
    if (this.handlesStart) this.actor.send(processStartEvent as EventFromLogic<TMachine>);
    if (!this.listening) throw new Error('live host: the machine did not ask to listen when it started');
    await this.listening;
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('live host: listener has no TCP address');
    return { host: address.address, port: address.port };
  }

  /** Stops accepting, drops every connection, stops the machine. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const conn of this.connections.values()) conn.socket.destroy();
    this.connections.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.actor.stop();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.stopped) return void socket.destroy();
    const connId = this.nextConnId++;
    const conn: LiveConnection = { connId, socket, decoder: this.options.codec.createDecoder(), toldGone: false, pending: [] };
    this.connections.set(connId, conn);
    socket.on('data', (chunk: Buffer) => this.read(conn, chunk));
    socket.on('end', () => this.gone(conn, { type: 'tcp.peerClosed', connId }));
    socket.on('close', () => {
      this.connections.delete(connId);
      this.gone(conn, { type: 'tcp.aborted', connId, errno: 'ECONNRESET' });
    });
    // A reset or a write to a dead peer: 'close' follows and reports it.
    socket.on('error', () => {});
    this.deliver({ type: 'tcp.accepted', connId, localPort: socket.localPort ?? 0, remote: { ip: plainIp(socket.remoteAddress), port: socket.remotePort ?? 0 } });
  }

  private read(conn: LiveConnection, chunk: Buffer): void {
    if (conn.toldGone || this.stopped) return;
    const { messages, error } = conn.decoder.push(chunk);
    if (!this.batching) {
      for (const message of messages) this.deliver({ type: 'tcp.message', connId: conn.connId, message });
    } else if (messages.length > 0) {
      for (const message of messages) this.batch.push({ connId: conn.connId, message });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushBatch());
      }
    }
    if (error) this.refuse(conn, this.options.codec.farewell(error));
  }

  /**
   * A peer sent bytes that are not the protocol: after what it sent before them is
   * answered, it gets the codec's last words (an ERROR, say) and the connection is closed.
   * The machine hears an abort, as after a reset; other connections go on being served.
   */
  private refuse(conn: LiveConnection, lastWords: Buffer | null): void {
    this.flushBatch();
    if (lastWords) conn.socket.end(lastWords);
    else conn.socket.end();
    conn.socket.destroySoon();
    this.gone(conn, { type: 'tcp.aborted', connId: conn.connId, errno: 'ECONNRESET' });
  }

  private gone(conn: LiveConnection, event: Events): void {
    if (conn.toldGone) return;
    conn.toldGone = true;
    this.deliver(event);
  }

  /** Sends one event, after the batch so far: events reach the machine in the order they happened. */
  private deliver(event: Events): void {
    this.flushBatch();
    this.dispatch(event);
  }

  private flushBatch(): void {
    this.flushScheduled = false;
    if (this.batch.length === 0) return;
    const entries = this.batch;
    this.batch = [];
    this.dispatch({ type: 'tcp.messages', entries });
  }

  /** Connections written to during the current dispatch, each once. */
  private readonly touched: LiveConnection[] = [];

  /**
   * Sends one event to the machine, then writes what it produced: each connection's
   * replies joined into one buffer and one write() (fewer syscalls and stream calls than
   * a writev of many small buffers).
   */
  private dispatch(event: Events): void {
    if (this.stopped) return;
    this.actor.send(event as EventFromLogic<TMachine>);
    for (const conn of this.touched) {
      const pending = conn.pending;
      conn.pending = [];
      if (conn.socket.destroyed || !conn.socket.writable) continue;
      conn.socket.write(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending));
      // Its 'close' reports the loss to the machine as an abort, like a reset.
      if (conn.socket.writableLength > this.writeBufferBytesMax) conn.socket.destroy();
    }
    this.touched.length = 0;
  }

  private carryOut(effect: { type: string }): void {
    if (effect.type === 'timer.start' || effect.type === 'timer.cancel') return this.carryOutTimer(effect as TimerEffect);
    if (!effect.type.startsWith('tcp.')) return this.options.onEffect?.(effect as RecordOf<EmittedFrom<TMachine>>);
    const tcp = effect as TcpEffect;
    switch (tcp.type) {
      case 'tcp.listen':
        this.listening = this.listen();
        return;
      case 'tcp.send':
        return this.write(tcp.connId, this.options.codec.encode(tcp.message));
      case 'tcp.close':
      case 'tcp.shutdown':
        return void this.connections.get(tcp.connId)?.socket.end();
      case 'tcp.reset':
        return void this.connections.get(tcp.connId)?.socket.resetAndDestroy();
      default:
        // Outgoing connects and accept pausing: no live machine asks for them yet.
        throw new Error(`live host: ${tcp.type} is not supported on real sockets yet`);
    }
  }

  /** The contract's timers on the real clock: the event comes back as its own dispatch. */
  private carryOutTimer(effect: TimerEffect): void {
    const pending = this.timers.get(effect.timerId);
    if (pending) clearTimeout(pending);
    this.timers.delete(effect.timerId);
    if (effect.type === 'timer.cancel') return;
    const { timerId, event } = effect;
    this.timers.set(
      timerId,
      setTimeout(() => {
        this.timers.delete(timerId);
        this.deliver(event as Events);
      }, effect.delayMs),
    );
  }

  private write(connId: number, bytes: Buffer): void {
    const conn = this.connections.get(connId);
    // A connection already gone: like write() after ECONNRESET, nothing to do.
    if (!conn || conn.socket.destroyed || !conn.socket.writable) return;
    if (conn.pending.length === 0) this.touched.push(conn);
    conn.pending.push(bytes);
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.options.host, port: this.options.port, backlog: 511 }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  private fail(error: unknown): void {
    void this.stop();
    this.options.onFailure?.(error);
  }
}

/** Node reports IPv4 peers of a dual-stack socket as `::ffff:a.b.c.d`; the machine wants `a.b.c.d`. */
function plainIp(address: string | undefined): string {
  if (address === undefined) return '0.0.0.0';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
