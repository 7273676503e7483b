import type { HubConnection } from './hubConnection.js';
import type { HubState } from './hubState.js';
import type { GearmanPacket, PacketType } from './packet.js';

/**
 * How the hub answers one packet type. `argsMin` is the arguments the packet must carry:
 * all but the last, which runs to the end of the packet and may be empty (the Gearman PROTOCOL file),
 * so a missing last argument reads as "".
 */
export interface RequestHandler {
  readonly argsMin: number;
  run(hub: HubState, conn: HubConnection, packet: GearmanPacket): void;
}

export type RequestHandlers = Partial<Record<PacketType, RequestHandler>>;

/** Argument `index` of a packet, "" when absent. */
export function arg(packet: GearmanPacket, index: number): string {
  return packet.args[index] ?? '';
}

/** gearmand reads numbers with atoi/strtol: leading digits count, anything else is 0. */
export function leadingInteger(text: string): number {
  const value = Number.parseInt(text, 10);
  return Number.isNaN(value) ? 0 : value;
}
