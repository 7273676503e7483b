import type { Kernel, TraceName } from '../kernel/kernel.js';
import type { Host, Listener } from './host.js';
import { formatIpv4 } from './ipv4.js';
import type { Network } from './network.js';
import type { ConnectPortResult, Endpoint } from './portTable.js';
import { Socket, type ArrivalPayload, type DataSegment, type Segment, type SocketOwner } from './socket.js';
import type { TcpErrno, TcpEvent } from '../contract/tcpEvent.js';
import type { SliceTrack } from '../kernel/sliceLog.js';

const usPerMs = 1_000;

/** The kernel's handler for an event told to a socket's owner later (connect() failing at once is told as its own event). */
function tellOwner(owner: SocketOwner, event: TcpEvent): void {
  if (owner.running) owner.receive(event);
}

/** The kernel's handler for a SYN reaching the listening host: the attempt rides on the socket. */
function arriveSyn(tcp: Tcp, client: Socket): void {
  tcp.synArrived(client);
}

/** The kernel's handler for a SYN-ACK reaching the connecting side (its peer was set when the SYN was taken). */
function arriveSynAck(tcp: Tcp, client: Socket): void {
  tcp.synAckArrived(client);
}

/** The FIN is shared by every connection: nothing mutates a segment once sent. */
const finSegment: Segment = { type: 'fin' };

type TraceKind =
  | 'data' | 'fin' | 'rst' | 'syn' | 'synAck' | 'connectFailed' | 'synTimer' | 'retransmit' | 'finTimeout';

/**
 * TCP at the level of connections (DESIGN.md "Network contracts"): a SYN round trip opens
 * a connection (refused when nothing listens, retransmitted when lost), messages arrive in
 * order, each side closes with a FIN, the side that closed first holds TIME_WAIT in its
 * port table, an RST ends both sides at once. Segments on a cut path or to a down host are
 * retransmitted with exponential backoff until the path heals or the retries run out.
 *
 * Simplification, stated so nobody relies on it: a path's fate is decided when a segment
 * is sent (cut, lost or delayed), and ACKs are not modeled apart from the final FIN's.
 */
export class Tcp {
  private connIdNext = 1;
  /** Dotted forms of addresses, made once each. */
  private readonly addressTexts = new Map<number, string>();
  private readonly names: Record<TraceKind, TraceName>;
  /**
   * The kernel's handler for segment arrivals, made once per Tcp: an arrival event carries
   * the sending socket and its payload, no closure or record of its own per segment.
   */
  private readonly onArrival = (from: Socket, payload: ArrivalPayload): void => this.deliver(from, payload);

  constructor(private readonly kernel: Kernel, private readonly network: Network) {
    const name = (text: string): TraceName => kernel.name(text);
    this.names = {
      syn: name('tcp.syn'), synAck: name('tcp.synAck'), data: name('tcp.data'), fin: name('tcp.fin'),
      rst: name('tcp.rst'), connectFailed: name('tcp.connectFailed'),
      synTimer: name('tcp.synRetransmit'), retransmit: name('tcp.retransmit'), finTimeout: name('tcp.finTimeout'),
    };
  }

  /** Connection ids start over, as in a network just built (Network.reset). */
  restartIds(): void {
    this.connIdNext = 1;
  }

  /** Starts listening; false when another listener holds the port. */
  listen(host: Host, owner: SocketOwner, port: number, backlog: number): boolean {
    if (host.listeners.has(port) || !host.ports.bindPort(port)) return false;
    host.listeners.set(port, { port, owner, backlog, paused: false, waiting: [] });
    return true;
  }

  /**
   * Closes a listener (its process exited): the port is free to listen on again, and
   * connections still waiting in its backlog, never accepted, are reset.
   */
  unlisten(host: Host, port: number): void {
    const listener = host.listeners.get(port);
    if (!listener) return;
    host.listeners.delete(port);
    host.ports.unlistenPort(port);
    for (const socket of listener.waiting) if (socket.state !== 'closed') this.reset(socket);
  }

  setAcceptPaused(host: Host, port: number, paused: boolean): void {
    const listener = host.listeners.get(port);
    if (!listener) return;
    listener.paused = paused;
    while (!listener.paused && listener.waiting.length > 0) {
      const socket = listener.waiting.shift() as Socket;
      if (socket.state !== 'closed') this.tell(socket, this.acceptedEvent(socket));
    }
  }

