/**
 * The sponsor summary laid out for an A4 PDF, as blocks a writer draws top to bottom (src/pdf-node.ts with pdfkit,
 * passed in as AppDeps.pdf; Workers answer 501 pdf_unavailable). Pure: the same SummaryDoc the page renders, so
 * paper and screen say the same; the writer only wraps lines, breaks pages and repeats the table's header.
 * Example: summaryPdfLayout(doc).blocks[0] → { kind: 'heading', level: 1, text: 'Sponsor summary' }.
 */
import { fill, summaryTexts } from './summary-texts';
import type { SummaryDoc } from './summary';

/** One line of a table cell; the value of a round is bold. */
export interface PdfLine {
  text: string;
  bold?: boolean;
  muted?: boolean;
}

export interface PdfTableRow {
  cells: PdfLine[][];
  /** Lines under the row's cells, across the table's width (the sentences about its changes). */
  notes: string[];
}

export type PdfBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'text'; text: string; small?: boolean }
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'table'; widths: number[]; header: string[]; rows: PdfTableRow[] };

export interface PdfLayout {
  /** The document's title (its metadata, and what a PDF reader shows). */
  title: string;
  lang: string;
  /** Printed at the top of every page: the summary's name and the date generated. */
  running: string;
  /** Printed at the foot of every page, with {n} and {total}. */
  pageLabel: string;
  blocks: PdfBlock[];
}

/** Writes a layout as PDF bytes (Node: src/pdf-node.ts). */
export type PdfWriter = (layout: PdfLayout) => Promise<Uint8Array<ArrayBuffer>>;

/** Indicator, three rounds, target: shares of the table's width. */
const widths = [0.28, 0.18, 0.18, 0.18, 0.18];

export function summaryPdfLayout(doc: SummaryDoc): PdfLayout {
  const blocks: PdfBlock[] = [
    { kind: 'heading', level: 1, text: doc.title },
    { kind: 'heading', level: 2, text: doc.name },
    { kind: 'facts', rows: doc.facts },
  ];
  for (const section of doc.sections) {
    if (section.heading) blocks.push({ kind: 'heading', level: 3, text: section.heading }, { kind: 'facts', rows: section.facts });
    blocks.push({
      kind: 'table',
      widths,
      header: doc.columns,
      rows: section.rows.map((r) => ({
        cells: [
          [{ text: `${r.name} ${r.direction}` }],
          ...r.cells.map((c) => [{ text: c.value, bold: c.state === 'value', muted: c.state !== 'value' }, ...c.detail.map((d) => ({ text: d, muted: true }))]),
          [{ text: r.target }],
        ],
        notes: r.sentences.map((s) => s.text),
      })),
    });
    if (section.withoutData) blocks.push({ kind: 'text', text: section.withoutData, small: true });
  }
  blocks.push({ kind: 'heading', level: 3, text: doc.method.heading }, ...doc.method.paragraphs.map((text): PdfBlock => ({ kind: 'text', text, small: true })));
  return {
    title: `${doc.title}: ${doc.name}`,
    lang: doc.lang,
    running: `${doc.name} · ${doc.generated}`,
    pageLabel: summaryTexts[doc.lang].page,
    blocks,
  };
}

/** The foot of page `n` of `total`. Example: pageLabel(layout, 1, 3) → 'Page 1 of 3'. */
export function pageLabel(layout: Pick<PdfLayout, 'pageLabel'>, n: number, total: number): string {
  return fill(layout.pageLabel, { n: String(n), total: String(total) });
}
