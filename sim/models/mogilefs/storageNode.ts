import { enqueueActions, setup } from 'xstate';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { isSizeRequest, type SizeReply } from './sideChannel.js';

/** Input of {@link storageNodeMachine}; every field is optional. */
export interface StorageNodeInput {
  /** Files the node holds at start, path (`/dev<N>/<fid>.fid`) → size. Default none. */
  readonly files?: Readonly<Record<string, number>>;
  /** HTTP port: mogstored's is 7500 (DOMAIN.md §4). Default 7500. */
  readonly httpPort?: number;
  /** Side-channel port: 7501 (DOMAIN.md §4). Default 7501. */
  readonly sidePort?: number;
  /** Listen backlog per port. Default 128. */
  readonly backlog?: number;
  /**
   * Close a connection that is not kept alive right after the response (mogstored, a
   * Perlbal, does: the node closes first and keeps the TIME_WAIT). `false` waits for the
   * client's FIN instead, so the client closes first. Default true.
   */
  readonly closeAfterResponse?: boolean;
}

interface StorageNodeContext {
  /** Path → size in bytes, mutated in place: plain data, nothing copied per request. */
  readonly files: Map<string, number>;
  readonly httpPort: number;
  readonly sidePort: number;
  readonly backlog: number;
  readonly closeAfterResponse: boolean;
}

/** Paths mogstored stores under: a device directory and a fid file (DOMAIN.md §4). */
const fidPathPattern = /^\/dev\d+\/.+\.fid$/;

/** Answers one HTTP request against the file table, changing it for PUT and DELETE. */
export function answerHttp(files: Map<string, number>, request: HttpRequest): HttpResponse {
  const reply = (status: number, sizeBytes: number, bodyBytes: number): HttpResponse => ({
    kind: 'httpResponse',
    status,
    version: request.version,
    headers: { 'content-length': String(sizeBytes), ...connectionHeader(request) },
    bodyBytes,
  });
  const sizeBytes = files.get(request.path);
  switch (request.method) {
    case 'GET':
      return sizeBytes === undefined ? reply(404, 0, 0) : reply(200, sizeBytes, sizeBytes);
    case 'HEAD':
      return sizeBytes === undefined ? reply(404, 0, 0) : reply(200, sizeBytes, 0);
    case 'PUT':
      // Perlbal writes the body to the path as given; mogstored only serves fid files.
      if (!fidPathPattern.test(request.path)) return reply(400, 0, 0);
      files.set(request.path, request.bodyBytes);
      return reply(200, 0, 0);
    case 'DELETE':
      if (sizeBytes === undefined) return reply(404, 0, 0);
      files.delete(request.path);
      return reply(204, 0, 0);
    default:
      return reply(200, 0, 0);
  }
}

/** The server echoes the client's wish, so `keepsAlive` decides from the request alone. */
function connectionHeader(request: HttpRequest): Record<string, string> {
  const connection = (request.headers.connection ?? '').toLowerCase();
  if (request.version === '1.0') return connection === 'keep-alive' ? { connection: 'keep-alive' } : {};
  return connection === 'close' ? { connection: 'close' } : {};
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

/**
 * mogstored (DOMAIN.md §4): a Perlbal web server on 7500 serving GET/HEAD/PUT/DELETE of fid
 * files, and the side channel on 7501 answering size queries. Both ports share the one file
 * table; a message is told apart by its kind, not by the port it came in on. The side
 * channel stays open, since trackers keep one cached socket per host.
 */
export const storageNodeMachine = setup({
  types: {
    context: {} as StorageNodeContext,
    input: {} as StorageNodeInput,
    events: {} as StorageNodeEvent,
    emitted: {} as TcpEffect,
  },
  actions: {
    listen: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'tcp.listen', port: context.httpPort, backlog: context.backlog });
      enqueue.emit({ type: 'tcp.listen', port: context.sidePort, backlog: context.backlog });
    }),
    answer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'tcp.message') return;
      const { connId, message } = event;
      if (isSizeRequest(message)) {
        const reply: SizeReply = { kind: 'sizeReply', path: message.path, sizeBytes: context.files.get(message.path) ?? -1 };
        enqueue.emit({ type: 'tcp.send', connId, message: reply });
      } else if (isHttpRequest(message)) {
        const response = answerHttp(context.files, message);
        enqueue.emit({ type: 'tcp.send', connId, message: response });
        if (context.closeAfterResponse && !keepsAlive(message, response)) enqueue.emit({ type: 'tcp.close', connId });
      } else {
        // Anything else is a protocol error: Perlbal drops the connection.
        enqueue.emit({ type: 'tcp.close', connId });
      }
    }),
    putFile: ({ context, event }) => {
      if (event.type !== 'admin.putFile') return;
      context.files.set(event.path, event.sizeBytes);
    },
    close: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'tcp.peerClosed') enqueue.emit({ type: 'tcp.close', connId: event.connId });
    }),
  },
}).createMachine({
  id: 'storageNode',
  context: ({ input }) => ({
    files: new Map(Object.entries(input.files ?? {})),
    httpPort: input.httpPort ?? 7500,
    sidePort: input.sidePort ?? 7501,
    backlog: input.backlog ?? 128,
    closeAfterResponse: input.closeAfterResponse ?? true,
  }),
  initial: 'serving',
  entry: 'listen',
  states: {
    serving: {
      on: {
        'tcp.message': { actions: 'answer' },
        'tcp.peerClosed': { actions: 'close' },
        'admin.putFile': { actions: 'putFile' },
      },
    },
  },
});
