/**
 * Node-only: XLSX workbooks written with exceljs's streaming writer (AppDeps.xlsx; src/node.ts passes it in,
 * and Workers, which lack Node's streams that exceljs and its zip library build on, answer XLSX exports with
 * 501). Sheets are written one after another, each read a page at a time: the zip holds one entry open at a
 * time, so a later sheet written early would wait in memory.
 *
 * Memory stays flat because the writer waits for what it has written to be taken: exceljs hands each sheet's
 * 64 KB buffers to the zip without waiting for them, so the pace is read from those hand-overs (at most two in
 * flight), and the zip's output is taken only as fast as the response's reader pulls.
 */
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, ExportSheet, XlsxWriter } from './domain/exports';

/** The parts of exceljs's sheet stream (utils/stream-buf.js) the pace is read from. */
interface SheetStream {
  _pipe: (chunk: unknown) => Promise<void>;
  pipes: unknown[];
  buffers: unknown[];
}

/** A wait until the sheet's stream has handed on what it holds (at most one buffer in flight besides). */
function pace(stream: SheetStream): () => Promise<void> {
  let pending = 0;
  let wake: (() => void) | null = null;
  const handOver = stream._pipe.bind(stream);
  stream._pipe = async (chunk) => {
    pending++;
    try {
      await handOver(chunk);
    } finally {
      pending--;
      const w = wake;
      wake = null;
      w?.();
    }
  };
  return async () => {
    while (pending > 1 || (stream.pipes.length === 0 && stream.buffers.length > 1)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        // Before the zip takes the sheet on, nothing is handed over to wake us: look again shortly.
        if (stream.pipes.length === 0) setTimeout(resolve, 5);
      });
    }
  };
}

export const nodeXlsx: XlsxWriter = (sheets: ExportSheet[]) => {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let held: (() => void) | null = null;
  let cancelled = false;
  const release = () => {
    const h = held;
    held = null;
    h?.();
  };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (cancelled) return done();
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if ((controller.desiredSize ?? 1) > 0) done();
      else held = done;
    },
    final(done) {
      if (!cancelled) controller.close();
      done();
    },
  });
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull: release,
      cancel() {
        cancelled = true;
        release();
      },
    },
    { highWaterMark: 8 },
  );

  async function write() {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
    for (const sheet of sheets) {
      const ws = workbook.addWorksheet(sheet.name);
      const drained = pace((ws as unknown as { stream: SheetStream }).stream);
      ws.addRow(sheet.headers).commit();
      for await (const page of sheet.pages) {
        if (cancelled) return;
        for (const row of page) ws.addRow(row as Cell[]).commit();
        await drained();
      }
      ws.commit();
    }
    await workbook.commit();
  }
  write().catch((error: unknown) => {
    if (!cancelled) controller.error(error);
  });
  return body;
};
