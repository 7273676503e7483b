/**
 * Gearman packets as structured objects (the Gearman PROTOCOL file). The simulator passes these on its
 * virtual connections; the live layer's codec turns bytes into exactly these shapes, so the
 * job hub machine serves both. Arguments are strings here (the simulator's payloads are
 * text); the codec maps them to and from NUL-separated bytes.
 */

/** Packet type numbers of the binary protocol (the Gearman PROTOCOL file). */
export const packetTypes = {
  CAN_DO: 1,
  CANT_DO: 2,
  RESET_ABILITIES: 3,
  PRE_SLEEP: 4,
  NOOP: 6,
  SUBMIT_JOB: 7,
  JOB_CREATED: 8,
  GRAB_JOB: 9,
  NO_JOB: 10,
  JOB_ASSIGN: 11,
  WORK_STATUS: 12,
  WORK_COMPLETE: 13,
  WORK_FAIL: 14,
  GET_STATUS: 15,
  ECHO_REQ: 16,
  ECHO_RES: 17,
  SUBMIT_JOB_BG: 18,
  ERROR: 19,
  STATUS_RES: 20,
  SUBMIT_JOB_HIGH: 21,
  SET_CLIENT_ID: 22,
  CAN_DO_TIMEOUT: 23,
  ALL_YOURS: 24,
  WORK_EXCEPTION: 25,
  OPTION_REQ: 26,
  OPTION_RES: 27,
  WORK_DATA: 28,
  WORK_WARNING: 29,
  GRAB_JOB_UNIQ: 30,
  JOB_ASSIGN_UNIQ: 31,
  SUBMIT_JOB_HIGH_BG: 32,
  SUBMIT_JOB_LOW: 33,
  SUBMIT_JOB_LOW_BG: 34,
  /**
   * gearmand's extension, not in the PROTOCOL file's list but what the stock `gearman -w`
   * (libgearman 1.1.20) grabs with. Without a reducer, which this hub does not model, gearmand
   * answers it as GRAB_JOB_UNIQ, with JOB_ASSIGN_UNIQ (libgearman-server/server.cc).
   */
  GRAB_JOB_ALL: 39,
} as const;

export type PacketType = keyof typeof packetTypes;

/** A binary-protocol packet: `\0REQ` (request) or `\0RES` (response), its type and arguments. */
export interface GearmanPacket {
  readonly kind: 'REQ' | 'RES';
  readonly type: PacketType;
  readonly args: readonly string[];
}

/** A line of the text admin protocol (`status`, `workers`, `version` …), split on spaces. */
export interface AdminRequest {
  readonly kind: 'admin';
  readonly command: string;
  readonly args: readonly string[];
}

/** The admin protocol's reply: its lines, without the terminating "." (added by the codec where the command has one). */
export interface AdminReply {
  readonly kind: 'adminReply';
  readonly lines: readonly string[];
  /** Multi-line replies (`status`, `workers`) end with a line "."; `version` does not. */
  readonly terminated: boolean;
}

/** What a client or worker sends a hub. */
export type HubRequest = GearmanPacket | AdminRequest;
/** What a hub sends back. */
export type HubReply = GearmanPacket | AdminReply;

/**
 * The packets without arguments a worker's idle loop exchanges with the hub for nearly every
 * job queued (GRAB_JOB, NO_JOB, PRE_SLEEP, NOOP: the Gearman PROTOCOL file), one object each:
 * a packet is never changed once made, and making them anew was a tenth of a sweep seed's
 * packets (bench/allocations.ts).
 */
export const bare = {
  GRAB_JOB: request('GRAB_JOB'),
  PRE_SLEEP: request('PRE_SLEEP'),
  NO_JOB: response('NO_JOB'),
  NOOP: response('NOOP'),
} as const;

export function request(type: PacketType, ...args: string[]): GearmanPacket {
  return { kind: 'REQ', type, args };
}

export function response(type: PacketType, ...args: string[]): GearmanPacket {
  return { kind: 'RES', type, args };
}
