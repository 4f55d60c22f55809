import { terminalLine } from './terminal-text.js';

/** How a column's cells line up: numbers to the right, text to the left. */
export type ColumnAlign = 'left' | 'right';

/** One column of a text table. */
export interface Column {
  header: string;
  align?: ColumnAlign;
}

/**
 * A plain-text table: a header row, a rule of dashes, then `rows`, each column as wide as its
 * widest cell, columns separated by two spaces, no trailing spaces. Cells go through terminalLine (they
 * are mostly the server's text): line breaks and tabs become spaces, so one row stays one line, and
 * terminal controls become U+FFFD.
 * @returns the lines joined with `\n`, without a final newline.
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const body = rows.map((row) => columns.map((_, i) => terminalLine(row[i] ?? '')));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...body.map((row) => row[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
