import { existsSync } from 'node:fs';
import type { FileStore } from '../../models/mogilefs/storageNode.js';

/**
 * The bytes of userpic `n`: a GIF89a signature, then a pattern of `n`, 1 000 to 9 999 bytes
 * long (LiveJournal userpics were at most 100×100, a few KB). A pure function of `n`, so
 * a test, a load run and every storage node agree on what each file holds.
 */
export function userpicBytes(n: number): Uint8Array {
  const size = 1_000 + ((n * 7_919) % 9_000);
  const bytes = new Uint8Array(size);
  bytes.set([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
  for (let i = 6; i < size; i++) bytes[i] = (n * 31 + i * 7) & 0xff;
  return bytes;
}

/** Stores userpics 0..count-1 on device `device` (`/dev<device>/<n>.fid`), leaving files already there. */
export function seedUserpics(root: string, store: FileStore, device: number, count: number): void {
  for (let n = 0; n < count; n++) {
    if (!existsSync(`${root}/dev${device}/${n}.fid`)) store.write(`/dev${device}/${n}.fid`, userpicBytes(n));
  }
}
