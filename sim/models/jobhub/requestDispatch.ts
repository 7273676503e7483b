import { answerAdmin } from './adminCommands.js';
import { clientHandlers } from './clientRequests.js';
import type { HubConnection } from './hubConnection.js';
import { errorPacket } from './hubError.js';
import type { HubState } from './hubState.js';
import { packetTypes, type GearmanPacket, type HubRequest } from './packet.js';
import type { RequestHandlers } from './requestHandler.js';
import { workerHandlers } from './workerRequests.js';

const handlers: RequestHandlers = { ...clientHandlers, ...workerHandlers };

/**
 * Answers one request. Checks come in gearmand's order (`gearman_server_run_command` in
 * libgearman-server/server.cc): request magic, a known type, then the type's own handling;
 * types only a server sends get ERROR INVALID_COMMAND. The size limit and the argument count
 * are this model's own checks (hubError.ts).
 */
export function dispatchRequest(hub: HubState, conn: HubConnection, message: unknown): void {
  const request = asHubRequest(message, conn.connId);
  if (request.kind === 'admin') return hub.send(conn, answerAdmin(hub, request));
  if (request.kind !== 'REQ') return hub.send(conn, errorPacket('requestMagicExpected'));
  if (!Object.hasOwn(packetTypes, request.type)) return hub.send(conn, errorPacket('invalidCommand'));
  if (argBytesExceed(request, hub.settings.packetArgBytesMax)) return hub.send(conn, errorPacket('packetTooLarge'));
  const handler = handlers[request.type];
  if (!handler) return hub.send(conn, errorPacket('commandNotExpected'));
  if (request.args.length < handler.argsMin) return hub.send(conn, errorPacket('invalidPacket'));
  handler.run(hub, conn, request);
}

/** Messages come from the host's codec or simulated peers: anything else is a bug in our own code. */
function asHubRequest(message: unknown, connId: number): HubRequest {
  const kind = (message as { kind?: unknown } | null)?.kind;
  if (kind === 'REQ' || kind === 'RES' || kind === 'admin') return message as HubRequest;
  throw new Error(`jobhub: connection ${connId} delivered ${JSON.stringify(message)}, which is not a HubRequest`);
}

/**
 * Whether the packet's length field (its arguments' UTF-8 bytes and the NULs between them)
 * exceeds the limit. A UTF-16 unit is at most 3 UTF-8 bytes, so the exact count runs only
 * near the limit.
 */
function argBytesExceed(packet: GearmanPacket, bytesMax: number): boolean {
  const separators = Math.max(0, packet.args.length - 1);
  let units = separators;
  for (const value of packet.args) units += value.length;
  if (units * 3 <= bytesMax) return false;
  let bytes = separators;
  for (const value of packet.args) bytes += Buffer.byteLength(value);
  return bytes > bytesMax;
}