  /**
   * connect(): picks a local port by Linux's rules and sends a SYN. The owner hears
   * `tcp.connected` or `tcp.connectFailed` with `tag`. Returns the socket, or null when no
   * port could be had (EADDRNOTAVAIL / EADDRINUSE, reported to the owner as an event now).
   */
  connect(host: Host, owner: SocketOwner, remote: Endpoint, tag: number, bindFirst = false): Socket | null {
    const nowUs = this.kernel.nowUs;
    host.counters.connectsAttempted++;
    let result: ConnectPortResult;
    if (bindFirst) {
      const bound = host.ports.bindAny(nowUs);
      result = bound === 'EADDRINUSE' ? { ok: false, errno: bound } : host.ports.connectBound(nowUs, host.ip, bound, remote);
      if (bound !== 'EADDRINUSE' && !result.ok) host.ports.unbindPort(bound);
    } else {
      result = host.ports.connect(nowUs, host.ip, remote);
    }
    if (!result.ok) {
      const errno = result.errno;
      host.countError(errno);
      this.kernel.call(nowUs, owner.traceName, this.names.connectFailed, tag, tellOwner, owner, { type: 'tcp.connectFailed', tag, errno } as TcpEvent);
      return null;
    }
    const socket = new Socket(this.connIdNext++, host, owner, result.port, remote, true, tag, nowUs);
    socket.boundFirst = bindFirst;
    socket.tupleHandle = result.handle;
    host.sockets.set(socket.connId, socket);
    this.traceOpen(socket, 0);
    this.sendSyn(socket, 0);
    return socket;
  }

  send(socket: Socket, message: unknown): boolean {
    if (socket.state !== 'established' && socket.state !== 'closeWait') return false;
    // The segment is the event the peer will be told: one object per message from write() to read().
    const segment: DataSegment = { type: 'tcp.message', connId: (socket.peer as Socket).connId, message };
    this.transmit(socket, segment);
    return true;
  }

  /** close(): the side that closes first ends in TIME_WAIT once the peer's FIN arrives. */
  close(socket: Socket): void {
    socket.closedByApp = true;
    switch (socket.state) {
      case 'synSent':
        this.release(socket, false);
        return;
      case 'established':
        // The peer's FIN arrives at this very instant, right behind the data the application
        // just read (a server that writes and closes at once): the kernel has taken it before
        // close() runs, so this side closes second and keeps no TIME_WAIT.
        socket.state = this.peerFinArrivesNow(socket) ? 'lastAck' : 'finWait';
        this.transmit(socket, finSegment);
        return;
      case 'closeWait':
        socket.state = 'lastAck';
        this.transmit(socket, finSegment);
        return;
      default:
        return;
    }
  }

  /** Whether the peer's FIN is in flight and due now (its event queued at this instant). */
  private peerFinArrivesNow(socket: Socket): boolean {
    const peer = socket.peer;
    return peer !== null && peer.state === 'finWait' && peer.retransmitQueue === null && peer.lastArrivalUs <= this.kernel.nowUs;
  }

  /** shutdown(SHUT_WR): sends FIN but keeps receiving. */
  shutdown(socket: Socket): void {
    if (socket.state === 'established') {
      socket.state = 'finWait';
      this.transmit(socket, finSegment);
    } else if (socket.state === 'closeWait') {
      socket.state = 'lastAck';
      this.transmit(socket, finSegment);
    }
  }

  /** close() with SO_LINGER {on, 0}: RST to the peer, no TIME_WAIT here. */
  reset(socket: Socket): void {
    if (socket.state === 'closed') return;
    socket.closedByApp = true;
    const hadPeer = socket.state !== 'synSent';
    this.release(socket, false);
    if (hadPeer) this.sendRst(socket.host, socket.remote, socket);
  }

  private sendSyn(socket: Socket, attempt: number): void {
    socket.synSentUs = this.kernel.nowUs;
    const to = this.network.hostByIp(socket.remote.ip);
    const delayUs = to && this.network.reachable(socket.host, to) ? this.network.transitUs(socket.host, to) : -1;
    if (to && delayUs >= 0) {
      socket.synAttempt = attempt;
      socket.timer = this.kernel.call(this.kernel.nowUs + delayUs, to.traceName, this.names.syn, socket.connId, arriveSyn, this, socket);
      return;
    }
    this.scheduleSynRetry(socket, attempt);
  }

