import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { request, response, type HubRequest } from '../../../sim/models/jobhub/packet.js';
import { RequestDecoder, ResponseDecoder } from '../../../sim/live/gearman/gearmanDecoder.js';
import { encodeAdminLine, encodeAdminReply, encodePacket } from '../../../sim/live/gearman/gearmanEncoder.js';
import { adminLineArbitrary, packetArbitrary } from './gearmanArbitrary.js';

/** Cuts `bytes` at the given offsets (sorted, deduplicated, within range). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

function decodeAll(chunks: Buffer[]): HubRequest[] {
  const decoder = new RequestDecoder();
  const out: HubRequest[] = [];
  for (const chunk of chunks) {
    const { messages, error } = decoder.push(chunk);
    expect(error).toBeNull();
    out.push(...messages);
  }
  expect(decoder.pendingBytes).toBe(0);
  return out;
}

describe('the Gearman codec', () => {
  it('encodes a request as magic, big-endian type and length, and NUL-separated arguments', () => {
    const bytes = encodePacket(request('SUBMIT_JOB', 'reverse', '', 'hello'));
    expect(bytes.toString('hex')).toBe(`00524551000000070000000e${Buffer.from('reverse\0\0hello').toString('hex')}`);
  });

  it('keeps NULs inside the last argument: job data is any bytes', () => {
    const [packet] = decodeAll([encodePacket(request('SUBMIT_JOB', 'f', 'u', 'a\0b\0c'))]);
    expect(packet).toEqual(request('SUBMIT_JOB', 'f', 'u', 'a\0b\0c'));
  });

  it('reads a line that does not start with NUL as an admin command, with or without \\r', () => {
    expect(decodeAll([Buffer.from('status\r\nworkers  now\n')])).toEqual([
      { kind: 'admin', command: 'status', args: [] },
      { kind: 'admin', command: 'workers', args: ['now'] },
    ]);
  });

  it("writes admin replies as gearmand does: '\\n' lines, '\\r\\n' after ERR, '.' to end a list", () => {
    expect(encodeAdminReply({ kind: 'adminReply', lines: ['f\t1\t0\t1'], terminated: true }).toString()).toBe('f\t1\t0\t1\n.\n');
    expect(encodeAdminReply({ kind: 'adminReply', lines: ['ERR UNKNOWN_COMMAND Unknown+server+commandx'], terminated: false }).toString()).toBe(
      'ERR UNKNOWN_COMMAND Unknown+server+commandx\r\n',
    );
  });

  it('property: decode(encode(packet)) is the packet, for every type and any bytes', () => {
    fc.assert(
      fc.property(packetArbitrary, (packet) => {
        expect(decodeAll([encodePacket(packet)])).toEqual([packet]);
      }),
      { numRuns: 500 },
    );
  });

  it('property: any split of a valid stream of packets and admin lines decodes to the same messages', () => {
    const item = fc.oneof(packetArbitrary.map((packet) => ({ packet })), adminLineArbitrary.map((line) => ({ line })));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), (items, cuts) => {
        const stream = Buffer.concat(items.map((it) => ('packet' in it ? encodePacket(it.packet) : encodeAdminLine(it.line))));
        const whole = decodeAll([stream]);
        expect(whole).toHaveLength(items.length);
        expect(decodeAll(split(stream, cuts))).toEqual(whole);
        // Byte by byte too: the worst split there is.
        expect(decodeAll(split(stream, [...stream.keys()]))).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('property: random bytes in random chunks never throw out of the decoder, and it stops at the first error', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
        const decoder = new RequestDecoder({ packetArgBytesMax: 256, textLineBytesMax: 32 });
        let errors = 0;
        for (const chunk of chunks) {
          const { messages, error } = decoder.push(Buffer.from(chunk));
          if (errors > 0) expect(messages).toEqual([]);
          if (error) errors += 1;
        }
        expect(errors).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a packet over the size limit from its header, before its body arrives', () => {
    const decoder = new RequestDecoder({ packetArgBytesMax: 10, textLineBytesMax: 100 });
    const header = encodePacket(request('ECHO_REQ', 'x'.repeat(11))).subarray(0, 12);
    expect(decoder.push(header).error?.reason).toBe('tooLarge');
  });

  it('returns the messages before a malformed one together with the error', () => {
    const good = encodePacket(request('ECHO_REQ', 'a'));
    const badMagic = Buffer.from('\0XXX\0\0\0\x10\0\0\0\0', 'latin1');
    const { messages, error } = new RequestDecoder().push(Buffer.concat([good, badMagic, good]));
    expect(messages).toEqual([request('ECHO_REQ', 'a')]);
    expect(error?.reason).toBe('badMagic');
  });

  it('refuses type numbers DOMAIN.md does not list, and an endless admin line', () => {
    const unknown = Buffer.from('\0REQ\0\0\0\x63\0\0\0\0', 'latin1');
    expect(new RequestDecoder().push(unknown).error?.reason).toBe('unknownType');
    const line = new RequestDecoder({ packetArgBytesMax: 10, textLineBytesMax: 8 }).push(Buffer.from('statusstatus'));
    expect(line.error?.reason).toBe('lineTooLong');
  });

  it('gives a client the admin reply line by line and responses as packets', () => {
    const decoder = new ResponseDecoder();
    const stream = Buffer.concat([Buffer.from('f\t0\t0\t1\n.\n'), encodePacket(response('NOOP'))]);
    expect(decoder.push(stream).messages).toEqual([{ kind: 'line', text: 'f\t0\t0\t1' }, { kind: 'line', text: '.' }, response('NOOP')]);
  });
});
