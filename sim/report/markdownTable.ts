import type { Cell, Table } from './table.js';

/**
 * A GitHub-flavoured markdown table, or `_None._` when it has no rows. Cells are plain
 * text: pipes are escaped and line breaks flattened, as either would split the row.
 */
export function markdownTable(table: Table): string {
  if (table.rows.length === 0) return '_None._';
  const line = (cells: readonly Cell[]): string => `| ${cells.map(markdownCell).join(' | ')} |`;
  const rule = `|${table.head.map(() => '---').join('|')}|`;
  return [line(table.head), rule, ...table.rows.map((row) => line(row.cells))].join('\n');
}

function markdownCell(cell: Cell): string {
  if (typeof cell !== 'string') {
    // Angle brackets let the target hold spaces and parentheses (CommonMark link destination).
    return `[${markdownText(cell.text)}](<${cell.href.replace(/[<>|]/g, (ch) => encodeURIComponent(ch))}>)`;
  }
  return markdownText(cell);
}

function markdownText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
