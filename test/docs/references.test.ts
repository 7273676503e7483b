import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { danglingReferences } from './danglingReferences.js';

const root = new URL('../..', import.meta.url).pathname;
const skippedDirs = new Set(['node_modules', '.git', 'reports', '.clinic', 'dist']);
const textExtensions = /\.(ts|js|mjs|cjs|json|md|sh|html|yml|yaml)$|^run$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return skippedDirs.has(name) ? [] : sourceFiles(path);
    return textExtensions.test(name) && name !== 'package-lock.json' ? [path] : [];
  });
}

// The checker and its own examples are left out: they name missing documents on purpose.
const files = [...sourceFiles(root), join(root, 'reports/README.md')].filter((path) => !path.includes('/test/docs/'));
const basenames = new Set(files.map((path) => basename(path)));

describe('every reference in the repository resolves inside it', () => {
  it('finds no path that leaves the checkout and no document that is not in it', () => {
    const dangling = files.flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      const resolver = {
        leavesCheckout: (ref: string) => relative(root, resolve(dirname(path), ref)).startsWith('..'),
        resolves: (ref: string) =>
          ref.includes('/') ? existsSync(join(root, ref)) || existsSync(join(dirname(path), ref)) : basenames.has(ref),
      };
      return danglingReferences(text, resolver).map((ref) => `${relative(root, path)}: ${ref}`);
    });
    expect(dangling).toEqual([]);
  });

  it('would catch a citation of a document kept outside the checkout', () => {
    const outside = ['..', 'shared', 'NOTES.md'].join('/');
    const inside = { leavesCheckout: () => false, resolves: (ref: string) => ref === 'docs/DOMAIN.md' };
    expect(danglingReferences(`see ${outside} §2`, inside)).toEqual([outside]);
    expect(danglingReferences('see MISSING.md §2 and docs/DOMAIN.md §6', inside)).toEqual(['MISSING.md']);
  });
});
