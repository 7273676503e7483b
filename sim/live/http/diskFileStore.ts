import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { FileStore } from '../../models/mogilefs/storageNode.js';

/** A path a storage node serves, `/dev<N>/<fid>.fid`, as a file under `root`; null if it would leave `root`. */
function fileOf(root: string, path: string): string | null {
  const file = resolve(root, `.${path}`);
  return file.startsWith(resolve(root) + sep) ? file : null;
}

/**
 * A storage node's bytes in a directory, as mogstored keeps them: `<root>/dev<N>/<fid>.fid`.
 * Reads are synchronous (a userpic is a few KB; a live node is a test and demo server, not
 * a production one); writes go to a temporary name and are renamed, so a reader never sees
 * half a file.
 */
export function diskFileStore(root: string): FileStore {
  return {
    read(path) {
      const file = fileOf(root, path);
      if (file === null) return undefined;
      try {
        return readFileSync(file);
      } catch {
        return undefined;
      }
    },
    write(path, bytes) {
      const file = fileOf(root, path);
      if (file === null) return;
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, bytes);
      renameSync(temporary, file);
    },
    remove(path) {
      const file = fileOf(root, path);
      if (file !== null) unlinkSync(file);
    },
  };
}

/** The files under `root` a storage node serves: `/dev<N>/<name>.fid` → size in bytes. */
export function scanFiles(root: string): Record<string, number> {
  const files: Record<string, number> = {};
  for (const device of readdirSync(root)) {
    if (!/^dev\d+$/.test(device)) continue;
    for (const name of readdirSync(join(root, device))) {
      if (!name.endsWith('.fid')) continue;
      const stat = statSync(join(root, device, name));
      if (stat.isFile()) files[`/${device}/${name}`] = stat.size;
    }
  }
  return files;
}
