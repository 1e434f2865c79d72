/**
 * Releasing an instrument version: reading an upload, the checks it must pass before release, and what changed
 * against the previous version. Pure: the caller passes the previous released version and the indicators.
 * Example: checkInstrument(upload, { previous: householdV1, indicators: indicatorCatalogue }, 'en')
 * → { problems: [], fallback: [] } for household v2 with renamed { hotline_111: 'knows_111' }.
 */
import { ExpressionRunner, Model } from 'survey-core';
import type { FieldError } from './errors';
import type { Locale } from './i18n';
import type { Instrument } from './instrument';
import type { IndicatorDef } from './indicators';
// Registers the `personal` question property, so that survey-core loads a marked question without an error.
import './personal';
import { compileInstrument } from './validation/compile';
import { defaultAnswerLimits } from './validation/limits';

export interface InstrumentUpload {
  slug: string;
  version: number;
  /** The JSON text as stored and hashed (a file's exact bytes; an object is written with 2-space indents). */
  text: string;
  json: Record<string, unknown>;
  renamed: Record<string, string>;
  release: boolean;
}

type Problem = 'body' | 'slug' | 'version' | 'versionNext' | 'jsonBroken' | 'jsonShape' | 'surveyCore' | 'duplicate' | 'renamedShape' | 'renamedMissing' | 'renamedNested' | 'indicatorQuestion' | 'householdLink';

const texts: Record<Locale, Record<Problem, string>> = {
  vi: {
    body: 'Cần gửi { slug, version, json, renamed?, release? }.',
    slug: 'Mã phiếu gồm chữ thường không dấu, số và dấu gạch ngang (2–40 ký tự), bắt đầu bằng chữ.',
    version: 'Phiên bản là số nguyên dương.',
    versionNext: 'Phiên bản phải là phiên bản tiếp theo của phiếu',
    jsonBroken: 'Nội dung phiếu không phải JSON hợp lệ',
    jsonShape: 'Phiếu SurveyJS phải là một đối tượng JSON có danh sách trang (pages).',
    surveyCore: 'SurveyJS không đọc được phiếu',
    duplicate: 'Tên câu hỏi bị trùng',
    renamedShape: 'Danh sách đổi tên phải có dạng { "tên mới": "tên chỉ số dùng" }.',
    renamedMissing: 'Câu hỏi được đổi tên không có trong phiếu',
    renamedNested: 'Chỉ đổi tên được câu hỏi ngoài bảng lặp (paneldynamic); câu hỏi trong bảng lặp phải giữ tên',
    indicatorQuestion: 'Chỉ số cần câu hỏi này, nhưng phiếu không có (và không đổi tên từ câu hỏi nào)',
    householdLink: 'Phiếu hộ gia đình cần câu hỏi này, đúng tên này, để nối hộ giữa các đợt',
  },
  en: {
    body: 'Send { slug, version, json, renamed?, release? }.',
    slug: 'The slug is lowercase letters, digits and hyphens (2–40 characters), starting with a letter.',
    version: 'The version is a positive whole number.',
    versionNext: 'The version must be the next one of the instrument',
    jsonBroken: 'The instrument is not valid JSON',
    jsonShape: 'A SurveyJS instrument is a JSON object with a list of pages.',
    surveyCore: 'SurveyJS cannot load the instrument',
    duplicate: 'Question name used twice',
    renamedShape: 'The renamed map is { "new name": "name indicators use" }.',
    renamedMissing: 'A renamed question is not in the instrument',
    renamedNested: 'Only questions outside a dynamic panel can be renamed; those inside one keep their names',
    indicatorQuestion: 'An indicator reads this question, but the instrument has none (nor one renamed from it)',
    householdLink: 'A household survey needs this question, under this very name, to link households across rounds',
  },
};

