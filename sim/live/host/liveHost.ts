import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { createActor, type Actor, type AnyActorLogic, type EmittedFrom, type EventFromLogic, type InputFrom } from 'xstate';
import { declaredEvents } from '../../contract/declaredEvents.js';
import type { RecordOf } from '../../contract/processEffect.js';
import { processStepOf } from '../../contract/processLogic.js';
import { processStartEvent } from '../../contract/processStart.js';
import { TransitionHost } from '../../contract/transitionHost.js';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import { isTimerEffect, type TimerEffect } from '../../contract/timerEffect.js';
import type { TcpErrno, TcpEvent, TcpMessageEntry, TcpMessagesEvent } from '../../contract/tcpEvent.js';
import type { LiveConnection } from './liveConnection.js';
import { ReplyBuffer } from './replyBuffer.js';
import type { ConnectionSide, WireCodec, WireDecodeResult } from './wireCodec.js';

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
  /**
   * Unsent bytes past which the host stops reading from a connection and stops answering
   * what it already read, until the peer has taken them ('drain'): back-pressure, so a peer
   * that asks for much and reads nothing holds at most this plus one turn's replies.
   */
  readonly replyBytesHighWater?: number;
  /** Messages of one connection the machine gets per turn of the event loop; the rest wait for the next turn. */
  readonly messagesPerTurnMax?: number;
  /**
   * How long an outgoing connect may stay unanswered before it fails with ETIMEDOUT:
   * Linux's own bound by default (see {@link connectTimeoutMsDefault}).
   */
  readonly connectTimeoutMs?: number;
  /**
   * Wait {@link gatherMs} after a small read that leaves a message partial (default true):
   * cheap against peers trickling big packets, but it adds up to 25 ms to a response that
   * arrives in two reads, which an HTTP proxy whose latency is measured must not.
   */
  readonly gatherSmallReads?: boolean;
}

/**
 * Default of {@link LiveHostOptions.connectTimeoutMs}: 127 s, when Linux gives up a SYN with
 * `tcp_syn_retries` = 6 (1 + 2 + 4 + … + 64 s, net/ipv4/tcp_timer.c). A machine with a
 * shorter bound of its own (Perlbal's 5 s) applies it itself, as on the simulator.
 */
export const connectTimeoutMsDefault = 127_000;

/** Default of {@link LiveHostOptions.writeBufferBytesMax}: 64 MiB, far above any healthy peer's backlog. */
export const writeBufferBytesMaxDefault = 64 * 1024 * 1024;
/** Default of {@link LiveHostOptions.replyBytesHighWater}: 1 MiB, a few socket buffers' worth. */
export const replyBytesHighWaterDefault = 1024 * 1024;
/**
 * Default of {@link LiveHostOptions.messagesPerTurnMax}. A load client keeps 16 jobs in
 * flight, so 32 rarely splits a healthy read; an admin `status` on a hub with thousands of
 * functions is a few hundred KB, so 32 of them stay far below `writeBufferBytesMax`.
 */
export const messagesPerTurnMaxDefault = 32;
/**
 * Reply bytes of one connection per turn past which its quota shrinks (and below which it
 * grows back): 64 KiB of replies is a few ms of a machine's work.
 */
const turnReplyBytesSoft = 64 * 1024;
/** A read this small that leaves a message partial makes the host wait {@link gatherMs} before reading again. */
const smallReadBytes = 4096;
/**
 * How long reading waits after such a read: the receive buffer gathers the next pieces, as
 * SO_RCVLOWAT would (Node cannot set it). Only trickling peers notice; a peer sending at
 * speed fills 64 KiB reads. A 1 MiB packet in 256-byte writes ~1 ms apart: 4 096 reads
 * without it, ~290 with it, and a sixth of the CPU.
 */
const gatherMs = 25;

type Events = TcpEvent | TcpMessagesEvent;
type TcpSendEffect = Extract<TcpEffect, { type: 'tcp.send' }>;

