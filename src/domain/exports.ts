/**
 * Exports of a round's submissions and of a model's indicators, pure: what a request asks for (with messages
 * in vi and en), and how a submission reads as table rows. One row per submission in the main table, questions
 * as columns headed by their title in the reader's language and their code ("Respondent's age [respondent_age]"),
 * choices as their labels; each dynamic panel (the household's children) is a table of its own, one row per
 * entry, linked to its submission by the submission id. Personal questions (domain/personal.ts) and the
 * household code made of them are left out for readers without `submission.personal`.
 * Example: submissionTables(householdV3, [v1, v2, v3], 'en', false).main.headers
 * → ['Submission id', 'Round', 'Commune code', …, "Respondent's relation to the children [respondent_relation]", …].
 */
import type { FieldError } from './errors';
import { type Locale, isLocale } from './i18n';
import type { Instrument } from './instrument';
import { type PersonalFields, personalOfVersion } from './personal';
import type { ReviewState } from './review';
import { reviewStateNames } from './review';
import { clamp, isEmptyAnswer, plainText } from './validation/bounded';
import { type Choice, choiceText, planFor, type QuestionPlan, sameValue } from './validation/display';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export type Cell = string | number | null;

/** A table as an export writer takes it: headers, then pages of rows read one at a time (flat memory). */
export interface ExportSheet {
  /** The sheet's name in a workbook (at most 31 characters, none of []:*?/\). */
  name: string;
  headers: string[];
  pages: AsyncIterable<Cell[][]>;
}

/** Writes sheets as one XLSX workbook, streamed (Node: src/xlsx-node.ts, passed in as AppDeps.xlsx). */
export type XlsxWriter = (sheets: ExportSheet[]) => ReadableStream<Uint8Array>;

export interface SubmissionsQuery {
  round: string;
  instrument: string;
  /** The main table (`submissions`) or a dynamic panel's name (`children`); CSV holds one table per file. */
  table: string;
  lang?: Locale;
  counted?: 'received' | 'approved';
}

export interface IndicatorsQuery {
  model: string;
  lang?: Locale;
  counted?: 'received' | 'approved';
}

type Problem = 'round' | 'model' | 'instrument' | 'table' | 'lang' | 'counted' | 'format';

const problems: Record<Locale, Record<Problem, string>> = {
  vi: {
    round: 'Cần chọn đợt đánh giá (round=mã đợt).',
    model: 'Cần chọn mô hình (model=mã mô hình).',
    instrument: 'Mã phiếu là chữ thường, số và gạch nối.',
    table: 'Bảng là submissions hoặc tên một nhóm lặp của phiếu, ví dụ children.',
    lang: 'Ngôn ngữ là vi hoặc en.',
    counted: 'counted là received hoặc approved.',
    format: 'Định dạng là csv hoặc xlsx.',
  },
  en: {
    round: 'Choose a round (round=its id).',
    model: 'Choose a model (model=its id).',
    instrument: 'The instrument is lower-case letters, digits and hyphens.',
    table: 'The table is submissions or the name of one of the instrument’s repeats, e.g. children.',
    lang: 'The language is vi or en.',
    counted: 'counted is received or approved.',
    format: 'The format is csv or xlsx.',
  },
};

const given = (query: Record<string, string | undefined>, key: string) => {
  const v = query[key]?.trim();
  return v ? v : undefined;
};

function common(query: Record<string, string | undefined>, t: Record<Problem, string>, errors: FieldError[]) {
  const lang = given(query, 'lang');
  if (lang !== undefined && !isLocale(lang)) errors.push({ question: 'lang', message: t.lang });
  const counted = given(query, 'counted');
  if (counted !== undefined && counted !== 'received' && counted !== 'approved') errors.push({ question: 'counted', message: t.counted });
  return { lang: isLocale(lang) ? lang : undefined, counted: counted as 'received' | 'approved' | undefined };
}

/** The format of an export's file name: 'csv' or 'xlsx', else a 422 naming `format`. */
export function checkFormat(format: string, locale: Locale): { ok: true; format: ExportFormat } | { ok: false; errors: FieldError[] } {
  return (exportFormats as readonly string[]).includes(format) ? { ok: true, format: format as ExportFormat } : { ok: false, errors: [{ question: 'format', message: problems[locale].format }] };
}

/**
 * The query of a submissions export: `round` (required), `instrument` (default household), `table` (default
 * submissions), `lang`, `counted`. Example: checkSubmissionsQuery({ round: 'r1', table: 'children' }, 'en')
 * → { ok: true, query: { round: 'r1', instrument: 'household', table: 'children' } }.
 */