const problem = (locale: Locale, question: string, kind: Problem, detail = ''): FieldError => ({ question, message: detail ? `${texts[locale][kind]}: ${detail}` : texts[locale][kind] });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How an object upload is written down: as the files in surveys/ are (2-space indents, final newline). */
export const instrumentText = (json: unknown) => `${JSON.stringify(json, null, 2)}\n`;

/**
 * Reads `{ slug, version, json, renamed?, release? }` (json: the file's text, or the object); problems for what
 * cannot be read at all. Example: readUpload({ slug: 'household', version: 3, json: '{…}' }, 'en').
 */
export function readUpload(body: unknown, locale: Locale): { ok: true; upload: InstrumentUpload } | { ok: false; errors: FieldError[] } {
  if (!isObject(body)) return { ok: false, errors: [problem(locale, '(body)', 'body')] };
  const errors: FieldError[] = [];
  const slug = typeof body.slug === 'string' ? body.slug.trim() : '';
  if (!/^[a-z][a-z0-9-]{1,39}$/.test(slug)) errors.push(problem(locale, 'slug', 'slug'));
  const version = typeof body.version === 'string' && /^\d+$/.test(body.version.trim()) ? Number(body.version) : body.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > 100000) errors.push(problem(locale, 'version', 'version'));
  let text = '';
  let json: unknown;
  if (typeof body.json === 'string') {
    // A byte-order mark some editors write is not part of the JSON (JSON.parse refuses it): dropped.
    text = body.json.replace(/^\uFEFF/, '');
    try {
      json = JSON.parse(text);
    } catch (error) {
      errors.push(problem(locale, 'json', 'jsonBroken', (error as Error).message.slice(0, 200)));
    }
  } else if (body.json !== undefined) {
    json = body.json;
    text = instrumentText(json);
  }
  if (json !== undefined || body.json === undefined) {
    if (!isObject(json) || !Array.isArray(json.pages) || json.pages.length === 0) errors.push(problem(locale, 'json', 'jsonShape'));
  }
  let renamed: unknown = body.renamed ?? {};
  if (typeof renamed === 'string') {
    try {
      renamed = renamed.trim() ? JSON.parse(renamed) : {};
    } catch {
      renamed = null;
    }
  }
  if (!isObject(renamed) || !Object.entries(renamed).every(([k, v]) => typeof v === 'string' && k !== '' && v !== '')) errors.push(problem(locale, 'renamed', 'renamedShape'));
  if (errors.length > 0) return { ok: false, errors };
  const release = body.release === true || body.release === 'true' || body.release === '1';
  return { ok: true, upload: { slug, version: version as number, text, json: json as Record<string, unknown>, renamed: renamed as Record<string, string>, release } };
}

/** One question of an instrument, wherever it is (pages, panels, dynamic panels' templates). */
export interface QuestionInfo {
  name: string;
  /** Where it is in the JSON, e.g. "pages[2].elements[1]". */
  path: string;
  type: string;
  isRequired: boolean;
  /** Marked `"personal": true` (domain/personal.ts): masked for those who may not read personal answers. */
  personal: boolean;
  /** Choice values with their text (in the survey's default language), for choice questions. */
  choices: { value: string; text: string }[] | null;
}

const textOf = (t: unknown): string => (typeof t === 'string' ? t : isObject(t) ? String(t.default ?? t.en ?? t.vi ?? '') : '');

function choicesOf(element: Record<string, unknown>): QuestionInfo['choices'] {
  const raw = element.choices ?? element.rateValues;
  if (!Array.isArray(raw)) return null;
  return raw.map((c) => (isObject(c) ? { value: String(c.value), text: textOf(c.text) || String(c.value) } : { value: String(c), text: String(c) }));
}