/**
 * Hosts one xstate machine on real sockets and the real clock, as `SimProcess` hosts it on
 * the simulator (DESIGN.md principle 2): socket events become the same `tcp.*` events, and
 * the machine's `tcp.*` effects become socket calls. Connections are numbered in accept
 * order. Messages read in one turn of the event loop reach the machine as one
 * `tcp.messages` event (when the machine handles it), and the replies of one event go out
 * as one write per socket, so a burst of small packets costs one machine event and one
 * write per connection.
 *
 * Flow control, as a server must have it: a connection's messages reach the machine at most
 * `messagesPerTurnMax` per turn, and once its unsent replies pass `replyBytesHighWater` the
 * host neither reads from it nor answers what it read until the peer drains them, so one
 * client's replies are bounded while they are produced, not checked after a whole read was
 * answered. Between turns the event loop runs: other clients, timers and signals are served.
 */
export class LiveHost<TMachine extends AnyActorLogic> {
  /** The machine's xstate Actor, or the direct host of a process's transition logic (as on the simulator). */
  private readonly actor: Pick<Actor<TMachine>, 'send'> & { stop(): void };
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly server: Server;
  private readonly connections = new Map<number, LiveConnection>();
  /** Outgoing connects not yet answered, so a stop can drop them. */
  private readonly connecting = new Map<Socket, NodeJS.Timeout>();
  private readonly batching: boolean;
  private readonly handlesStart: boolean;
  private readonly writeBufferBytesMax: number;
  private readonly replyBytesHighWater: number;
  private readonly messagesPerTurnMax: number;
  /**
   * Connections with messages in their inbox, in the order they first had some, each once
   * (its `queued` flag). A list emptied each turn before the machine runs (so what the turn
   * queues lands in it afresh), not a Set: a Set emptied every turn shrinks and regrows its
   * table each time (V8's SetShrink and SetGrow were 1.8 % of the hub's CPU under the perf load).
   */
  private readonly ready: LiveConnection[] = [];
  private turnScheduled = false;
  private nextConnId = 1;
  private acceptedCount = 0;
  private listening: Promise<void> | null = null;
  private stopped = false;

