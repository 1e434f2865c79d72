/**
 * Exports (issue 15, part 3): a round's submissions as CSV (one table per file: the submissions, or one repeat
 * such as the children with `table=`) or XLSX (every table, a sheet each), and a model's indicators as CSV or
 * XLSX. Check who asks → check the query → find the object within reach → plan the tables → count the rows
 * (for the audit entry) → a stream that reads one page per pull, so memory stays flat whatever the size.
 * Web streams only: XLSX needs a writer passed in (AppDeps.xlsx, Node's src/xlsx-node.ts); without one 501.
 */
import type { Db } from '../db';
import { type Actor, canExportIndicators, canExportSubmissions, countedBasis, may, ofRound, refusal, type Scope } from '../domain/access';
import { dateInVietnam } from '../domain/calendar';
import { AppError } from '../domain/errors';
import {
  type Cell,
  checkFormat,
  checkIndicatorsQuery,
  checkSubmissionsQuery,
  csvRow,
  exportLinks,
  type ExportFormat,
  type ExportRow,
  type ExportSheet,
  fileSafe,
  indicatorHeaders,
  indicatorRows,
  sheetName,
  submissionTables,
  unknownTable,
  type XlsxWriter,
} from '../domain/exports';
import { type CsvPages, type CsvTable, csvTableOf, type CsvTableSpec } from '../domain/export-csv';
import { type Locale, messages } from '../domain/i18n';
import { statesCountedIn } from '../domain/review';
import { type ExportCursor, exportCounts, type ExportFilter, exportNames, exportPage } from '../queries/exports';
import { releasedInstrument, releasedOfSlug } from '../queries/instruments';
import { modelById } from '../queries/models';
import { roundById, roundsOfModels } from '../queries/rounds';
import { shownModel, suppressionOf } from './shown';

export interface ExportCtx {
  db: Db;
  actor: Actor;
  scope: Scope;
  locale: Locale;
  now: Date;
  /** The small-count threshold of indicator values (config.suppressionThreshold). */
  threshold: number;
  xlsx?: XlsxWriter;
  /** Makes CSV pages on another thread (AppDeps.csvPages); without it they are made on this one. */
  csvPages?: CsvPages;
}

/** A file ready to stream, and what its audit entry records. */
export interface ExportFile {
  body: ReadableStream<Uint8Array>;
  filename: string;
  contentType: string;
  object: { type: 'round' | 'model'; id: string };
  detail: Record<string, unknown>;
}

/** Submissions read per page (one query each): about 2 MB of answers at most in memory. */
export const exportPageSize = 250;