/** Every question of a SurveyJS JSON in page order. Example: questionsOf(householdV1)[0].name → 'hamlet'. */
export function questionsOf(json: Record<string, unknown>): QuestionInfo[] {
  const out: QuestionInfo[] = [];
  const walk = (elements: unknown, path: string) => {
    if (!Array.isArray(elements)) return;
    elements.forEach((e, i) => {
      if (!isObject(e)) return;
      const at = `${path}[${i}]`;
      const type = String(e.type ?? '');
      if (type === 'panel') return walk(e.elements, `${at}.elements`);
      if (typeof e.name === 'string' && type !== 'html' && type !== 'image') {
        out.push({ name: e.name, path: at, type, isRequired: e.isRequired === true, personal: e.personal === true, choices: choicesOf(e) });
      }
      if (type === 'paneldynamic') walk(e.templateElements, `${at}.templateElements`);
    });
  };
  (Array.isArray(json.pages) ? json.pages : []).forEach((page, i) => isObject(page) && walk(page.elements, `pages[${i}].elements`));
  return out;
}

// Child-level indicators read the `children` dynamic panel, and their breakdowns the child's sex, age and CSC
// groups (disaggregation.ts, childCategories).
const childTraits = ['children', 'sex', 'age', 'csc_groups'];

/** The question names the indicators of an instrument read (by the names of its first version). */
export function indicatorQuestions(indicators: readonly IndicatorDef[], slug: string): string[] {
  const names = new Set<string>();
  for (const def of indicators.filter((d) => d.instrument === slug)) {
    for (const expression of [def.numerator, def.denominator]) {
      for (const variable of new ExpressionRunner(expression).getVariables()) names.add(variable.split(/[.[]/)[0]);
    }
    if (def.unitOfAnalysis === 'child') childTraits.forEach((n) => names.add(n));
  }
  return [...names].sort();
}

/**
 * The questions that link a household's submissions across rounds (household.ts, householdCode), read from the
 * stored answers by these very names: needed by instruments whose indicators count households or children.
 */
export function householdLinkQuestions(indicators: readonly IndicatorDef[], slug: string): string[] {
  return indicators.some((d) => d.instrument === slug && d.unitOfAnalysis !== 'commune') ? ['hamlet', 'household_number'] : [];
}

export interface CheckResult {
  problems: FieldError[];
  /** Why the compiled validator cannot take it (answers are then validated by survey-core); empty when it compiles. */
  fallback: string[];
}

/**
 * The checks before release: the version follows the previous one, survey-core loads it without errors, question
 * names are unique, every question an indicator reads exists or is renamed to, and the validator compiles it.
 */
export function checkInstrument(upload: InstrumentUpload, known: { previous: Pick<Instrument, 'version'> | null; indicators: readonly IndicatorDef[] }, locale: Locale): CheckResult {
  const problems: FieldError[] = [];
  const expected = (known.previous?.version ?? 0) + 1;
  if (upload.version !== expected) problems.push(problem(locale, 'version', 'versionNext', `v${expected}`));

  let loaded: Model | null = null;
  try {
    loaded = new Model(upload.json);
  } catch (error) {
    problems.push(problem(locale, 'json', 'surveyCore', (error as Error).message.slice(0, 200)));
  }
  for (const e of (loaded?.jsonErrors ?? []) as { message: string; element?: { name?: string } }[]) {
    problems.push(problem(locale, e.element?.name ? `json.${e.element.name}` : 'json', 'surveyCore', e.message));
  }

  const questions = questionsOf(upload.json);
  const seen = new Set<string>();
  for (const q of questions) {
    if (seen.has(q.name)) problems.push(problem(locale, `json.${q.path}`, 'duplicate', q.name));
    seen.add(q.name);
  }
  for (const name of Object.keys(upload.renamed)) {
    const q = questions.find((x) => x.name === name);
    if (!q) problems.push(problem(locale, `renamed.${name}`, 'renamedMissing', name));
    // Stored answers are renamed at the top level only (indicators.ts, canonicalAnswers), never inside a panel's rows.
    else if (q.path.includes('templateElements')) problems.push(problem(locale, `renamed.${name}`, 'renamedNested', name));
  }
  const readAs = new Set(questions.map((q) => (q.path.includes('templateElements') ? q.name : (upload.renamed[q.name] ?? q.name))));
  for (const name of indicatorQuestions(known.indicators, upload.slug)) {
    if (!readAs.has(name)) problems.push(problem(locale, `json.${name}`, 'indicatorQuestion', name));
  }
  for (const name of householdLinkQuestions(known.indicators, upload.slug)) {
    if (!seen.has(name) || name in upload.renamed) problems.push(problem(locale, `json.${name}`, 'householdLink', name));
  }

  let fallback: string[] = [];
  if (problems.length === 0) {
    const compiled = compileInstrument(upload.json, defaultAnswerLimits);
    if ('unsupported' in compiled) fallback = compiled.unsupported;
  }
  return { problems, fallback };
}

export interface InstrumentDiff {
  added: string[];
  removed: string[];
  /** Same question (as indicators read it) under another name. */
  renamed: { from: string; to: string }[];
  typeChanged: { name: string; from: string; to: string }[];
  requiredChanged: { name: string; from: boolean; to: boolean }[];
  /** Marked personal, or no longer (a mark once released still holds for the question: domain/personal.ts). */
  personalChanged: { name: string; from: boolean; to: boolean }[];
  choicesChanged: { name: string; added: string[]; removed: string[]; retitled: { value: string; from: string; to: string }[] }[];
}

/**
 * What changed from one version to the next. Questions are matched by the name indicators read them under, so
 * a renamed question is one rename, not a removal and an addition.
 * Example: diffInstruments(householdV1, householdV2).renamed → [{ from: 'knows_111', to: 'hotline_111' }].
 */
export function diffInstruments(previous: Pick<Instrument, 'json' | 'renamed'> | null, next: Pick<Instrument, 'json' | 'renamed'>): InstrumentDiff {
  const before = new Map(previous ? questionsOf(previous.json).map((q) => [previous.renamed[q.name] ?? q.name, q] as const) : []);
  const after = new Map(questionsOf(next.json).map((q) => [next.renamed[q.name] ?? q.name, q] as const));
  const diff: InstrumentDiff = { added: [], removed: [], renamed: [], typeChanged: [], requiredChanged: [], personalChanged: [], choicesChanged: [] };
  for (const [key, q] of after) if (!before.has(key)) diff.added.push(q.name);
  for (const [key, q] of before) if (!after.has(key)) diff.removed.push(q.name);
  for (const [key, a] of after) {
    const b = before.get(key);
    if (!b) continue;
    if (a.name !== b.name) diff.renamed.push({ from: b.name, to: a.name });
    if (a.type !== b.type) diff.typeChanged.push({ name: a.name, from: b.type, to: a.type });
    if (a.isRequired !== b.isRequired) diff.requiredChanged.push({ name: a.name, from: b.isRequired, to: a.isRequired });
    if (a.personal !== b.personal) diff.personalChanged.push({ name: a.name, from: b.personal, to: a.personal });
    if (a.choices || b.choices) {
      const was = new Map((b.choices ?? []).map((c) => [c.value, c.text]));
      const now = new Map((a.choices ?? []).map((c) => [c.value, c.text]));
      const change = {
        name: a.name,
        added: [...now.keys()].filter((v) => !was.has(v)),
        removed: [...was.keys()].filter((v) => !now.has(v)),
        retitled: [...now].filter(([v, t]) => was.has(v) && was.get(v) !== t).map(([value, to]) => ({ value, from: was.get(value)!, to })),
      };
      if (change.added.length + change.removed.length + change.retitled.length > 0) diff.choicesChanged.push(change);
    }
  }
  return diff;
}

/** Whether a diff has nothing in it. */
export const isEmptyDiff = (d: InstrumentDiff) => Object.values(d).every((list) => list.length === 0);