  /**
   * A SYN that got no answer is sent again 1 s, 2 s, 4 s … after the previous one was sent
   * (not after it was lost); after `synRetries` the connect times out, at 127 s by default.
   */
  private scheduleSynRetry(socket: Socket, attempt: number): void {
    const { synRetries, synRtoInitialMs } = socket.host.settings;
    const retryAtUs = Math.max(this.kernel.nowUs, socket.synSentUs + synRtoInitialMs * usPerMs * 2 ** attempt);
    socket.timer = this.kernel.at(retryAtUs, socket.owner.traceName, this.names.synTimer, socket.connId, () => {
      if (socket.state !== 'synSent') return;
      if (attempt >= synRetries) {
        this.failConnect(socket, 'ETIMEDOUT');
        return;
      }
      this.sendSyn(socket, attempt + 1);
    });
  }

  /** A SYN reached the host it was sent to (called by the kernel through `arriveSyn`). */
  synArrived(client: Socket): void {
    const host = this.network.hostByIp(client.remote.ip) as Host;
    this.onSyn(client, host, client.synAttempt);
  }

  private onSyn(client: Socket, host: Host, attempt: number): void {
    if (client.state !== 'synSent') return; // the connecting side gave up meanwhile
    // The answer (SYN-ACK or RST) is decided now; a lost answer looks like a lost SYN.
    const answerUs = host.up && this.network.reachable(host, client.host) ? this.network.transitUs(host, client.host) : -1;
    const listener = host.listeners.get(client.remote.port);
    if (answerUs < 0) {
      this.scheduleSynRetry(client, attempt);
      return;
    }
    if (!listener) {
      this.answerRefused(client, host, answerUs);
      return;
    }
    // Linux drops the SYN when the accept queue already holds more than `backlog`
    // connections (sk_acceptq_is_full: ack_backlog > max_ack_backlog), so N + 1 fit.
    if (listener.waiting.length > listener.backlog) {
      host.counters.synsDropped++;
      this.scheduleSynRetry(client, attempt);
      return;
    }
    const remote: Endpoint = { ip: client.host.ip, port: client.localPort };
    const handle = host.ports.accept(this.kernel.nowUs, client.remote.port, remote);
    if (handle < 0) {
      this.scheduleSynRetry(client, attempt); // an old connection still holds the 4-tuple
      return;
    }
    this.openServerSide(client, host, listener, remote, answerUs).tupleHandle = handle;
  }

  private openServerSide(client: Socket, host: Host, listener: Listener, remote: Endpoint, synAckUs: number): Socket {
    const server = new Socket(this.connIdNext++, host, listener.owner, listener.port, remote, false, 0, this.kernel.nowUs);
    server.state = 'established';
    server.peer = client;
    client.peer = server;
    host.sockets.set(server.connId, server);
    this.traceOpen(server, client.flowId);
    server.lastArrivalUs = this.kernel.nowUs + synAckUs;
    this.kernel.call(this.kernel.nowUs + synAckUs, client.host.traceName, this.names.synAck, client.connId, arriveSynAck, this, client);
    if (listener.paused) listener.waiting.push(server);
    else this.tell(server, this.acceptedEvent(server));
    return server;
  }

  /** A SYN-ACK reached the connecting side (called by the kernel through `arriveSynAck`). */
  synAckArrived(client: Socket): void {
    this.onSynAck(client, client.peer as Socket);
  }

  private onSynAck(client: Socket, server: Socket): void {
    if (client.state !== 'synSent') {
      // The client gave up (closed, crashed) while the SYN-ACK travelled: it answers RST.
      if (server.state !== 'closed') this.sendRst(client.host, { ip: server.host.ip, port: server.localPort }, null, server);
      return;
    }
    client.state = 'established';
    client.host.counters.connectsOpened++;
    this.tell(client, { type: 'tcp.connected', connId: client.connId, tag: client.tag, localPort: client.localPort });
  }

  private answerRefused(client: Socket, host: Host, rstUs: number): void {
    host.counters.resetsSent++;
    this.kernel.after(rstUs, client.host.traceName, this.names.rst, client.connId, () => {
      if (client.state === 'synSent') this.failConnect(client, 'ECONNREFUSED');
    });
  }

