import { mixNumber } from '../kernel/traceHash.js';
import { PortBitset } from './portBitset.js';
import type { TupleSlab } from './tupleTable.js';

/** Linux's INET_TABLE_PERTURB_SIZE (1 << 16), net/ipv4/inet_hashtables.c. */
export const perturbSlots = 65_536;

/**
 * What connect() keeps per destination ip:port: which local ports have a socket to it, and
 * the hash Linux starts the port search from (secure_ipv4_port_ephemeral of source,
 * destination and destination port, here a seeded mix), made once per source address.
 */
export class Destination {
  readonly bits = new PortBitset();
  slot = 0;
  private hashHigh = 0;
  private hashedFor = -1;

  constructor(private readonly ip: number, private readonly port: number, readonly slab: TupleSlab) {}

  hashFor(secret: number, localIp: number): number {
    if (this.hashedFor !== localIp) {
      this.hashHigh = mixNumber(mixNumber(mixNumber(secret, localIp), this.ip), this.port) >>> 0;
      this.slot = (mixNumber(secret ^ 0x5f3759df, this.hashHigh) >>> 0) % perturbSlots;
      this.hashedFor = localIp;
    }
    return this.hashHigh;
  }
}
