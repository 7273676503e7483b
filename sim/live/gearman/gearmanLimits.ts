/**
 * Limits of the live codec. gearmand has none of its own (a packet's u32 length is
 * trusted, a text line is read until its newline); a server on a real port needs them so
 * one peer cannot make it buffer without bound.
 */
export interface GearmanLimits {
  /** Bytes of a binary packet's arguments (its length field); the hub's `packetArgBytesMax`. */
  readonly packetArgBytesMax: number;
  /** Bytes of one admin text line, its newline excluded. */
  readonly textLineBytesMax: number;
}

export const gearmanLimitDefaults: GearmanLimits = {
  // The job hub's own default (sim/models/jobhub/jobHubSettings.ts).
  packetArgBytesMax: 1_048_576,
  // Admin commands are a word or two; 8 KiB leaves room for any of gearmand's.
  textLineBytesMax: 8192,
};

/**
 * Default bound on the bytes all connections of one server hold for partial packets: 256
 * one-MiB packets arriving slowly at once. Past it, a connection that needs more is refused
 * (ERROR, then closed) instead of the process growing.
 */
export const heldBytesMaxDefault = 256 * 1024 * 1024;
