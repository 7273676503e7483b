import { packetTypes, type PacketType } from '../../models/jobhub/packet.js';

/**
 * How many arguments each packet type carries on the wire (DOMAIN.md §1): all but the last
 * end at a NUL, the last runs to the end of the packet and may hold NULs itself (a job's
 * data). gearmand splits a packet by the same per-type count (`gearman_command_info` in
 * libgearman/command.cc: its `argc`, plus one when the type has a data part).
 */
export const wireArgCounts: Record<PacketType, number> = {
  CAN_DO: 1,
  CANT_DO: 1,
  RESET_ABILITIES: 0,
  PRE_SLEEP: 0,
  NOOP: 0,
  SUBMIT_JOB: 3,
  JOB_CREATED: 1,
  GRAB_JOB: 0,
  NO_JOB: 0,
  JOB_ASSIGN: 3,
  WORK_STATUS: 3,
  WORK_COMPLETE: 2,
  WORK_FAIL: 1,
  GET_STATUS: 1,
  ECHO_REQ: 1,
  ECHO_RES: 1,
  SUBMIT_JOB_BG: 3,
  ERROR: 2,
  STATUS_RES: 5,
  SUBMIT_JOB_HIGH: 3,
  SET_CLIENT_ID: 1,
  CAN_DO_TIMEOUT: 2,
  ALL_YOURS: 0,
  WORK_EXCEPTION: 2,
  OPTION_REQ: 1,
  OPTION_RES: 1,
  WORK_DATA: 2,
  WORK_WARNING: 2,
  GRAB_JOB_UNIQ: 0,
  JOB_ASSIGN_UNIQ: 4,
  SUBMIT_JOB_HIGH_BG: 3,
  SUBMIT_JOB_LOW: 3,
  SUBMIT_JOB_LOW_BG: 3,
  GRAB_JOB_ALL: 0,
};

/** Packet type by its number; the numbers DOMAIN.md §1 does not list are absent. */
export const typeByNumber: ReadonlyMap<number, PacketType> = new Map(
  (Object.entries(packetTypes) as [PacketType, number][]).map(([name, value]) => [value, name]),
);

/** A type known by number: its name and its argument count, read per packet by the decoder. */
export interface WireType {
  readonly type: PacketType;
  readonly argCount: number;
}

/** {@link WireType} by type number, holes where DOMAIN.md §1 lists none: an array index, not a hash lookup per packet. */
export const wireTypeByNumber: readonly (WireType | undefined)[] = (() => {
  const table: (WireType | undefined)[] = [];
  for (const [value, type] of typeByNumber) table[value] = { type, argCount: wireArgCounts[type] };
  return table;
})();

/** The type number of a packet type; a name outside DOMAIN.md §1 is a bug in our own code. */
export function wireTypeNumber(type: PacketType): number {
  const value = packetTypes[type];
  if (value === undefined) throw new Error(`gearman codec: no type number for ${JSON.stringify(type)}`);
  return value;
}
