import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** Cells of a table row: what lies between unescaped pipes (GitHub splits on a pipe even inside backticks). */
function cellCount(row: string): number {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).length;
}

/** Tables whose delimiter row (`|---|---|`) has another number of cells than the header above it: GitHub draws them as text. */
function brokenTables(text: string): number[] {
  const lines = text.split('\n');
  return lines.flatMap((line, index) => {
    const isDelimiter = /^\|(\s*:?-+:?\s*\|)+$/.test(line.trim());
    return isDelimiter && index > 0 && cellCount(line) !== cellCount(lines[index - 1] ?? '') ? [index + 1] : [];
  });
}

describe('the Markdown tables of the README and docs/', () => {
  it('have a delimiter row as wide as their header, so they render as tables', () => {
    const broken = documents.flatMap((path) => brokenTables(readFileSync(join(root, path), 'utf8')).map((line) => `${path}:${line}`));
    expect(broken).toEqual([]);
  });

  it('would catch a delimiter row one cell wider than its header', () => {
    expect(brokenTables('| a | b |\n|---|---|---|\n| 1 | 2 |')).toEqual([2]);
    expect(brokenTables('| a \\| b | c |\n|---|---|\n| 1 | 2 |')).toEqual([]);
  });
});