export function checkSubmissionsQuery(query: Record<string, string | undefined>, locale: Locale): { ok: true; query: SubmissionsQuery } | { ok: false; errors: FieldError[] } {
  const t = problems[locale];
  const errors: FieldError[] = [];
  const round = given(query, 'round');
  if (round === undefined || round.length > 200) errors.push({ question: 'round', message: t.round });
  const instrument = given(query, 'instrument') ?? 'household';
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(instrument)) errors.push({ question: 'instrument', message: t.instrument });
  const table = given(query, 'table') ?? 'submissions';
  if (table.length > 100) errors.push({ question: 'table', message: t.table });
  const { lang, counted } = common(query, t, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, query: { round: round!, instrument, table, ...(lang ? { lang } : {}), ...(counted ? { counted } : {}) } };
}

/** The query of an indicators export: `model` (required), `lang`, `counted`. */
export function checkIndicatorsQuery(query: Record<string, string | undefined>, locale: Locale): { ok: true; query: IndicatorsQuery } | { ok: false; errors: FieldError[] } {
  const t = problems[locale];
  const errors: FieldError[] = [];
  const model = given(query, 'model');
  if (model === undefined || model.length > 200) errors.push({ question: 'model', message: t.model });
  const { lang, counted } = common(query, t, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, query: { model: model!, ...(lang ? { lang } : {}), ...(counted ? { counted } : {}) } };
}

/** The message of an unknown `table` (the instrument has no such repeat). */
export const unknownTable = (locale: Locale): FieldError[] => [{ question: 'table', message: problems[locale].table }];