  constructor(machine: TMachine, input: InputFrom<TMachine>, private readonly options: LiveHostOptions<TMachine>) {
    const events = declaredEvents(machine);
    this.batching = events ? events.includes('tcp.messages') : (options.batchMessages ?? false);
    this.handlesStart = events === null || events.includes(processStartEvent.type);
    this.writeBufferBytesMax = options.writeBufferBytesMax ?? writeBufferBytesMaxDefault;
    this.replyBytesHighWater = options.replyBytesHighWater ?? replyBytesHighWaterDefault;
    this.messagesPerTurnMax = options.messagesPerTurnMax ?? messagesPerTurnMaxDefault;
    // allowHalfOpen: a peer's FIN is reported to the machine, which decides when to close.
    this.server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket));
    this.actor = processStepOf(machine) !== undefined
      ? new TransitionHost(machine, 'live', input, (effect) => this.carryOut(effect as { type: string }))
      : this.createActor(machine, input);
  }

  private createActor(machine: TMachine, input: InputFrom<TMachine>): Actor<TMachine> {
    const actor = createActor(machine, { input } as never) as Actor<TMachine>;
    actor.on('*', (effect: { type: string }) => this.carryOut(effect));
    actor.subscribe({ error: (error) => this.fail(error) });
    return actor;
  }

  /** Starts the machine; resolves once its listener is bound, with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    if (!(this.actor instanceof TransitionHost)) (this.actor as Actor<TMachine>).start();
    if (this.handlesStart) this.send(processStartEvent as EventFromLogic<TMachine>);
    if (!this.listening) throw new Error('live host: the machine did not ask to listen when it started');
    await this.listening;
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('live host: listener has no TCP address');
    return { host: address.address, port: address.port };
  }

  /** Connections accepted since the start: what a test counts to see how many a peer opened. */
  get accepted(): number {
    return this.acceptedCount;
  }

  /** Stops accepting, drops every connection, stops the machine. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const conn of this.connections.values()) {
      if (conn.gathering) clearTimeout(conn.gathering);
      conn.socket.destroy();
    }
    this.connections.clear();
    for (const [socket, timer] of this.connecting) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.connecting.clear();
    this.ready.length = 0;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.actor.stop();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.stopped) return void socket.destroy();
    this.acceptedCount += 1;
    const conn = this.adopt(socket, 'accepted');
    this.dispatch({ type: 'tcp.accepted', connId: conn.connId, localPort: socket.localPort ?? 0, remote: { ip: plainIp(socket.remoteAddress), port: socket.remotePort ?? 0 } });
  }

  /** Numbers a connection (accepted and connected ones share the sequence, as in the simulator) and wires its socket events. */
  private adopt(socket: Socket, side: ConnectionSide): LiveConnection {
    const connId = this.nextConnId++;
    const conn: LiveConnection = {
      connId, side, socket, decoder: this.options.codec.createDecoder(side), toldGone: false, pending: new ReplyBuffer(),
      inbox: [], queued: false, quota: 1, turnReplyBytes: 0, blocked: false, gathering: null, ended: false, farewell: null,
    };
    this.connections.set(connId, conn);
    socket.on('data', (chunk: Buffer) => this.read(conn, chunk));
    socket.on('end', () => {
      // A message delimited by the close (an HTTP response read to EOF) is whole now.
      if (!conn.farewell && conn.decoder.end) this.take(conn, conn.decoder.end());
      conn.ended = true;
      this.settle(conn);
    });
    socket.on('drain', () => {
      conn.blocked = false;
      this.settle(conn);
    });
    socket.on('close', () => {
      this.connections.delete(connId);
      // Left in the ready list, if it is there: a turn passes over an empty inbox.
      conn.inbox = [];
      conn.decoder.close?.();
      if (conn.gathering) clearTimeout(conn.gathering);
      this.gone(conn, { type: 'tcp.aborted', connId, errno: 'ECONNRESET' });
    });
    // A reset or a write to a dead peer: 'close' follows and reports it.
    socket.on('error', () => {});
    return conn;
  }

  /**
   * `tcp.connect` on the real kernel: `net.connect`, and the outcome comes back as the
   * simulator's events, `tcp.connected` with a new connection id or `tcp.connectFailed`
   * with the errno Linux gave (ECONNREFUSED, EADDRNOTAVAIL, ETIMEDOUT…). `bindFirst` binds
   * before connecting, as Node does when given a local address.
   */
  private connect(effect: Extract<TcpEffect, { type: 'tcp.connect' }>): void {
    const { tag } = effect;
    const socket = netConnect({
      host: effect.host, port: effect.port, allowHalfOpen: true, noDelay: true,
      ...(effect.bindFirst ? { localAddress: effect.host.includes(':') ? '::' : '0.0.0.0' } : {}),
    });
    const timer = setTimeout(() => fail('ETIMEDOUT'), this.options.connectTimeoutMs ?? connectTimeoutMsDefault);
    this.connecting.set(socket, timer);
    const fail = (errno: TcpErrno) => {
      if (!this.connecting.delete(socket)) return;
      clearTimeout(timer);
      socket.destroy();
      this.dispatch({ type: 'tcp.connectFailed', tag, errno });
    };
    socket.once('error', (error: NodeJS.ErrnoException) => fail(connectErrno(error.code)));
    socket.once('connect', () => {
      if (!this.connecting.delete(socket)) return;
      clearTimeout(timer);
      socket.removeAllListeners('error');
      const conn = this.adopt(socket, 'connected');
      this.dispatch({ type: 'tcp.connected', connId: conn.connId, tag, localPort: socket.localPort ?? 0 });
    });
  }

  /** Messages a decoder gave outside a read (at EOF, or released by a reply): into the inbox, an error ends the stream. */
  private take(conn: LiveConnection, result: WireDecodeResult | null): void {
    if (!result) return;
    // The decoder's list is new for each push: an empty inbox takes it as it is.
    if (conn.inbox.length === 0) conn.inbox = result.messages;
    else for (const message of result.messages) conn.inbox.push(message);
    if (result.error && !conn.farewell) conn.farewell = { lastWords: this.options.codec.farewell(result.error, conn.side) };
  }

  private read(conn: LiveConnection, chunk: Buffer): void {
    if (conn.toldGone || this.stopped || conn.farewell) return;
    const result = conn.decoder.push(chunk);
    this.take(conn, result);
    if (result.error) return this.settle(conn);
    if (this.options.gatherSmallReads !== false && chunk.length < smallReadBytes && conn.decoder.pendingBytes > 0) this.gather(conn);
    this.settle(conn);
  }

  private gather(conn: LiveConnection): void {
    conn.socket.pause();
    if (conn.gathering) clearTimeout(conn.gathering);
    conn.gathering = setTimeout(() => {
      conn.gathering = null;
      this.settle(conn);
    }, gatherMs);
  }

  /**
   * Decides what a connection waits for: its turn (messages in the inbox, replies not over
   * the mark), the peer (blocked: stop reading), or nothing (read on). Once the inbox is
   * empty, a FIN or a refusal is told to the machine, in order after the messages.
   */
  private settle(conn: LiveConnection): void {
    if (conn.toldGone) return;
    if (conn.inbox.length > 0 && !conn.blocked) this.scheduleTurn(conn);
    if (conn.inbox.length === 0 && conn.farewell) return this.refuse(conn, conn.farewell.lastWords);
    if (conn.inbox.length === 0 && conn.ended) return this.gone(conn, { type: 'tcp.peerClosed', connId: conn.connId });
    const waiting = conn.blocked || conn.gathering !== null || conn.inbox.length >= this.messagesPerTurnMax;
    if (waiting && !conn.socket.isPaused()) conn.socket.pause();
    else if (!waiting && conn.socket.isPaused() && !conn.socket.destroyed) conn.socket.resume();
  }

  private scheduleTurn(conn: LiveConnection): void {
    if (!conn.queued) {
      conn.queued = true;
      this.ready.push(conn);
    }
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => this.turn());
  }

  /** One turn: each ready connection's quota of messages, as one event when the machine batches. */
  private turn(): void {
    this.turnScheduled = false;
    const taken: LiveConnection[] = [];
    const entries: TcpMessageEntry[] = [];
    const ready = this.ready;
    for (let at = 0; at < ready.length; at++) {
      const conn = ready[at] as LiveConnection;
      conn.queued = false;
      // Closed since it was queued (its inbox dropped), gone, or waiting for 'drain'.
      if (conn.toldGone || conn.blocked || conn.inbox.length === 0) continue;
      const { inbox, connId } = conn;
      const count = Math.min(conn.quota, inbox.length);
      for (let index = 0; index < count; index++) entries.push({ connId, message: inbox[index] });
      // The usual case takes the whole inbox: empty it in place rather than splice a copy out.
      if (count === inbox.length) inbox.length = 0;
      else inbox.splice(0, count);
      conn.turnReplyBytes = 0;
      taken.push(conn);
    }
    ready.length = 0;
    if (this.batching) {
      if (entries.length > 0) this.dispatch({ type: 'tcp.messages', entries });
    } else {
      for (const entry of entries) this.dispatch({ type: 'tcp.message', ...entry });
    }
    for (const conn of taken) {
      conn.quota = nextQuota(conn.quota, conn.turnReplyBytes, this.messagesPerTurnMax);
      this.settle(conn);
    }
  }

  /**
   * A peer sent bytes that are not the protocol: after what it sent before them is
   * answered, it gets the codec's last words (an ERROR, say) and the connection is closed.
   * The machine hears an abort, as after a reset; other connections go on being served.
   */
  private refuse(conn: LiveConnection, lastWords: Buffer | null): void {
    if (lastWords) conn.socket.end(lastWords);
    else conn.socket.end();
    conn.socket.destroySoon();
    this.gone(conn, { type: 'tcp.aborted', connId: conn.connId, errno: 'ECONNRESET' });
  }

  private gone(conn: LiveConnection, event: Events): void {
    if (conn.toldGone) return;
    conn.toldGone = true;
    this.dispatch(event);
  }

  /** Connections written to during the current dispatch, each once. */
  private readonly touched: LiveConnection[] = [];

  /**
   * Sends one event to the machine, then writes what it produced: each connection's
   * replies joined into one write() (fewer syscalls and stream calls than a writev of many
   * small buffers; see ReplyBuffer).
   */
  private dispatch(event: Events): void {
    if (this.stopped) return;
    this.send(event as EventFromLogic<TMachine>);
    if (this.stopped) return;
    for (const conn of this.touched) {
      if (conn.socket.destroyed || !conn.socket.writable) {
        conn.pending.clear();
        continue;
      }
      conn.turnReplyBytes += conn.pending.writeTo(conn.socket);
      // Its 'close' reports the loss to the machine as an abort, like a reset.
      if (conn.socket.writableLength > this.writeBufferBytesMax) conn.socket.destroy();
      // Over the mark: wait for 'drain' (write() returned false, so it comes).
      else if (conn.socket.writableLength > this.replyBytesHighWater) conn.blocked = true;
    }
    this.touched.length = 0;
  }

  /** The direct host throws what the logic threw; an Actor reports it to its error observer. */
  private send(event: EventFromLogic<TMachine>): void {
    try {
      this.actor.send(event);
    } catch (error) {
      this.fail(error);
    }
  }

  private carryOut(effect: { type: string }): void {
    // Most effects are replies: checked first, before the string tests below.
    if (effect.type === 'tcp.send') return this.write((effect as TcpSendEffect).connId, (effect as TcpSendEffect).message);
    if (isTimerEffect(effect)) return this.carryOutTimer(effect);
    if (!effect.type.startsWith('tcp.')) return this.options.onEffect?.(effect as RecordOf<EmittedFrom<TMachine>>);
    const tcp = effect as TcpEffect;
    switch (tcp.type) {
      case 'tcp.listen':
        this.listening = this.listen(tcp.backlog);
        return;
      case 'tcp.send':
        return this.write(tcp.connId, tcp.message);
      case 'tcp.connect':
        return this.connect(tcp);
      case 'tcp.close':
      case 'tcp.shutdown':
        return this.close(tcp.connId, (socket) => socket.end());
      case 'tcp.reset':
        return this.close(tcp.connId, (socket) => socket.resetAndDestroy());
      default:
        // Accept pausing and abandoning connects: no live machine asks for them yet.
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
        this.dispatch(event as Events);
      }, effect.delayMs),
    );
  }

  private write(connId: number, message: unknown): void {
    const conn = this.connections.get(connId);
    // A connection already gone: like write() after ECONNRESET, nothing to do.
    if (!conn || conn.socket.destroyed || !conn.socket.writable) return;
    if (conn.pending.isEmpty) this.touched.push(conn);
    conn.pending.add(this.options.codec.encode(message));
    const released = conn.decoder.sent?.(message) ?? null;
    if (released && (released.messages.length > 0 || released.error)) {
      this.take(conn, released);
      // Settled after this dispatch: the machine is still handling the event that wrote.
      setImmediate(() => this.settle(conn));
    }
  }

  /** The machine closed a connection: what it had not read yet is dropped with it, as close(2) does. */
  private close(connId: number, how: (socket: Socket) => void): void {
    const conn = this.connections.get(connId);
    if (!conn) return;
    // Dropped from its turn too: a turn passes over an empty inbox.
    conn.inbox = [];
    // Replies of this dispatch go out before the FIN, as write() then close() on a socket.
    if (!conn.pending.isEmpty) {
      conn.pending.writeTo(conn.socket);
      const at = this.touched.indexOf(conn);
      if (at >= 0) this.touched.splice(at, 1);
    }
    how(conn.socket);
  }

  /** Binds with the machine's backlog (the kernel caps it at net.core.somaxconn, as for gearmand's listen()). */
  private listen(backlog: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.options.host, port: this.options.port, backlog }, () => {
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

/** Shrinks a connection's quota in proportion after a turn of large replies, doubles it back after small ones. */
function nextQuota(quota: number, replyBytes: number, quotaMax: number): number {
  if (replyBytes > turnReplyBytesSoft) return Math.max(1, Math.floor((quota * turnReplyBytesSoft) / replyBytes));
  return Math.min(quotaMax, quota * 2);
}

/** Node reports IPv4 peers of a dual-stack socket as `::ffff:a.b.c.d`; the machine wants `a.b.c.d`. */
function plainIp(address: string | undefined): string {
  if (address === undefined) return '0.0.0.0';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/** A connect's error as the contract's errno; what Linux reports for an unreachable peer otherwise. */
function connectErrno(code: string | undefined): TcpErrno {
  switch (code) {
    case 'ECONNREFUSED':
    case 'EADDRNOTAVAIL':
    case 'EADDRINUSE':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ECONNRESET':
      return code;
    case 'ENETUNREACH':
      return 'EHOSTUNREACH';
    default:
      // DNS failures (ENOTFOUND, EAI_AGAIN) and the rest: the peer cannot be reached.
      return 'EHOSTUNREACH';
  }
}
