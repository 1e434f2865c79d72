// @ts-check
/**
 * The CSV thread of src/csv-node.ts: makes the lines of CSV export pages, as UTF-8, with the domain's own code
 * (src/domain/export-csv.ts), loaded through tsx (a dependency: `npm start` runs under it) because a worker thread
 * does not inherit the loader of the process that starts it.
 * Messages in: { open: id, spec } | { page: id, rows } | { close: id }. Out, one per page, in order:
 * { id, bytes } (the buffer transferred) or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

/** @type {typeof import('./domain/export-csv')} */
const { csvTableOf, tablesOfSpec } = await tsImport('./domain/export-csv.ts', import.meta.url);
const encoder = new TextEncoder();
/** @type {Map<number, import('./domain/export-csv').CsvTable | null>} the tables of the exports under way, by id */
const tables = new Map();

if (!parentPort) throw new Error('csv-thread.mjs runs as a worker thread (src/csv-node.ts)');
const port = parentPort;
port.on('message', (/** @type {{ open?: number, spec?: import('./domain/export-csv').CsvTableSpec, page?: number, rows?: import('./domain/exports').ExportRow[], close?: number }} */ m) => {
  if (m.open !== undefined && m.spec) {
    tables.set(m.open, csvTableOf(tablesOfSpec(m.spec), m.spec.table));
  } else if (m.page !== undefined && m.rows) {
    const id = m.page;
    try {
      const table = tables.get(id);
      if (!table) throw new Error(`no CSV table ${id} (or the instrument has no table of that name)`);
      const bytes = encoder.encode(table.page(m.rows));
      port.postMessage({ id, bytes }, [bytes.buffer]);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  } else if (m.close !== undefined) {
    tables.delete(m.close);
  }
});
port.postMessage({ ready: true });
