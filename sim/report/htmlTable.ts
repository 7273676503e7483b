import { escapeHtml } from './escapeHtml.js';
import type { Cell, Table } from './table.js';

/**
 * An HTML table, or a "None." paragraph when it has no rows. Escaping lives here so no
 * caller can forget it; a row's status becomes its CSS class.
 */
export function htmlTable(table: Table): string {
  if (table.rows.length === 0) return '<p class="none">None.</p>';
  const th = table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows.map((row) => {
    const cls = row.status ? ` class="${row.status}"` : '';
    return `<tr${cls}>${row.cells.map((c) => `<td>${htmlCell(c)}</td>`).join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

function htmlCell(cell: Cell): string {
  if (typeof cell === 'string') return escapeHtml(cell);
  return `<a href="${escapeHtml(cell.href)}">${escapeHtml(cell.text)}</a>`;
}
