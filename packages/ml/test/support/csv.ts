import { readFileSync } from 'node:fs';
import { type ColumnTable, inferRecordSchema, type RecordValue, tableFromRecords } from '../../src/index.ts';

/** Parses RFC 4180 CSV text (quoted fields, doubled quotes) into records keyed by the header. */
export function parseCsv(text: string): Record<string, RecordValue>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body
    .filter((r) => r.length === header!.length)
    .map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j]])));
}

/** Loads a CSV file as a typed table, guessing column kinds. */
export function loadCsvTable(path: string): ColumnTable {
  const records = parseCsv(readFileSync(path, 'utf8'));
  return tableFromRecords(records, inferRecordSchema(records));
}

export const GERMAN_CREDIT = new URL('../../../../examples/german_credit.csv', import.meta.url).pathname;
