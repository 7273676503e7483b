import { Outbox } from '../../contract/outbox.js';
import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import { storageHttpPort, storageSidePort } from './device.js';
import { isSizeRequest, type SizeReply } from './sideChannel.js';

/** Input of {@link storageNodeMachine}; every field is optional (defaults in {@link storageNodeDefaults}). */
export interface StorageNodeInput {
  /** Files the node holds at start, path (`/dev<N>/<fid>.fid`) → size. Default none. */
  readonly files?: Readonly<Record<string, number>>;
  /** HTTP port: mogstored's is 7500. */
  readonly httpPort?: number;
  /** Side-channel port: 7501; 0 for none (a live node serving HTTP only). */
  readonly sidePort?: number;
  /** Listen backlog per port. */
  readonly backlog?: number;
  /**
   * Close a connection that is not kept alive right after the response (mogstored, a
   * Perlbal, does: the node closes first and keeps the TIME_WAIT). `false` waits for the
   * client's FIN instead, so the client closes first.
   */
  readonly closeAfterResponse?: boolean;
  /** The files' bytes, on real sockets; without it responses carry sizes only. */
  readonly store?: FileStore;
}

/**
 * Where file bytes live, for a node on real sockets (sim/live): the file table keeps the
 * sizes and decides every answer, the store only holds the bytes. The simulator has none.
 */
export interface FileStore {
  read(path: string): Uint8Array | undefined;
  write(path: string, bytes: Uint8Array): void;
  remove(path: string): void;
}

export type StorageNodeSettings = Required<Omit<StorageNodeInput, 'files' | 'store'>>;

export const storageNodeDefaults: StorageNodeSettings = {
  httpPort: storageHttpPort,
  sidePort: storageSidePort,
  // Linux's default somaxconn of the time, which a listen() asking for more is capped at.
  backlog: 128,
  closeAfterResponse: true,
};

/** What mogstored emits: TCP effects only (no timers, no records). */
export type StorageNodeEffect = ProcessEffect<never, never>;

/** mogstored as plain data: its one file table, mutated in place, and its outbox. */
interface StorageNodeState {
  /** Path → size in bytes: plain data, nothing copied per request. */
  readonly files: Map<string, number>;
  readonly settings: StorageNodeSettings;
  readonly out: Outbox<never, never>;
  readonly store: FileStore | undefined;
}

/** Paths mogstored stores under: a device directory and a fid file (`/dev<N>/<fid>.fid`). */
const fidPathPattern = /^\/dev\d+\/.+\.fid$/;

/**
 * A reply to `request` (hoisted out of answerHttp: tsx keeps function names, so a closure
 * made per request costs a defineProperty each time).
 */
function httpReply(request: HttpRequest, status: number, sizeBytes: number, bodyBytes: number): HttpResponse {
  const headers: Record<string, string> = { 'content-length': String(sizeBytes) };
  const connection = connectionEcho(request);
  if (connection) headers['connection'] = connection;
  return { kind: 'httpResponse', status, version: request.version, headers, bodyBytes };
}

/** Answers one HTTP request against the file table, changing it for PUT and DELETE. */
export function answerHttp(files: Map<string, number>, request: HttpRequest, store?: FileStore): HttpResponse {
  const sizeBytes = files.get(request.path);
  switch (request.method) {
    case 'GET': {
      if (sizeBytes === undefined) return httpReply(request, 404, 0, 0);
      const body = store?.read(request.path);
      return body ? { ...httpReply(request, 200, body.length, body.length), body } : httpReply(request, 200, sizeBytes, sizeBytes);
    }
    case 'HEAD':
      return sizeBytes === undefined ? httpReply(request, 404, 0, 0) : httpReply(request, 200, sizeBytes, 0);
    case 'PUT':
      // Perlbal writes the body to the path as given; mogstored only serves fid files.
      if (!fidPathPattern.test(request.path)) return httpReply(request, 400, 0, 0);
      files.set(request.path, request.bodyBytes);
      store?.write(request.path, request.body ?? new Uint8Array(request.bodyBytes));
      return httpReply(request, 200, 0, 0);
    case 'DELETE':
      if (sizeBytes === undefined) return httpReply(request, 404, 0, 0);
      files.delete(request.path);
      store?.remove(request.path);
      return httpReply(request, 204, 0, 0);
    default:
      return httpReply(request, 200, 0, 0);
  }
}

/** The server echoes the client's wish, so `keepsAlive` decides from the request alone; '' for no header. */
function connectionEcho(request: HttpRequest): string {
  const connection = (request.headers.connection ?? '').toLowerCase();
  if (request.version === '1.0') return connection === 'keep-alive' ? 'keep-alive' : '';
  return connection === 'close' ? 'close' : '';
}

/**
 * Events from outside the network. `admin.putFile` stores a file in the table as plain
 * data, with no connection: how a scenario lands a replication copy the tracker made (the
 * tracker models the copy's transfer as instantaneous, see replication.ts).
 */
export type StorageNodeControlEvent = { readonly type: 'admin.putFile'; readonly path: string; readonly sizeBytes: number };

export type StorageNodeEvent = TcpEvent | StorageNodeControlEvent;

function isHttpRequest(message: unknown): message is HttpRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'httpRequest';
}

/** Answers one request on either port; a message is told apart by its kind, not by the port it came in on. */
function answer(node: StorageNodeState, connId: number, message: unknown): void {
  if (isSizeRequest(message)) {
    const reply: SizeReply = { kind: 'sizeReply', path: message.path, sizeBytes: node.files.get(message.path) ?? -1 };
    node.out.send(connId, reply);
  } else if (isHttpRequest(message)) {
    const response = answerHttp(node.files, message, node.store);
    node.out.send(connId, response);
    if (node.settings.closeAfterResponse && !keepsAlive(message, response)) node.out.close(connId);
  } else {
    // Anything else is a protocol error: Perlbal drops the connection.
    node.out.close(connId);
  }
}

function createNode(input: StorageNodeInput): StorageNodeState {
  const { files, store, ...given } = input;
  const settings: StorageNodeSettings = { ...storageNodeDefaults, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) };
  const node: StorageNodeState = { files: new Map(Object.entries(files ?? {})), settings, out: new Outbox<never, never>(), store };
  node.out.emit({ type: 'tcp.listen', port: settings.httpPort, backlog: settings.backlog });
  if (settings.sidePort !== 0) node.out.emit({ type: 'tcp.listen', port: settings.sidePort, backlog: settings.backlog });
  return node;
}

function handleNodeEvent(node: StorageNodeState, event: StorageNodeEvent): void {
  if (event.type === 'tcp.message') answer(node, event.connId, event.message);
  else if (event.type === 'tcp.peerClosed') node.out.close(event.connId);
  else if (event.type === 'admin.putFile') node.files.set(event.path, event.sizeBytes);
}

/**
 * mogstored: a Perlbal web server on 7500 serving GET/HEAD/PUT/DELETE of fid files, and the
 * side channel on 7501 answering `size` queries (MogileFS-Server mogstored,
 * lib/Mogstored/SideChannelClient.pm). Both ports share the one file table. The side
 * channel stays open, since trackers keep one cached socket per host.
 *
 * Plain process logic, not a machine: it has no state beyond its file table, and every
 * event is answered at once, so a one-state machine would say nothing and cost several
 * times more per request (processLogic.ts). A connection's life is the TCP model's.
 */
export const storageNodeMachine = fromProcess<StorageNodeState, StorageNodeEvent, StorageNodeInput, StorageNodeEffect>(createNode, handleNodeEvent);
