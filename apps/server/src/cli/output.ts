/** Machine output: the response JSON, one document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A note for the person at the terminal; stderr, so it never mixes into piped output. */
export function printNote(line: string): void {
  process.stderr.write(`${line}\n`);
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

/** Left-aligned columns two spaces apart, headers in capitals; `empty` when there are no rows. */
export function printTable<T>(rows: readonly T[], columns: Column<T>[], empty: string): void {
  if (rows.length === 0) {
    printLine(empty);
    return;
  }
  const cells = rows.map((row) => columns.map((column) => column.value(row).replace(/\s+/g, ' ')));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  const format = (line: string[]) =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  printLine(format(columns.map((column) => column.header.toUpperCase())));
  for (const line of cells) printLine(format(line));
}

/** `2025-03-01T09:30:12.345Z` as `2025-03-01 09:30` (UTC); '-' for none. */
export const formatTime = (iso: string | null | undefined): string =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '-';
