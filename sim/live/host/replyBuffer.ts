import type { Socket } from 'node:net';

/**
 * The replies one dispatch produced for one connection, in order, until the host writes
 * them as one `write()`. Codecs give Latin-1 strings (one char per byte) or Buffers; a run
 * of strings is joined as a string, which V8 does without copying until Node copies it into
 * the write, so a turn's packets cost no Buffer each and no `Buffer.concat`. Only a mix
 * turns the strings into Buffers.
 */
export class ReplyBuffer {
  /** Strings since the last Buffer (or since the start). */
  private text = '';
  /** Earlier pieces, once a Buffer came: each string run made a Buffer, in order. */
  private buffers: Buffer[] | null = null;
  private byteCount = 0;
  private pieces = 0;

  get isEmpty(): boolean {
    return this.pieces === 0;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.byteCount;
  }

  add(piece: Buffer | string): void {
    this.byteCount += piece.length;
    this.pieces += 1;
    if (typeof piece === 'string') {
      this.text += piece;
      return;
    }
    this.buffers ??= [];
    if (this.text.length > 0) this.buffers.push(Buffer.from(this.text, 'latin1'));
    this.text = '';
    this.buffers.push(piece);
  }

  /** Writes what is held as one `socket.write` and empties the buffer; returns the bytes written. */
  writeTo(socket: Socket): number {
    const bytes = this.byteCount;
    if (this.buffers === null) {
      socket.write(this.text, 'latin1');
    } else {
      if (this.text.length > 0) this.buffers.push(Buffer.from(this.text, 'latin1'));
      socket.write(this.buffers.length === 1 ? (this.buffers[0] as Buffer) : Buffer.concat(this.buffers));
    }
    this.clear();
    return bytes;
  }

  clear(): void {
    this.text = '';
    this.buffers = null;
    this.byteCount = 0;
    this.pieces = 0;
  }
}