  private failConnect(socket: Socket, errno: TcpErrno): void {
    socket.host.countError(errno);
    this.release(socket, false);
    if (socket.owner.running) socket.owner.receive({ type: 'tcp.connectFailed', tag: socket.tag, errno });
  }

  /** Sends a segment in order behind earlier ones; a cut path queues it for retransmission. */
  private transmit(from: Socket, segment: Segment): void {
    if (from.retransmitQueue) {
      from.retransmitQueue.push(segment);
      return;
    }
    if (!this.tryTransmit(from, segment)) this.startRetransmit(from, [segment]);
  }

  /** Sends now if the path lets this segment through; false when it is cut or the segment lost. */
  private tryTransmit(from: Socket, segment: Segment): boolean {
    const peer = from.peer;
    if (!peer) return false;
    const path = (from.pathOut ??= this.network.path(from.host, peer.host));
    const delayUs = this.network.open(path) ? this.network.transitOnUs(path) : -1;
    if (delayUs < 0) return false;
    this.schedule(from, peer, segment, delayUs);
    return true;
  }

  private schedule(from: Socket, to: Socket, segment: Segment, delayUs: number): void {
    const nowUs = this.kernel.nowUs;
    // A FIN closing right after a write rides in the same segment as the last data, so it
    // arrives with it rather than after its own transit time.
    const piggybacked = segment.type === 'fin' && from.lastSentUs === nowUs;
    const arrivalUs = piggybacked ? from.lastArrivalUs : Math.max(nowUs + delayUs, from.lastArrivalUs);
    from.lastArrivalUs = arrivalUs;
    from.lastSentUs = nowUs;
    const incarnation = to.host.incarnation;
    const pending = from.arriving;
    // The pending arrival goes to the same socket: all of a socket's segments go to its peer.
    if (pending !== null && pending.timeUs === arrivalUs && from.arrivingIncarnation === incarnation) {
      // Due at the same instant as the segment still in flight ahead of it: the peer takes
      // both in one step, in order, rather than in two kernel events.
      const joined = pending.second as ArrivalPayload;
      if (Array.isArray(joined)) joined.push(segment);
      else pending.second = [joined, segment];
      return;
    }
    from.arriving = this.kernel.call(arrivalUs, to.owner.traceName, this.segmentName(segment), to.connId, this.onArrival, from, segment as ArrivalPayload);
    from.arrivingIncarnation = incarnation;
  }

  /**
   * The trace name of a segment's arrival. Read by comparing kinds rather than as
   * `names[segment.kind]`: a load keyed by a varying string went through V8's megamorphic
   * keyed-load stub on every segment (perf: 0.5 % of an ephemeral-ports run).
   */
  private segmentName(segment: Segment): TraceName {
    const names = this.names;
    return segment.type === 'tcp.message' ? names.data : names.fin;
  }

  /**
   * Delivers an arrival's segments in order (called by the kernel through `onArrival`).
   * The arrival stops being the one later segments may join: its payload is its own (each
   * data segment is a new object, a batch a new array, and a socket has one FIN in flight
   * at most; a retransmission sends a segment object again, but only after the arrival that
   * carried it has run), so comparing payloads tells whether it is that one.
   */
  private deliver(from: Socket, payload: ArrivalPayload): void {
    const to = from.peer as Socket;
    const pending = from.arriving;
    if (pending !== null && pending.second === payload) from.arriving = null;
    if (!Array.isArray(payload)) {
      this.arrive(from, to, payload);
      return;
    }
    for (let i = 0; i < payload.length; i++) this.arrive(from, to, payload[i] as Segment);
  }

  /** Backoff from the minimum RTO, doubling per retransmission without progress, capped. */
  private startRetransmit(from: Socket, segments: Segment[]): void {
    from.retransmitQueue = segments;
    const { rtoMinMs, rtoMaxMs } = from.host.settings;
    const backoffUs = Math.min(rtoMinMs * usPerMs * 2 ** from.retransmitCount, rtoMaxMs * usPerMs);
    from.retransmitTimer = this.kernel.after(backoffUs, from.owner.traceName, this.names.retransmit, from.connId, () =>
      this.retransmit(from),
    );
  }