/** One stored submission as an export reads it (queries/exports.ts). */
export interface ExportRow {
  id: string;
  roundId: string;
  receivedAt: string;
  communeCode: string;
  communeVi: string;
  communeEn: string;
  evaluator: string;
  version: number;
  reviewState: ReviewState;
  householdCode: string | null;
  /** The stored JSON text. */
  answers: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One column of answers: its header, the canonical name of the answer it reads, and how a cell is read from an
 * entry's answers given the key that entry's version stores that answer under (made once per version).
 */
interface AnswerColumn {
  header: string;
  canonical: string;
  read: (answers: Json, key: string) => Cell;
  /** The cell depends on nothing but the answer when that is a string (not "other", which reads its comment), number or boolean. */
  byValue?: true;
}

export interface TablePlan {
  /** 'submissions', or the dynamic panel's answer key. */
  table: string;
  /** The table's title in the reader's language (the panel's question title). */
  title: string;
  /** A sheet name: 'Submissions' (or 'Phiếu'), a repeat's code (e.g. children), as `table=` names it. */
  sheet: string;
  headers: string[];
}

export interface SubmissionTables {
  /** `csvLine(r)` is `csvRow(row(r))`, made without the cells in between (a CSV export calls it for every row). */
  main: TablePlan & { row: (row: ExportRow) => Cell[]; csvLine: (row: ExportRow) => string };
  repeats: (TablePlan & { rows: (row: ExportRow) => Cell[][] })[];
  /** Whether personal answers (and the household code) are in the tables. */
  personal: boolean;
}

const fixed: Record<Locale, { id: string; round: string; communeCode: string; commune: string; evaluator: string; version: string; state: string; receivedAt: string; household: string; entry: string; submissions: string }> = {
  vi: {
    id: 'Mã phiếu',
    round: 'Đợt',
    communeCode: 'Mã xã',
    commune: 'Xã',
    evaluator: 'Người đánh giá',
    version: 'Phiên bản phiếu',
    state: 'Trạng thái duyệt',
    receivedAt: 'Nhận lúc (UTC)',
    household: 'Mã hộ',
    entry: 'Thứ tự',
    submissions: 'Phiếu',
  },
  en: {
    id: 'Submission id',
    round: 'Round',
    communeCode: 'Commune code',
    commune: 'Commune',
    evaluator: 'Evaluator',
    version: 'Instrument version',
    state: 'Review state',
    receivedAt: 'Received at (UTC)',
    household: 'Household code',
    entry: 'Entry',
    submissions: 'Submissions',
  },
};

const countNote: Record<Locale, string> = { vi: 'số mục', en: 'entries' };

/** Element types that hold no answer. */
const noAnswer = new Set(['html', 'image']);

/** A value as one cell: numbers stay numbers (XLSX keeps them numeric), objects read as plain text. */
function plain(value: unknown): Cell {
  if (isEmptyAnswer(value)) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return plainText(clamp(value).value);
}

/**
 * A choice's label by its value, as choiceText finds it (the first choice that matches), looked up by the value's
 * text first: an export reads each choice question of every row, so a scan per cell would dominate.
 */
function labeller(choices: Choice[], locale: Locale): (v: unknown) => string {
  const byText = new Map<string, string>();
  for (const c of choices) if (!byText.has(String(c.value))) byText.set(String(c.value), c.text[locale]);
  return (v) => {
    // The same text means the same choice (1 and "1", true and "true"); anything else as survey-core matches it.
    const hit = typeof v === 'object' ? undefined : byText.get(String(v));
    return hit ?? choiceText(choices, v, locale);
  };
}

// No closure is made per cell: an export calls this for every choice question of every row. The comment
// (`<key>-Comment`) is looked up only for an "other" answer, the one choice that reads it.
function choiceCell(label: (v: unknown) => string, answers: Json, key: string): Cell {
  const value = answers[key];
  if (isEmptyAnswer(value)) return null;
  if (!Array.isArray(value)) return choiceLabel(label, isObject(value) ? plainText(clamp(value).value) : value, answers, key);
  let out = '';
  for (const v of value) {
    const text = choiceLabel(label, v, answers, key);
    if (text) out += out ? `; ${text}` : text;
  }
  return out;
}

/** A choice's label; "other" with its text typed in reads "Other: <text>". */
function choiceLabel(label: (v: unknown) => string, v: unknown, answers: Json, key: string): string {
  const text = label(v);
  if (v !== 'other') return text;
  const comment = answers[`${key}-Comment`];
  return typeof comment === 'string' && comment.trim() ? `${text}: ${comment}` : text;
}

/** The columns of one question (a matrix: one per row; a dynamic panel: its number of entries). */
function columnsOf(q: QuestionPlan, locale: Locale, canonical: string): AnswerColumn[] {
  const title = `${q.title[locale]} [${q.name}]`;
  switch (q.kind) {
    case 'choice': {
      const label = labeller(q.choices, locale);
      return [{ header: title, canonical, byValue: true, read: (a, key) => choiceCell(label, a, key) }];
    }
    case 'boolean':
      return [
        {
          header: title,
          canonical,
          byValue: true,
          read: (a, key) => {
            const v = a[key];
            if (isEmptyAnswer(v)) return null;
            if (sameValue(v, q.valueTrue)) return q.labelTrue[locale];
            if (sameValue(v, q.valueFalse)) return q.labelFalse[locale];
            return plain(v);
          },
        },
      ];
    case 'matrix': {
      const column = labeller(q.columns, locale);
      return q.rows.map((r) => {
        const rowKey = String(r.value);
        return {
          header: `${q.title[locale]} — ${r.text[locale]} [${q.name}.${rowKey}]`,
          canonical,
          read: (a, key) => {
            const v = a[key];
            if (!isObject(v)) return null;
            const row = Object.hasOwn(v, rowKey) ? v[rowKey] : undefined;
            return Array.isArray(row) ? row.map(column).join('; ') : isEmptyAnswer(row) ? null : column(row);
          },
        };
      });
    }
    case 'panels':
      return [{ header: `${title} (${countNote[locale]})`, canonical, read: (a, key) => (Array.isArray(a[key]) ? (a[key] as unknown[]).length : null) }];
    default:
      return [{ header: title, canonical, byValue: true, read: (a, key) => plain(a[key]) }];
  }
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\ . */
export function sheetName(title: string, taken: ReadonlySet<string> = new Set()): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  return name;
}

/**
 * The tables of a round's submissions of one instrument, with the columns of `pinned` (the round's version):
 * answers stored on other versions are read under the names indicators use (each version's `renamed`), so a
 * question renamed since still fills its column; questions only older versions asked are left out.
 * `withPersonal` false leaves out every question marked personal in any version, and the household code.
 */
export function submissionTables(pinned: Instrument, versions: readonly Instrument[], locale: Locale, withPersonal: boolean): SubmissionTables {
  const t = fixed[locale];
  const personal: PersonalFields = withPersonal ? { keys: new Set(), panels: new Map() } : personalOfVersion(versions.length ? versions : [pinned], pinned);
  const canonicalOf = (key: string) => pinned.renamed[key] ?? key;
  // Per stored version: the key it stores a canonical name's answer under.
  const keysByVersion = new Map<number, Map<string, string>>(versions.map((v) => [v.version, new Map(Object.entries(v.renamed).map(([key, to]) => [to, key]))]));
  const keyIn = (version: number, canonical: string) => keysByVersion.get(version)?.get(canonical) ?? canonical;
  const plan = planFor(pinned).filter((q) => !noAnswer.has(q.type) && !personal.keys.has(q.valueName));
  const columns = plan.flatMap((q) => columnsOf(q, locale, canonicalOf(q.valueName)));
  // Per stored version, each column's key, made once (not per row or cell).
  const columnKeys = new Map<number, string[]>();
  const keysOf = (version: number) => {
    let keys = columnKeys.get(version);
    if (!keys) columnKeys.set(version, (keys = columns.map((c) => keyIn(version, c.canonical))));
    return keys;
  };
  const fixedHeaders = [t.id, t.round, t.communeCode, t.commune, t.evaluator, t.version, t.state, t.receivedAt, ...(withPersonal ? [t.household] : [])];
  const states = reviewStateNames[locale];
  const taken = new Set<string>();
  const mainSheet = sheetName(t.submissions, taken);
  taken.add(mainSheet.toLowerCase());
  // Most cells are one of a few texts (labels, names): each written once as a CSV cell, up to a bound; and per
  // column whose cell is the answer's alone, the CSV cell of each answer seen (up to 256).
  const texts = new Map<string, string>();
  const known = (cell: Cell): string => {
    if (typeof cell !== 'string' || cell.length > 64) return csvCell(cell);
    let text = texts.get(cell);
    if (text === undefined) {
      text = csvCell(cell);
      if (texts.size < 4096) texts.set(cell, text);
    }
    return text;
  };
  const written = columns.map((c) => (c.byValue ? new Map<unknown, string>() : undefined));
  const main = {
    table: 'submissions',
    title: t.submissions,
    sheet: mainSheet,
    headers: [...fixedHeaders, ...columns.map((c) => c.header)],
    row: (r: ExportRow): Cell[] => {
      const answers = parse(r.answers);
      const keys = keysOf(r.version);
      const cells: Cell[] = [r.id, r.roundId, r.communeCode, locale === 'vi' ? r.communeVi : r.communeEn, r.evaluator, r.version, states[r.reviewState] ?? r.reviewState, r.receivedAt];
      if (withPersonal) cells.push(r.householdCode);
      for (let i = 0; i < columns.length; i++) cells.push(columns[i].read(answers, keys[i]));
      return cells;
    },
    csvLine: (r: ExportRow): string => {
      const answers = parse(r.answers);
      const keys = keysOf(r.version);
      let line = `${csvCell(r.id)},${csvCell(r.roundId)},${known(r.communeCode)},${known(locale === 'vi' ? r.communeVi : r.communeEn)},${known(r.evaluator)},${r.version},${known(states[r.reviewState] ?? r.reviewState)},${csvCell(r.receivedAt)}`;
      if (withPersonal) line += `,${csvCell(r.householdCode)}`;
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        const v = answers[keys[i]];
        const byValue = written[i];
        if (!byValue || !(typeof v === 'string' ? v !== 'other' : typeof v === 'number' || typeof v === 'boolean')) {
          line += `,${known(c.read(answers, keys[i]))}`;
          continue;
        }
        let text = byValue.get(v);
        if (text === undefined) {
          text = known(c.read(answers, keys[i]));
          if (byValue.size < 256) byValue.set(v, text);
        }
        line += `,${text}`;
      }
      return `${line}\r\n`;
    },
  };
  const repeats = plan.flatMap((q) => {
    if (q.kind !== 'panels') return [];
    const innerPersonal = personal.panels.get(q.valueName);
    const inner = q.template.filter((i) => !noAnswer.has(i.type) && !innerPersonal?.keys.has(i.valueName));
    const innerColumns = inner.flatMap((i) => columnsOf(i, locale, i.valueName));
    const canonical = canonicalOf(q.valueName);
    const sheet = sheetName(q.valueName, taken);
    taken.add(sheet.toLowerCase());
    return [
      {
        table: q.valueName,
        title: q.title[locale],
        sheet,
        headers: [t.id, t.entry, ...innerColumns.map((c) => c.header)],
        rows: (r: ExportRow): Cell[][] => {
          const entries = parse(r.answers)[keyIn(r.version, canonical)];
          if (!Array.isArray(entries)) return [];
          return entries.map((entry, i) => {
            const cells: Cell[] = [r.id, i + 1];
            for (const c of innerColumns) cells.push(isObject(entry) ? c.read(entry, c.canonical) : null);
            return cells;
          });
        },
      },
    ];
  });
  return { main, repeats, personal: withPersonal };
}

