import type { HttpRequest, HttpResponse } from '../http/httpMessage.js';
import { storageHttpPort, storageSidePort } from './device.js';
import type { SizeReply, SizeRequest } from './sideChannel.js';
import { sideChannelLifecycle, type SideChannelState } from './sideChannelLifecycle.js';
import type { TrackerOutbox } from './trackerEffect.js';

/** A size request on a side channel: sent once the channel is open (every call is, then), answered in order. */
interface SizeCall {
  readonly id: number;
  readonly path: string;
  readonly done: (sizeBytes: number | null) => void;
}

/** The one cached side-channel connection to a host; its state says where it is in its life (sideChannelLifecycle.ts). */
interface SideChannel {
  readonly host: string;
  readonly tag: number;
  state: SideChannelState;
  connId: number | null;
  readonly calls: SizeCall[];
}

/** One HTTP exchange on its own connection (the delete and replicate workers' requests). */
interface HttpCall {
  readonly id: number;
  readonly request: HttpRequest;
  readonly done: (response: HttpResponse | null) => void;
  connId: number | null;
  finished: boolean;
}

const timerOf = (id: number): string => `storage-${id}`;

/**
 * The tracker's own connections to storage nodes, as plain data. Side channel (7501): one
 * cached connection per host, opened on first need and reused; a lost one is forgotten and
 * opened again on the next need (MogileFS-Server lib/MogileFS/Connection/
 * Mogstored.pm keeps the socket until `mark_dead`). HTTP (7500): a connection per request,
 * as the delete worker has used since MogileFS 2010 ("remove socket caching for HTTP DELETE").
 * Every wait is bounded: `conn_timeout` to connect, `node_timeout` for the answer (both 2 s,
 * lib/MogileFS/Config.pm). A failure answers `null`: expected faults are data.
 */
export class StorageCalls {
  private readonly channels = new Map<string, SideChannel>();
  private readonly byTag = new Map<number, SideChannel | HttpCall>();
  private readonly byConn = new Map<number, SideChannel | HttpCall>();
  private readonly sizeCalls = new Map<number, { readonly channel: SideChannel; readonly call: SizeCall }>();
  private idLast = 0;

  constructor(
    private readonly out: TrackerOutbox,
    private readonly connTimeoutMs: number,
    private readonly nodeTimeoutMs: number,
  ) {}

  /** Side channels open or opening, for tests and reports. */
  get sideChannelsOpen(): number {
    return this.channels.size;
  }

  /** Asks `host`'s side channel the size of `path`; -1 means no such file, null a failure. */
  sizeOf(host: string, path: string, done: (sizeBytes: number | null) => void): void {
    let channel = this.channels.get(host);
    if (!channel) {
      channel = { host, tag: this.nextId(), state: sideChannelLifecycle.start(), connId: null, calls: [] };
      channel.state = sideChannelLifecycle.next(channel.state, 'connect');
      this.channels.set(host, channel);
      this.byTag.set(channel.tag, channel);
      this.out.emit({ type: 'tcp.connect', host, port: storageSidePort, tag: channel.tag });
      this.out.startTimer(timerOf(channel.tag), this.connTimeoutMs, { type: 'tracker.storageTimeout', id: channel.tag });
    }
    const call: SizeCall = { id: this.nextId(), path, done };
    channel.calls.push(call);
    this.sizeCalls.set(call.id, { channel, call });
    if (channel.state !== 'connecting') this.sendSize(channel, call);
  }

  /** One HTTP request to `host`:7500 on a new connection; `null` when it could not be done. */
  http(host: string, request: HttpRequest, done: (response: HttpResponse | null) => void): void {
    const call: HttpCall = { id: this.nextId(), request, done, connId: null, finished: false };
    this.byTag.set(call.id, call);
    this.out.emit({ type: 'tcp.connect', host, port: storageHttpPort, tag: call.id });
    this.out.startTimer(timerOf(call.id), this.connTimeoutMs, { type: 'tracker.storageTimeout', id: call.id });
  }

  /** A connect of ours is open: send what waits on it (every connect of the tracker is ours). */
  connected(tag: number, connId: number): void {
    const owner = this.byTag.get(tag);
    this.byTag.delete(tag);
    if (!owner) {
      // It connected after its timeout gave up on it: nobody wants it any more.
      this.out.close(connId);
      return;
    }
    this.byConn.set(connId, owner);
    owner.connId = connId;
    if ('calls' in owner) {
      this.out.cancelTimer(timerOf(owner.tag));
      owner.state = sideChannelLifecycle.next(owner.state, 'connected');
      for (const call of owner.calls) this.sendSize(owner, call);
      return;
    }
    this.out.cancelTimer(timerOf(owner.id));
    this.out.send(connId, owner.request);
    this.out.startTimer(timerOf(owner.id), this.nodeTimeoutMs, { type: 'tracker.storageTimeout', id: owner.id });
  }

