import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` (UTF-8) to `path` so that a reader sees either the old file or the whole
 * new one, never a prefix: the text goes to `.<name>.<pid>.tmp` in the same directory
 * (rename is atomic only within one filesystem), is flushed to disk, then renamed over
 * `path`. Without the flush a crash right after the rename could leave an empty file
 * where the old report was. The pid keeps concurrent processes off each other's temp
 * file; one process must not write the same path twice at once.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
