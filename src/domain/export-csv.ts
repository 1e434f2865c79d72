/**
 * One table of a submissions export as CSV text, a page of submissions at a time, pure: the same bytes wherever
 * the lines are made, on the request's thread or on Node's CSV thread (src/csv-node.ts), which makes them from a
 * `CsvTableSpec` (plain values that cross to a thread) while the request's thread reads the next page.
 * Example: csvTableOf(submissionTables(v1, [v1], 'en', false), 'children')?.page(rows) → 'id-1,1,Lan,…\r\n…'.
 */
import { csvRow, type ExportRow, submissionTables, type SubmissionTables } from './exports';
import type { Locale } from './i18n';
import type { Instrument } from './instrument';

/** What a CSV table is made from: submissionTables' arguments and the table (`submissions` or a repeat's name). */
export interface CsvTableSpec {
  pinned: Instrument;
  versions: readonly Instrument[];
  locale: Locale;
  withPersonal: boolean;
  table: string;
}

/** A CSV table: its header names, and the lines of a page of submissions (CRLF after each). */
export interface CsvTable {
  headers: string[];
  page(rows: readonly ExportRow[]): string;
}

/**
 * Makes a CSV table's pages elsewhere (AppDeps.csvPages; Node: a worker thread), in the order they are given.
 * `close` when the export ends or is cancelled.
 */
export type CsvPages = (spec: CsvTableSpec) => { page(rows: readonly ExportRow[]): Promise<Uint8Array>; close(): void };

export const tablesOfSpec = (spec: CsvTableSpec): SubmissionTables => submissionTables(spec.pinned, spec.versions, spec.locale, spec.withPersonal);

/** The table named, or null when the instrument has no such repeat. */
export function csvTableOf(tables: SubmissionTables, table: string): CsvTable | null {
  if (table === tables.main.table) {
    const line = tables.main.csvLine;
    return { headers: tables.main.headers, page: (rows) => rows.map(line).join('') };
  }
  const repeat = tables.repeats.find((t) => t.table === table);
  if (!repeat) return null;
  return {
    headers: repeat.headers,
    page: (rows) => {
      // Joined once, flat: a string grown by += is flattened again by the encoder.
      const lines: string[] = [];
      for (const r of rows) for (const cells of repeat.rows(r)) lines.push(csvRow(cells));
      return lines.join('');
    },
  };
}