  connectFailed(tag: number): void {
    const owner = this.byTag.get(tag);
    this.byTag.delete(tag);
    if (!owner) return;
    if ('calls' in owner) {
      this.out.cancelTimer(timerOf(owner.tag));
      this.forget(owner);
    } else {
      this.out.cancelTimer(timerOf(owner.id));
      this.finish(owner, null);
    }
  }

  /** A message on one of our connections; false when the connection is not ours. */
  message(connId: number, message: unknown): boolean {
    const owner = this.byConn.get(connId);
    if (!owner) return false;
    if ('calls' in owner) {
      const reply = message as SizeReply;
      const index = owner.calls.findIndex((call) => call.path === reply.path);
      const call = owner.calls[index];
      if (call) {
        owner.calls.splice(index, 1);
        this.sizeCalls.delete(call.id);
        this.out.cancelTimer(timerOf(call.id));
        // Every call is sent once the socket is open: none left means none unanswered.
        if (owner.calls.length === 0) owner.state = sideChannelLifecycle.next(owner.state, 'size.answered');
        call.done(reply.sizeBytes);
      }
    } else if (!owner.finished) {
      this.out.cancelTimer(timerOf(owner.id));
      this.finish(owner, message as HttpResponse);
    }
    return true;
  }

  /** The peer closed (FIN) or the connection is gone (RST, timeout); false when not ours. */
  closed(connId: number, byPeer: boolean): boolean {
    const owner = this.byConn.get(connId);
    if (!owner) return false;
    this.byConn.delete(connId);
    // mogstored closes an HTTP/1.0 connection after its answer: we close on its FIN, passively.
    if (byPeer) this.out.close(connId);
    if ('calls' in owner) {
      if (this.channels.get(owner.host) === owner) this.forget(owner);
    } else if (!owner.finished) {
      this.out.cancelTimer(timerOf(owner.id));
      this.finish(owner, null);
    }
    return true;
  }

  /** A connect or an answer took too long. */
  timeout(id: number): void {
    const owner = this.byTag.get(id);
    if (owner && 'calls' in owner) {
      // The connect to the side channel timed out: the host is taken as down for this call.
      this.byTag.delete(id);
      this.forget(owner);
      return;
    }
    const size = this.sizeCalls.get(id);
    if (size) {
      // No answer within node_timeout: the tracker drops the cached socket (`mark_dead`,
      // and HTTPFile.pm closes it) and the next need opens a new one.
      if (size.channel.connId !== null) {
        this.byConn.delete(size.channel.connId);
        this.out.close(size.channel.connId);
      }
      this.forget(size.channel);
      return;
    }
    if (owner) {
      this.byTag.delete(id);
      this.finish(owner as HttpCall, null);
      return;
    }
    for (const [connId, call] of this.byConn) {
      if ('calls' in call || call.id !== id || call.finished) continue;
      this.byConn.delete(connId);
      this.out.close(connId);
      this.finish(call, null);
      return;
    }
  }

  private sendSize(channel: SideChannel, call: SizeCall): void {
    channel.state = sideChannelLifecycle.next(channel.state, 'size.asked');
    const request: SizeRequest = { kind: 'sizeRequest', path: call.path };
    this.out.send(channel.connId as number, request);
    this.out.startTimer(timerOf(call.id), this.nodeTimeoutMs, { type: 'tracker.storageTimeout', id: call.id });
  }

  /** Drops a side channel and fails every call waiting on it. */
  private forget(channel: SideChannel): void {
    // Its calls went out once it connected: only those wait on a node_timeout.
    const sent = channel.state !== 'connecting';
    channel.state = sideChannelLifecycle.next(channel.state, 'socket.lost');
    if (this.channels.get(channel.host) === channel) this.channels.delete(channel.host);
    const calls = channel.calls.splice(0);
    for (const call of calls) {
      this.sizeCalls.delete(call.id);
      if (sent) this.out.cancelTimer(timerOf(call.id));
    }
    for (const call of calls) call.done(null);
  }

  private finish(call: HttpCall, response: HttpResponse | null): void {
    call.finished = true;
    call.done(response);
  }

  private nextId(): number {
    this.idLast += 1;
    return this.idLast;
  }
}
