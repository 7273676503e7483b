import fc from 'fast-check';
import type { GearmanPacket, PacketType } from '../../../sim/models/jobhub/packet.js';
import { wireArgCounts } from '../../../sim/live/gearman/wireTypes.js';

/** A Latin-1 string of arbitrary bytes (one char per byte), NUL included when `withNul`. */
export function byteString(withNul: boolean, maxLength = 40): fc.Arbitrary<string> {
  const byte = withNul ? fc.integer({ min: 0, max: 255 }) : fc.integer({ min: 1, max: 255 });
  return fc.array(byte, { maxLength }).map((bytes) => String.fromCharCode(...bytes));
}

/**
 * Any packet the protocol has, with its full argument count: every argument but the last
 * free of NUL (it ends at one), the last any bytes at all.
 */
export const packetArbitrary: fc.Arbitrary<GearmanPacket> = fc
  .tuple(fc.constantFrom(...(Object.keys(wireArgCounts) as PacketType[])), fc.constantFrom('REQ' as const, 'RES' as const))
  .chain(([type, kind]) => {
    const count = wireArgCounts[type];
    const args = count === 0 ? fc.constant([]) : fc.tuple(fc.array(byteString(false), { minLength: count - 1, maxLength: count - 1 }), byteString(true));
    return args.map((parts): GearmanPacket => ({ kind, type, args: Array.isArray(parts[0]) ? [...(parts[0] as string[]), parts[1] as string] : [] }));
  });

/** An admin line as a client types it: words of printable characters without spaces. */
export const adminLineArbitrary: fc.Arbitrary<string> = fc
  .array(fc.stringMatching(/^[!-~]{1,12}$/), { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' '));