function parse(text: string): Json {
  try {
    const v = JSON.parse(text) as unknown;
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}

/** The headers of an indicators export, one row per indicator × round. */
export function indicatorHeaders(locale: Locale): string[] {
  return locale === 'vi'
    ? ['Mã chỉ số', 'Chỉ số', 'Đơn vị', 'Chiều tốt', 'Mục tiêu', 'Đợt', 'Loại đợt', 'Giá trị', 'Khoảng tin cậy 95% (dưới)', 'Khoảng tin cậy 95% (trên)', 'Tử số', 'Mẫu số', 'n', 'Đánh giá so với mục tiêu', 'Ẩn (số nhỏ)']
    : ['Indicator id', 'Indicator', 'Unit', 'Better when', 'Target', 'Round', 'Round kind', 'Value', '95% interval (low)', '95% interval (high)', 'Numerator', 'Denominator', 'n', 'Against target', 'Suppressed (small count)'];
}

const words: Record<Locale, { higher: string; lower: string; yes: string; no: string }> = {
  vi: { higher: 'cao hơn', lower: 'thấp hơn', yes: 'có', no: 'không' },
  en: { higher: 'higher', lower: 'lower', yes: 'yes', no: 'no' },
};

/** One indicator's value in one round as the reader may see it (workflows/shown.ts ShownRound, reduced). */
export interface IndicatorRound {
  roundId: string;
  kind: string;
  kindName: string;
  suppressed: boolean;
  value?: { value: number | null; numerator: number; denominator: number; n: number };
  ci?: [number, number] | null;
  status?: string;
}

/**
 * The rows of one indicator: a suppressed round carries no value, numerator, denominator, n or interval.
 * Example: indicatorRows({ id: 'caregivers-know-111', … }, [{ roundId: 'r', suppressed: true, … }], 'en')[0][14] → 'yes'.
 */
export function indicatorRows(
  def: { id: string; nameVi: string; nameEn: string; unit: string; direction: 'higher-is-better' | 'lower-is-better' },
  target: number | null,
  rounds: readonly IndicatorRound[],
  locale: Locale,
): Cell[][] {
  const w = words[locale];
  return rounds.map((r) => [
    def.id,
    locale === 'vi' ? def.nameVi : def.nameEn,
    def.unit,
    def.direction === 'higher-is-better' ? w.higher : w.lower,
    target,
    r.roundId,
    r.kindName,
    r.suppressed ? null : (r.value?.value ?? null),
    r.suppressed || !r.ci ? null : r.ci[0],
    r.suppressed || !r.ci ? null : r.ci[1],
    r.suppressed ? null : (r.value?.numerator ?? null),
    r.suppressed ? null : (r.value?.denominator ?? null),
    r.suppressed ? null : (r.value?.n ?? null),
    r.suppressed ? null : (r.status ?? null),
    r.suppressed ? w.yes : w.no,
  ]);
}

/**
 * One CSV line (RFC 4180, CRLF), numbers as they are, text that a spreadsheet would run as a formula prefixed
 * with an apostrophe (answers come from people). Example: csvRow(['a,b', 3, null]) → '"a,b",3,\r\n'.
 */
export function csvRow(cells: readonly Cell[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) out += i > 0 ? `,${csvCell(cells[i])}` : csvCell(cells[i]);
  return `${out}\r\n`;
}

/** One CSV cell as csvRow writes it: nothing for null. */
function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  // Most cells need neither: one scan finds out.
  if (!needsCare.test(cell)) return cell;
  const safe = formulaStart.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const formulaStart = /^[=+\-@\t\r]/;
const needsCare = /^[=+\-@\t\r]|[",\r\n]/;

/** A file name's safe part: 'hn-phu-chau-midterm' stays, anything else becomes '-'. */
export const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);

/** The texts of the export links on the round and model pages. */
export const exportLinks: Record<Locale, { heading: string; submissionsCsv: string; tableCsv: (title: string) => string; xlsx: string; indicatorsCsv: string; indicatorsXlsx: string; note: string }> = {
  vi: {
    heading: 'Tải dữ liệu',
    submissionsCsv: 'Phiếu (CSV)',
    tableCsv: (title) => `${title} (CSV)`,
    xlsx: 'Phiếu và các nhóm lặp (XLSX)',
    indicatorsCsv: 'Chỉ số (CSV)',
    indicatorsXlsx: 'Chỉ số (XLSX)',
    note: 'Mỗi lần tải được ghi vào nhật ký.',
  },
  en: {
    heading: 'Download',
    submissionsCsv: 'Submissions (CSV)',
    tableCsv: (title) => `${title} (CSV)`,
    xlsx: 'Submissions and repeats (XLSX)',
    indicatorsCsv: 'Indicators (CSV)',
    indicatorsXlsx: 'Indicators (XLSX)',
    note: 'Every download is recorded in the audit log.',
  },
};
