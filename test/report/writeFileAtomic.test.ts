import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../sim/report/writeFileAtomic.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'write-atomic-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file with the full new text and leaves no temp file', async () => {
    const path = join(root, 'a.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second ✓');
    expect(await readFile(path, 'utf8')).toBe('second ✓');
    expect(await readdir(root)).toEqual(['a.txt']);
  });

  it('fails without leaving a temp file when the target cannot be replaced', async () => {
    // A directory in the way makes the final rename fail after the temp file exists.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(root, 'taken'));
    await mkdir(join(root, 'taken', 'child'));
    await expect(writeFileAtomic(join(root, 'taken'), 'x')).rejects.toThrow();
    expect(await readdir(root)).toEqual(['taken']);
  });

  it('fails when the folder does not exist rather than creating it', async () => {
    await expect(writeFileAtomic(join(root, 'missing', 'a.txt'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
