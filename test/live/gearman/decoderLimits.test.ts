import { describe, expect, it, vi } from 'vitest';
import { RequestDecoder } from '../../../sim/live/gearman/gearmanDecoder.js';
import { encodePacket } from '../../../sim/live/gearman/gearmanEncoder.js';
import { gearmanLimitDefaults } from '../../../sim/live/gearman/gearmanLimits.js';
import { HeldBytesBudget } from '../../../sim/live/gearman/heldBytesBudget.js';
import { request } from '../../../sim/models/jobhub/packet.js';

const echo = (bytes: number) => encodePacket(request('ECHO_REQ', 'x'.repeat(bytes)));

function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) out.push(bytes.subarray(offset, offset + size));
  return out;
}

/** Bytes the decoder copies while `work` runs: what `Buffer.concat` and `Buffer.from` return. */
function copiedBytes(work: () => void): number {
  const concat = vi.spyOn(Buffer, 'concat');
  const from = vi.spyOn(Buffer, 'from');
  try {
    work();
    return [...concat.mock.results, ...from.mock.results].reduce((sum, result) => sum + (result.value as Buffer).length, 0);
  } finally {
    concat.mockRestore();
    from.mockRestore();
  }
}

describe('the streaming decoder and its limits', () => {
  it('decodes a 1 MiB packet sent in 256-byte pieces and holds nothing once it is whole', () => {
    const budget = new HeldBytesBudget(2 * 1024 * 1024);
    const decoder = new RequestDecoder(gearmanLimitDefaults, budget);
    const messages = pieces(echo(1_048_576), 256).flatMap((piece) => decoder.push(piece).messages);
    expect(messages).toHaveLength(1);
    expect(decoder.pendingBytes).toBe(0);
    expect(budget.held).toBe(0);
  });

  it('copies a 1 MiB packet sent in 256-byte pieces about once, not once per piece', () => {
    // A decoder that joined what it holds on every piece would copy about 4 096 × 512 KiB = 2 GiB here.
    const packet = echo(1_048_576);
    const decoder = new RequestDecoder();
    const copied = copiedBytes(() => {
      for (const piece of pieces(packet, 256)) decoder.push(piece);
    });
    expect(copied).toBeGreaterThanOrEqual(packet.length);
    expect(copied).toBeLessThanOrEqual(2 * packet.length);
  });

  it('counts what every connection holds against one budget, and refuses the connection that would pass it', () => {
    const budget = new HeldBytesBudget(10_000);
    const first = new RequestDecoder(gearmanLimitDefaults, budget);
    const second = new RequestDecoder(gearmanLimitDefaults, budget);
    expect(first.push(echo(20_000).subarray(0, 6_000)).error).toBeNull();
    expect(budget.held).toBe(6_000);
    expect(second.push(echo(20_000).subarray(0, 6_000)).error).toMatchObject({ reason: 'heldBytesOver' });
    expect(budget.held).toBe(6_000);
  });

  it('gives the held bytes back when the connection closes', () => {
    const budget = new HeldBytesBudget(10_000);
    const decoder = new RequestDecoder(gearmanLimitDefaults, budget);
    decoder.push(echo(20_000).subarray(0, 3_000));
    decoder.close();
    expect(budget.held).toBe(0);
  });

  it('refuses an admin line that grows past its limit across pieces', () => {
    const decoder = new RequestDecoder({ ...gearmanLimitDefaults, textLineBytesMax: 100 });
    expect(decoder.push(Buffer.from('s'.repeat(60))).error).toBeNull();
    expect(decoder.push(Buffer.from('s'.repeat(60))).error).toMatchObject({ reason: 'lineTooLong' });
  });

  it('keeps only the tail of a chunk, not the chunk, for a message split across reads', () => {
    const decoder = new RequestDecoder();
    const chunk = Buffer.concat([echo(50_000), echo(100).subarray(0, 20)]);
    expect(decoder.push(chunk).messages).toHaveLength(1);
    expect(decoder.pendingBytes).toBe(20);
  });
});
