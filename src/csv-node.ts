/**
 * Node-only (AppDeps.csvPages): the lines of CSV exports made on a worker thread (src/csv-thread.mjs) while the
 * request's thread reads the next pages from SQLite, so that a large export uses both cores of a small server
 * (bench:export: 100k households). One thread per process, started by the first export (loading the domain code
 * takes about 0.45 s and 90 MB) and stopped when no export has used it for `idleMs`; exports share it, and each
 * export's pages are answered in the order they were sent (one thread, one queue). The thread keeps the process
 * alive only while a page is being made. If it dies, the pages in flight fail (those downloads end short, as when
 * the database fails mid-export) and the next export starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import type { CsvPages, CsvTableSpec } from './domain/export-csv';
import type { ExportRow } from './domain/exports';

interface Waiting {
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}

/** The thread's first message is { ready: true }; then one answer per page. */
type Answer = { id?: number; bytes?: Uint8Array; error?: string; ready?: true };

export interface NodeCsvPages extends CsvPages {
  /** Starts the thread if it is not running; resolves once it has loaded what it needs. */
  ready(): Promise<void>;
  /** Ends the thread now; pages in flight fail. */
  stop(): Promise<void>;
}

/** `idleMs`: how long the thread stays without an export before it is stopped (default 5 minutes). */
export function nodeCsvPages(opts: { idleMs?: number } = {}): NodeCsvPages {
  const idleMs = opts.idleMs ?? 5 * 60_000;
  let thread: { worker: Worker; loaded: Promise<void> } | null = null;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  /** Per open export, the pages sent and not answered yet, in order. */
  const waiting = new Map<number, Waiting[]>();
  /** Pages sent and not answered: while there are any, the thread keeps the process alive (a request awaits it). */
  let inFlight = 0;

  const failAll = (error: Error) => {
    inFlight = 0;
    for (const queue of waiting.values()) for (const w of queue.splice(0)) w.reject(error);
  };
  const ended = (worker: Worker, error: Error) => {
    if (thread?.worker !== worker) return; // stopped on purpose
    thread = null;
    console.error(`CSV thread ended: ${error.message}`);
    failAll(error);
  };
  const start = () => {
    const worker = new Worker(new URL('./csv-thread.mjs', import.meta.url));
    const loaded = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.on('message', (m: Answer) => {
      const w = m.id === undefined ? undefined : waiting.get(m.id)?.shift();
      if (!w) return;
      if (--inFlight === 0) worker.unref();
      if (m.bytes) w.resolve(m.bytes);
      else w.reject(new Error(`CSV thread: ${m.error}`));
    });
    worker.on('error', (error) => ended(worker, error));
    worker.on('exit', (code) => ended(worker, new Error(`CSV thread exited with ${code}`)));
    // Kept alive while it loads (someone awaits it), then only while pages are in flight.
    loaded.then(
      () => {
        if (inFlight === 0 && thread?.worker === worker) worker.unref();
      },
      () => undefined, // the 'error' listener fails what waits
    );
    return { worker, loaded };
  };
  const running = () => {
    clearTimeout(idle);
    return (thread ??= start());
  };
  const stop = async () => {
    clearTimeout(idle);
    const t = thread;
    thread = null;
    failAll(new Error('CSV thread stopped'));
    if (t) await t.worker.terminate();
  };

  const csvPages = (spec: CsvTableSpec) => {
    const { worker } = running();
    const id = nextId++;
    const queue: Waiting[] = [];
    waiting.set(id, queue);
    worker.postMessage({ open: id, spec });
    return {
      page: (rows: readonly ExportRow[]) =>
        new Promise<Uint8Array>((resolve, reject) => {
          if (thread?.worker !== worker) return reject(new Error('CSV thread stopped'));
          queue.push({ resolve, reject });
          if (inFlight++ === 0) worker.ref();
          worker.postMessage({ page: id, rows });
        }),
      close: () => {
        waiting.delete(id);
        if (thread?.worker !== worker) return;
        // Pages still in flight (a cancelled download) fail now; their answers are dropped when they come.
        const dropped = queue.splice(0);
        for (const w of dropped) w.reject(new Error('CSV export closed'));
        if (dropped.length > 0 && (inFlight -= dropped.length) === 0) worker.unref();
        worker.postMessage({ close: id });
        if (waiting.size === 0) {
          clearTimeout(idle);
          idle = setTimeout(() => void stop(), idleMs);
          idle.unref();
        }
      },
    };
  };
  return Object.assign(csvPages, { ready: () => running().loaded, stop });
}