  /**
   * Resends the queue head first, in order. Any segment that gets through counts as
   * progress and resets the backoff, as an ACK of new data does on Linux; only rounds
   * without progress count toward `dataRetries`.
   */
  private retransmit(from: Socket): void {
    const queue = from.retransmitQueue;
    from.retransmitQueue = null;
    from.retransmitTimer = null;
    if (!queue || from.state === 'closed') return;
    let sent = 0;
    while (sent < queue.length && this.tryTransmit(from, queue[sent] as Segment)) sent++;
    if (sent === queue.length) {
      from.retransmitCount = 0;
      return;
    }
    from.retransmitCount = sent > 0 ? 0 : from.retransmitCount + 1;
    if (from.retransmitCount > from.host.settings.dataRetries) {
      this.abort(from, 'ETIMEDOUT');
      return;
    }
    this.startRetransmit(from, queue.slice(sent));
  }

  private arrive(from: Socket, to: Socket, segment: Segment): void {
    if (!to.host.up) {
      // Lost with the host: the sender will retransmit it, in order, if it is still there.
      if (from.state !== 'closed') {
        if (from.retransmitQueue) from.retransmitQueue.push(segment);
        else this.startRetransmit(from, [segment]);
      }
      return;
    }
    // No socket for this 4-tuple any more: the host answers RST. A crash of the receiver's
    // host since the send closed the receiver too (Host.crash closes every socket it
    // holds), so a closed receiver is also the test for a segment meant for an earlier
    // incarnation of its host.
    if (to.state === 'closed') {
      if (from.state !== 'closed') this.sendRst(to.host, to.remote, null, from);
      return;
    }
    if (segment.type === 'tcp.message') this.onData(to, segment);
    else this.onFin(from, to);
  }

  private onData(to: Socket, segment: DataSegment): void {
    if (to.closedByApp) {
      // Data for a socket the application closed: Linux answers RST and drops the socket.
      this.release(to, false);
      this.sendRst(to.host, to.remote, to);
      return;
    }
    this.tell(to, segment);
  }

  private onFin(from: Socket, to: Socket): void {
    if (to.state === 'established') {
      to.state = 'closeWait';
      this.tell(to, { type: 'tcp.peerClosed', connId: to.connId });
      // The peer closed fully and we did not close in reply: its FIN_WAIT_2 is orphaned.
      if (to.state === 'closeWait' && from.closedByApp) this.armFinTimeout(from);
      return;
    }
    if (to.state === 'finWait') {
      // Both FINs are out: this side closed first (or at the same time) and keeps TIME_WAIT.
      if (to.timer) this.kernel.cancel(to.timer);
      const peerOpen = !to.closedByApp;
      this.release(to, true);
      if (peerOpen) this.tell(to, { type: 'tcp.peerClosed', connId: to.connId });
      this.transmitAck(to, from);
    }
  }

  /**
   * The last ACK of a close: the passive closer's socket ends when it arrives. Nothing can
   * reach that socket meanwhile (its peer is in TIME_WAIT and sends nothing more; its
   * application closed it already), so it leaves its host now and only its port-table
   * tuple stays held until the ACK's arrival, when the table frees it lazily: the port is
   * free at the same instant as when the ACK was an event of its own, which cost an event
   * per connection.
   */
  private transmitAck(to: Socket, from: Socket): void {
    if (from.state !== 'lastAck') return;
    const delayUs = this.network.reachable(to.host, from.host) ? this.network.transitUs(to.host, from.host) : -1;
    if (delayUs < 0) {
      // The ACK was lost: the passive closer gives up after its FIN retransmissions; model
      // that as the orphan timeout rather than a FIN resend cycle.
      this.armFinTimeout(from);
      return;
    }
    const arrivalUs = Math.max(this.kernel.nowUs + delayUs, to.lastArrivalUs);
    this.releaseAt(from, arrivalUs);
  }

  private armFinTimeout(socket: Socket): void {
    if (socket.timer) this.kernel.cancel(socket.timer);
    const timeoutUs = socket.host.settings.finTimeoutMs * usPerMs;
    const incarnation = socket.host.incarnation;
    socket.timer = this.kernel.after(timeoutUs, socket.owner.traceName, this.names.finTimeout, socket.connId, () => {
      if (socket.host.incarnation === incarnation && socket.state !== 'closed') this.release(socket, false);
    });
  }