/** Pages read ahead while the CSV thread makes the lines of earlier ones (csvPagesOf). */
const pagesInFlight = 3;

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function formatOf(ctx: ExportCtx, format: string): ExportFormat {
  const check = checkFormat(format, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  if (check.format === 'xlsx' && !ctx.xlsx) throw new AppError('xlsx_unavailable');
  return check.format;
}

/**
 * Every page of the filter's submissions as export rows, read one page at a time; the names of communes and
 * evaluators are read once, when a page first names them.
 */
async function* submissionPages(db: Db, filter: ExportFilter): AsyncGenerator<ExportRow[]> {
  const communes = new Map<number, { code: string; nameVi: string; nameEn: string }>();
  const evaluators = new Map<number, string>();
  let after: ExportCursor = null;
  for (;;) {
    const page = await exportPage(db, filter, after, exportPageSize);
    if (page.length === 0) return;
    const newCommunes = new Set<number>();
    const newEvaluators = new Set<number>();
    for (const r of page) {
      if (!communes.has(r.communeId)) newCommunes.add(r.communeId);
      if (!evaluators.has(r.evaluatorId)) newEvaluators.add(r.evaluatorId);
    }
    if (newCommunes.size || newEvaluators.size) {
      const names = await exportNames(db, [...newCommunes], [...newEvaluators]);
      for (const c of names.communes) communes.set(c.id, c);
      for (const e of names.evaluators) evaluators.set(e.id, e.name);
    }
    const rows: ExportRow[] = new Array(page.length);
    for (let i = 0; i < page.length; i++) {
      const r = page[i];
      const commune = communes.get(r.communeId);
      // Spelled out, not spread: one object of one shape per row.
      rows[i] = {
        id: r.id,
        roundId: r.roundId,
        receivedAt: r.receivedAt,
        communeCode: commune?.code ?? '',
        communeVi: commune?.nameVi ?? '',
        communeEn: commune?.nameEn ?? '',
        evaluator: evaluators.get(r.evaluatorId) ?? '',
        version: r.version,
        reviewState: r.reviewState,
        householdCode: r.householdCode,
        answers: r.answers,
      };
    }
    yield rows;
    if (page.length < exportPageSize) return;
    const last = page[page.length - 1];
    after = { receivedAt: last.receivedAt, id: last.id };
  }
}

/** Every page of the filter's submissions as table rows, each submission turned into rows by `rowsOf`. */
async function* pagesOf(db: Db, filter: ExportFilter, rowsOf: (r: ExportRow) => Cell[][]): AsyncGenerator<Cell[][]> {
  for await (const page of submissionPages(db, filter)) {
    const rows: Cell[][] = [];
    for (const r of page) for (const cells of rowsOf(r)) rows.push(cells);
    yield rows;
  }
}

/**
 * Every page of the filter's submissions as the table's CSV text. With `elsewhere` (AppDeps.csvPages, opened on the
 * first pull) a page's lines are made on another thread while this one reads the next pages from the database:
 * at most `pagesInFlight` + 1 pages are, so memory stays flat.
 */
async function* csvPagesOf(db: Db, filter: ExportFilter, table: CsvTable, elsewhere?: () => ReturnType<CsvPages>): AsyncGenerator<string | Uint8Array> {
  if (!elsewhere) {
    for await (const page of submissionPages(db, filter)) yield table.page(page);
    return;
  }
  const pages = elsewhere();
  const made: Promise<Uint8Array>[] = [];
  try {
    for await (const page of submissionPages(db, filter)) {
      const next = pages.page(page);
      // Awaited once the pages before it are out; until then its failure is not an unhandled rejection.
      next.catch(() => undefined);
      made.push(next);
      if (made.length > pagesInFlight) yield await made.shift()!;
    }
    while (made.length > 0) yield await made.shift()!;
  } finally {
    pages.close();
  }
}

/**
 * One table as CSV: UTF-8 with a byte-order mark (so that Excel reads Vietnamese right), CRLF lines, one page per
 * pull; a page is rows of cells, or CSV text already made (csvPagesOf), as text or UTF-8 bytes.
 */
export function csvStream(headers: readonly string[], pages: AsyncIterable<Cell[][] | string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(headers)}`));
        return;
      }
      const next = await it.next();
      if (next.done) return controller.close();
      if (next.value instanceof Uint8Array) {
        if (next.value.byteLength > 0) controller.enqueue(next.value);
        return;
      }
      // Joined once, flat, then encoded: a string grown by += is flattened again by the encoder.
      const text = typeof next.value === 'string' ? next.value : next.value.map(csvRow).join('');
      if (text) controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}

/**
 * A round's submissions of one instrument (query: round, instrument, table, lang, counted) as `format`.
 * 403 for a role that never exports them (sponsors, evaluators), 404 for a round beyond reach or unknown,
 * 422 for a bad query or a table the instrument does not have, 501 for XLSX without a writer.
 */
export async function submissionsExport(ctx: ExportCtx, format: string, raw: Record<string, string | undefined>): Promise<ExportFile> {
  const { db, actor, scope } = ctx;
  if (!may(actor, 'export.submissions')) throw new AppError('forbidden');
  const check = checkSubmissionsQuery(raw, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  const query = check.query;
  const kind = formatOf(ctx, format);
  const round = await roundById(db, query.round);
  if (!round || !may(actor, 'export.submissions', scope, ofRound(round))) throw new AppError(refusal(actor, 'export.submissions'));
  const pin = round.instruments.find((p) => p.slug === query.instrument);
  const pinned = pin ? await releasedInstrument(db, pin.slug, pin.version) : null;
  if (!pinned) throw new AppError('invalid_request', [{ question: 'instrument', message: ctx.locale === 'vi' ? 'Đợt đánh giá không dùng phiếu này.' : 'The round does not use this instrument.' }]);
  const locale = query.lang ?? ctx.locale;
  // Personal answers only to those who may read them (a model's managers); admins and everyone else get none.
  const personal = may(actor, 'submission.personal', scope, ofRound(round));
  const versions = await releasedOfSlug(db, pinned.slug);
  const tables = submissionTables(pinned, versions, locale, personal);
  const basis = countedBasis(actor, query.counted);
  const filter: ExportFilter = { roundId: round.id, instrument: pinned.slug, states: statesCountedIn(basis) };
  // Entries are counted (a scan of every answer's JSON) only where the file holds a repeat.
  const counted = kind === 'xlsx' ? tables.repeats.map((r) => r.table) : query.table === 'submissions' ? [] : [query.table];
  const counts = await exportCounts(db, filter, tables.repeats.filter((r) => counted.includes(r.table)).map((r) => r.table));
  const date = dateInVietnam(ctx.now);
  const base = `moc-${fileSafe(round.id)}-${fileSafe(pinned.slug)}`;
  const detail = { export: 'submissions', format: kind, instrument: pinned.slug, counted: basis, lang: locale, personal };
  if (kind === 'xlsx') {
    const sheets: ExportSheet[] = [
      { name: tables.main.sheet, headers: tables.main.headers, pages: pagesOf(db, filter, (r) => [tables.main.row(r)]) },
      ...tables.repeats.map((t) => ({ name: t.sheet, headers: t.headers, pages: pagesOf(db, filter, t.rows) })),
    ];
    return {
      body: ctx.xlsx!(sheets),
      filename: `${base}-${date}.xlsx`,
      contentType: contentTypes.xlsx,
      object: { type: 'round', id: round.id },
      detail: { ...detail, rows: { submissions: counts.submissions, ...counts.entries } },
    };
  }
  const csv = csvTableOf(tables, query.table);
  if (!csv) throw new AppError('invalid_request', unknownTable(ctx.locale));
  const spec: CsvTableSpec = { pinned, versions, locale, withPersonal: personal, table: query.table };
  const main = query.table === tables.main.table;
  return {
    body: csvStream(csv.headers, csvPagesOf(db, filter, csv, ctx.csvPages && (() => ctx.csvPages!(spec)))),
    filename: main ? `${base}-${date}.csv` : `${base}-${fileSafe(query.table)}-${date}.csv`,
    contentType: contentTypes.csv,
    object: { type: 'round', id: round.id },
    detail: { ...detail, table: query.table, rows: main ? counts.submissions : (counts.entries[query.table] ?? 0) },
  };
}

/** The repeats (dynamic panels) a round's export offers beside its submissions, for the links: [{ table, title }]. */
export async function exportRepeatsOf(db: Db, round: { instruments: { slug: string; version: number }[] }, slug: string, locale: Locale) {
  const pin = round.instruments.find((p) => p.slug === slug);
  const pinned = pin ? await releasedInstrument(db, pin.slug, pin.version) : null;
  if (!pinned) return null;
  return submissionTables(pinned, [pinned], locale, false).repeats.map((r) => ({ table: r.table, title: r.title }));
}

/**
 * A model's indicators (query: model, lang, counted), one row per indicator × round, as the indicator API
 * reads them (workflows/shown.ts shownModel): suppressed for sponsors, approved only unless the reader may
 * count received ones. 403 for evaluators, 404 for a model beyond reach or unknown.
 */
export async function indicatorsExport(ctx: ExportCtx, format: string, raw: Record<string, string | undefined>): Promise<ExportFile> {
  const { db, actor, scope } = ctx;
  if (!may(actor, 'export.indicators')) throw new AppError('forbidden');
  const check = checkIndicatorsQuery(raw, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  const query = check.query;
  const kind = formatOf(ctx, format);
  const model = may(actor, 'export.indicators', scope, { modelId: query.model }) ? await modelById(db, query.model) : null;
  if (!model) throw new AppError(refusal(actor, 'export.indicators'));
  const locale = query.lang ?? ctx.locale;
  const rounds = (await roundsOfModels(db, [model.id])).filter((r) => may(actor, 'round.see', scope, ofRound(r)));
  const suppression = suppressionOf(actor, ctx.threshold);
  const basis = countedBasis(actor, query.counted);
  const shown = await shownModel(db, model, rounds, suppression, [], basis);
  const t = messages[locale] as unknown as Record<string, string>;
  const rows = shown.series.flatMap((s) =>
    indicatorRows(
      s.def,
      s.target?.value ?? null,
      s.values.map((v) => ({
        roundId: v.roundId,
        kind: v.kind,
        kindName: t[v.kind] ?? v.kind,
        suppressed: v.suppressed,
        ...(v.suppressed ? {} : { value: v.value, ci: v.estimate.ci, status: v.estimate.status }),
      })),
      locale,
    ),
  );
  const headers = indicatorHeaders(locale);
  async function* once() {
    yield rows;
  }
  const base = `moc-${fileSafe(model.id)}-indicators-${dateInVietnam(ctx.now)}`;
  const detail = { export: 'indicators', format: kind, counted: basis, lang: locale, suppressed: suppression !== null, rows: rows.length };
  const object = { type: 'model' as const, id: model.id };
  if (kind === 'xlsx') {
    return { body: ctx.xlsx!([{ name: sheetName(locale === 'vi' ? 'Chỉ số' : 'Indicators'), headers, pages: once() }]), filename: `${base}.xlsx`, contentType: contentTypes.xlsx, object, detail };
  }
  return { body: csvStream(headers, once()), filename: `${base}.csv`, contentType: contentTypes.csv, object, detail };
}

/**
 * The round page's download links for those who may export its submissions: the household submissions as CSV,
 * each repeat (the children) as CSV, and everything as XLSX where the server writes it. Empty for others.
 */
export async function roundExportLinks(ctx: Pick<ExportCtx, 'db' | 'actor' | 'scope' | 'locale' | 'xlsx'>, round: { id: string; modelId: string; instruments: { slug: string; version: number }[] }) {
  if (!canExportSubmissions(ctx.actor, ctx.scope, round)) return [];
  const repeats = await exportRepeatsOf(ctx.db, round, 'household', ctx.locale);
  if (!repeats) return [];
  const t = exportLinks[ctx.locale];
  const at = (format: ExportFormat, table?: string) => `/exports/submissions.${format}?round=${encodeURIComponent(round.id)}${table ? `&table=${encodeURIComponent(table)}` : ''}`;
  return [
    { href: at('csv'), label: t.submissionsCsv },
    ...repeats.map((r) => ({ href: at('csv', r.table), label: t.tableCsv(r.title) })),
    ...(ctx.xlsx ? [{ href: at('xlsx'), label: t.xlsx }] : []),
  ];
}

/** The model page's download links of its indicator table (CSV, and XLSX where the server writes it). */
export function modelExportLinks(ctx: Pick<ExportCtx, 'actor' | 'scope' | 'locale' | 'xlsx'>, modelId: string) {
  if (!canExportIndicators(ctx.actor, ctx.scope, modelId)) return [];
  const t = exportLinks[ctx.locale];
  const at = (format: ExportFormat) => `/exports/indicators.${format}?model=${encodeURIComponent(modelId)}`;
  return [{ href: at('csv'), label: t.indicatorsCsv }, ...(ctx.xlsx ? [{ href: at('xlsx'), label: t.indicatorsXlsx }] : [])];
}
