import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';

/**
 * Streams `chunks` to `path` through a temporary file renamed at the end, for outputs too
 * large to build as one string (a full trace of millions of events). Like
 * {@link writeFileAtomic}, a reader sees the old file or the complete new one.
 */
export async function writeChunksAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const stream = createWriteStream(tmp);
  try {
    for (const chunk of chunks) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
    await rename(tmp, path);
  } catch (error) {
    stream.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
}
