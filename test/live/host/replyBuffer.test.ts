import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ReplyBuffer } from '../../../sim/live/host/replyBuffer.js';

/** A socket that records each write: the chunk as bytes and how it was given. */
function recordingSocket(): { socket: Socket; writes: { bytes: Buffer; asString: boolean }[] } {
  const writes: { bytes: Buffer; asString: boolean }[] = [];
  const write = (chunk: Buffer | string, encoding?: BufferEncoding) => {
    writes.push({ bytes: typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk, asString: typeof chunk === 'string' });
    return true;
  };
  return { socket: { write } as unknown as Socket, writes };
}

describe('a reply buffer', () => {
  it('writes a run of Latin-1 strings as one string write, byte for byte', () => {
    const replies = new ReplyBuffer();
    const { socket, writes } = recordingSocket();
    replies.add('\0RES\0\0\0\x08');
    replies.add('\xff\x00abc');
    expect(replies.bytes).toBe(13);
    expect(replies.writeTo(socket)).toBe(13);
    expect(writes).toEqual([{ bytes: Buffer.from([0, 0x52, 0x45, 0x53, 0, 0, 0, 8, 0xff, 0, 0x61, 0x62, 0x63]), asString: true }]);
    expect(replies.isEmpty).toBe(true);
  });

  it('keeps the order of strings and Buffers mixed, in one write', () => {
    const replies = new ReplyBuffer();
    const { socket, writes } = recordingSocket();
    replies.add('a');
    replies.add(Buffer.from('b'));
    replies.add('c');
    replies.writeTo(socket);
    expect(writes.map((write) => write.bytes.toString())).toEqual(['abc']);
  });

  it('counts an empty piece, so a connection written nothing but an empty reply is still flushed once', () => {
    const replies = new ReplyBuffer();
    replies.add('');
    expect(replies.isEmpty).toBe(false);
    replies.clear();
    expect(replies.isEmpty).toBe(true);
  });
});
