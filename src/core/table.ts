/** Rendering rows as a terminal table, a markdown table or JSON. */
export type ReportFormat = 'table' | 'markdown' | 'json';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
}

export function renderTable<Row>(rows: Row[], columns: Array<Column<Row>>): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

export function renderMarkdown<Row>(rows: Row[], columns: Array<Column<Row>>): string {
  // A cell is one line: a pipe or a line break in catalog text would break the table.
  const escape = (v: string) => v.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return (
    [
      `| ${columns.map((c) => c.header).join(' | ')} |`,
      `|${columns.map(() => '---').join('|')}|`,
      ...rows.map((row) => `| ${columns.map((c) => escape(c.value(row))).join(' | ')} |`),
    ].join('\n') + '\n'
  );
}
