/**
 * A report table as formatted text, independent of markup: `markdownTable` and
 * `htmlTable` render the same value, so the two report formats say the same thing.
 */
export interface Table {
  readonly head: readonly string[];
  readonly rows: readonly TableRow[];
}

/** A row of cells; `status` lets HTML colour passed and failed checks. */
export interface TableRow {
  readonly cells: readonly Cell[];
  readonly status?: 'pass' | 'fail';
}

/** Plain text, or a link with plain-text label and a relative target. */
export type Cell = string | { readonly text: string; readonly href: string };