  /** Sends an RST from `host` toward `remote`; `target` is the socket it will hit, if known. */
  private sendRst(host: Host, remote: Endpoint, source: Socket | null, target: Socket | null = source?.peer ?? null): void {
    host.counters.resetsSent++;
    const to = this.network.hostByIp(remote.ip);
    if (!to || !target || !this.network.reachable(host, to)) return; // RSTs are not retransmitted
    const delayUs = this.network.transitUs(host, to);
    if (delayUs < 0) return;
    const incarnation = to.incarnation;
    this.kernel.after(delayUs, target.owner.traceName, this.names.rst, target.connId, () => {
      if (to.incarnation === incarnation) this.abort(target, 'ECONNRESET');
    });
  }

  /** The connection is gone without a close: RST received or retransmissions exhausted. */
  private abort(socket: Socket, errno: TcpErrno): void {
    if (socket.state === 'closed') return;
    const wasConnecting = socket.state === 'synSent';
    const toldApp = !socket.closedByApp;
    this.release(socket, false);
    if (!toldApp) return;
    if (wasConnecting) this.failConnectEvent(socket, errno);
    else this.tell(socket, { type: 'tcp.aborted', connId: socket.connId, errno });
  }

  private failConnectEvent(socket: Socket, errno: TcpErrno): void {
    socket.host.countError(errno);
    if (socket.owner.running) socket.owner.receive({ type: 'tcp.connectFailed', tag: socket.tag, errno });
  }

  private release(socket: Socket, timeWait: boolean): void {
    if (!this.forget(socket)) return;
    const timeWaitEndUs = socket.host.ports.releaseHandle(this.kernel.nowUs, socket.tupleHandle, timeWait);
    this.traceClose(socket, this.kernel.nowUs, timeWaitEndUs);
  }

  /** {@link release} without TIME_WAIT of a socket whose tuple stays held until `closeUs`. */
  private releaseAt(socket: Socket, closeUs: number): void {
    if (!this.forget(socket)) return;
    socket.host.ports.releaseHandleAt(closeUs, socket.tupleHandle);
    this.traceClose(socket, closeUs, -1);
  }

  /** Closes the socket and takes it off its host; false when it was closed already. */
  private forget(socket: Socket): boolean {
    if (socket.state === 'closed') return false;
    socket.state = 'closed';
    if (socket.timer) this.kernel.cancel(socket.timer);
    if (socket.retransmitTimer) this.kernel.cancel(socket.retransmitTimer);
    socket.retransmitQueue = null;
    socket.host.sockets.delete(socket.connId);
    return true;
  }

  /**
   * A traced run draws the connection as a slice on its process's track from connect() (or
   * the SYN's arrival, on the accepting side) to release; the connecting side starts a flow
   * the accepting side ends (`acceptFlow`), so Perfetto draws the hop as an arrow.
   */
  private traceOpen(socket: Socket, acceptFlow: number): void {
    const slices = this.kernel.traceLog?.slices;
    if (!slices) return;
    if (socket.active) socket.flowId = slices.newFlow();
    const flows = socket.active ? { out: socket.flowId } : { in: acceptFlow };
    socket.sliceIndex = slices.open(this.trackOf(socket), 'connection', this.kernel.nowUs, flows);
  }

  /** Ends the connection's slice; a TIME_WAIT it left is a slice of its own until its entry ends. */
  private traceClose(socket: Socket, closeUs: number, timeWaitEndUs: number): void {
    const slices = this.kernel.traceLog?.slices;
    if (!slices) return;
    slices.close(socket.sliceIndex, closeUs);
    if (timeWaitEndUs >= 0) slices.add(this.trackOf(socket), 'TIME_WAIT', closeUs, timeWaitEndUs);
  }

  private trackOf(socket: Socket): SliceTrack {
    return { host: socket.host.name, process: socket.owner.traceName.text };
  }

  private acceptedEvent(socket: Socket): TcpEvent {
    let ip = this.addressTexts.get(socket.remote.ip);
    if (ip === undefined) {
      ip = formatIpv4(socket.remote.ip);
      this.addressTexts.set(socket.remote.ip, ip);
    }
    return { type: 'tcp.accepted', connId: socket.connId, localPort: socket.localPort, remote: { ip, port: socket.remote.port } };
  }

  private tell(socket: Socket, event: TcpEvent): void {
    if (socket.owner.running) socket.owner.receive(event);
  }
}

