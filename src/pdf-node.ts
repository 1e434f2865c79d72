/**
 * Node-only: PDF files written with pdfkit (AppDeps.pdf; src/node.ts passes it in, and Workers, where pdfkit's
 * font files cannot be read, answer PDF downloads with 501 pdf_unavailable). It draws a layout from
 * domain/summary-pdf.ts on A4: lines wrapped, a table row never split across pages (its header repeated on each),
 * the running title and date at the top of every page and the page number at the foot. The text is in DejaVu
 * Sans Condensed (the dejavu-fonts-ttf package, read from node_modules; nothing is fetched), which has every
 * Vietnamese letter; pdfkit embeds only the glyphs used.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { type PdfBlock, type PdfLayout, type PdfLine, type PdfTableRow, type PdfWriter, pageLabel } from './domain/summary-pdf';

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;
const fontFiles = () =>
  (fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf')),
  });

const size = { body: 9.5, small: 8.5, h1: 16, h2: 13, h3: 11 };
const muted = '#555555';
const margin = { top: 56, bottom: 50, left: 42, right: 42 };
const pad = 3;

type Doc = InstanceType<typeof PDFDocument>;

export const nodePdf: PdfWriter = async (layout) => {
  const doc = new PDFDocument({ size: 'A4', margins: margin, bufferPages: true, lang: layout.lang, displayTitle: true, info: { Title: layout.title, Creator: 'Mốc', Producer: 'Mốc' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('body', fontFiles().regular);
  doc.registerFont('bold', fontFiles().bold);
  doc.font('body').fontSize(size.body);
  for (const block of layout.blocks) draw(doc, block);
  pageFurniture(doc, layout);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
};

const width = (doc: Doc) => doc.page.width - margin.left - margin.right;
const bottom = (doc: Doc) => doc.page.height - margin.bottom;

/** Starts a new page when `height` more points do not fit on this one. */
function room(doc: Doc, height: number): boolean {
  if (doc.y + height <= bottom(doc)) return false;
  doc.addPage();
  return true;
}

function draw(doc: Doc, block: PdfBlock) {
  const x = margin.left;
  if (block.kind === 'heading') {
    const s = block.level === 1 ? size.h1 : block.level === 2 ? size.h2 : size.h3;
    doc.font('bold').fontSize(s);
    // A heading keeps at least two lines of what follows with it.
    room(doc, doc.heightOfString(block.text, { width: width(doc) }) + 3 * size.body);
    doc.fillColor('black').text(block.text, x, doc.y, { width: width(doc) });
    doc.moveDown(0.3);
  } else if (block.kind === 'text') {
    doc.font('body').fontSize(block.small ? size.small : size.body);
    doc.fillColor('black').text(block.text, x, doc.y, { width: width(doc) });
    doc.moveDown(0.4);
  } else if (block.kind === 'facts') {
    const label = width(doc) * 0.22;
    for (const [name, value] of block.rows) {
      doc.font('body').fontSize(size.body);
      const h = Math.max(doc.heightOfString(value, { width: width(doc) - label }), doc.font('bold').heightOfString(name, { width: label - pad }));
      room(doc, h);
      const y = doc.y;
      doc.font('bold').fillColor('black').text(name, x, y, { width: label - pad });
      doc.font('body').text(value, x + label, y, { width: width(doc) - label });
      doc.y = y + h + 1;
    }
    doc.moveDown(0.5);
  } else {
    table(doc, block);
  }
}

function table(doc: Doc, block: Extract<PdfBlock, { kind: 'table' }>) {
  const cols = block.widths.map((w) => w * width(doc));
  const header = block.header.map((text): PdfLine[] => [{ text, bold: true }]);
  const drawHeader = () => row(doc, cols, header, [], true);
  room(doc, rowHeight(doc, cols, header, []) * 2);
  drawHeader();
  for (const r of block.rows) {
    if (room(doc, rowHeight(doc, cols, r.cells, r.notes))) drawHeader();
    row(doc, cols, r.cells, r.notes, false);
  }
  doc.moveDown(0.6);
}

function cellHeight(doc: Doc, lines: PdfLine[], w: number): number {
  return lines.reduce((h, l) => h + doc.font(l.bold ? 'bold' : 'body').fontSize(l.muted ? size.small : size.body).heightOfString(l.text, { width: w - 2 * pad }), 0);
}

function rowHeight(doc: Doc, cols: number[], cells: PdfTableRow['cells'], notes: string[]): number {
  const cellsHeight = Math.max(...cells.map((lines, i) => cellHeight(doc, lines, cols[i])));
  const notesHeight = notes.reduce((h, n) => h + doc.font('body').fontSize(size.small).heightOfString(n, { width: width(doc) - 4 * pad }), 0);
  return cellsHeight + notesHeight + 3 * pad;
}

function row(doc: Doc, cols: number[], cells: PdfTableRow['cells'], notes: string[], isHeader: boolean) {
  const top = doc.y;
  let x = margin.left;
  let lowest = top;
  cells.forEach((lines, i) => {
    doc.y = top + pad;
    for (const l of lines) {
      doc.font(l.bold ? 'bold' : 'body').fontSize(l.muted ? size.small : size.body).fillColor(l.muted ? muted : 'black');
      doc.text(l.text, x + pad, doc.y, { width: cols[i] - 2 * pad });
    }
    lowest = Math.max(lowest, doc.y);
    x += cols[i];
  });
  doc.y = lowest + (notes.length ? pad : 0);
  for (const n of notes) doc.font('body').fontSize(size.small).fillColor('black').text(`• ${n}`, margin.left + 2 * pad, doc.y, { width: width(doc) - 4 * pad });
  doc.y += pad;
  doc
    .moveTo(margin.left, doc.y)
    .lineTo(margin.left + width(doc), doc.y)
    .lineWidth(isHeader ? 1 : 0.4)
    .strokeColor(isHeader ? 'black' : '#999999')
    .stroke();
  doc.y += pad;
}

/** The running title and date above, the page number below, on every page. */
function pageFurniture(doc: Doc, layout: PdfLayout) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the margins must not start a page of its own.
    const kept = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(size.small).fillColor(muted);
    doc.text(layout.running, margin.left, margin.top / 2 - size.small, { width: width(doc) });
    doc.text(pageLabel(layout, i - range.start + 1, range.count), margin.left, doc.page.height - margin.bottom / 2 - size.small, { width: width(doc), align: 'right', lineBreak: false });
    doc.page.margins.bottom = kept;
  }
}
