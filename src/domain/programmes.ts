/**
 * What a programme and an organisation must hold when admins set them up without code (who may: access.ts).
 * A programme has names in both languages, the province it runs in (a GSO code naming a province that existed
 * during its period), a period and where its figures come from; a change keeps every model's period within
 * the programme's. An organisation is a sponsor or a government body with a name of its own. Pure: the caller
 * looks up the stored places with the code given and the periods of the programme's models.
 * Example: checkProgrammeEntry({ nameVi: 'Chương trình BVTE Yên Bái 2021–2025', nameEn: 'Yen Bai child protection
 * 2021–2025', province: '15', periodStart: '2021-01-01', periodEnd: '2025-06-30' }, { places }, 'en')
 * → { ok: true, entry: { id: 'yen-bai-child-protection-2021-2025', provinceId: 3, … } }.
 */
import type { FieldError } from './errors';
import { formatDateRange } from './format';
import type { Locale } from './i18n';
import { maxIdLength, maxNameLength, modelSlug, validDuring } from './model-entry';
import type { PlaceNode } from './places';
import { isIsoDate } from './validation/values';

export const maxSourceLength = 500;
export const organisationKinds = ['sponsor', 'government'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export interface ProgrammeEntry {
  id: string;
  nameVi: string;
  nameEn: string;
  provinceId: number;
  periodStart: string;
  periodEnd: string;
  source: string | null;
}

export interface OrganisationEntry {
  id: string;
  name: string;
  kind: OrganisationKind;
}

type Problem =
  | 'id'
  | 'idFromName'
  | 'nameVi'
  | 'nameEn'
  | 'province'
  | 'unknownProvince'
  | 'notProvince'
  | 'provinceNotValid'
  | 'provinceFixed'
  | 'date'
  | 'reversed'
  | 'modelOutside'
  | 'source'
  | 'nothing'
  | 'orgName'
  | 'orgKind'
  | 'orgId';

const texts: Record<Locale, Record<Problem, string>> = {
  vi: {
    id: `Mã chương trình gồm chữ thường không dấu, số và dấu gạch ngang (tối đa ${maxIdLength} ký tự).`,
    idFromName: 'Không tạo được mã từ tên tiếng Anh; hãy ghi mã.',
    nameVi: `Hãy ghi tên tiếng Việt (tối đa ${maxNameLength} ký tự).`,
    nameEn: `Hãy ghi tên tiếng Anh (tối đa ${maxNameLength} ký tự).`,
    province: 'Chọn tỉnh/thành (mã GSO 2 chữ số).',
    unknownProvince: 'Không có tỉnh/thành mang mã này trong danh mục đơn vị hành chính',
    notProvince: 'Mã này là của một huyện hoặc xã, không phải tỉnh/thành',
    provinceNotValid: 'Tỉnh/thành mang mã này không tồn tại trong giai đoạn của chương trình',
    provinceFixed: 'Không đổi được tỉnh/thành của chương trình; hãy tạo chương trình mới.',
    date: 'Ngày phải có dạng yyyy-mm-dd.',
    reversed: 'Ngày kết thúc không được trước ngày bắt đầu.',
    modelOutside: 'Giai đoạn mới không còn chứa giai đoạn của mô hình',
    source: `Nguồn tối đa ${maxSourceLength} ký tự.`,
    nothing: 'Không có gì để thay đổi (nameVi, nameEn, periodStart, periodEnd, source).',
    orgName: `Hãy ghi tên tổ chức (tối đa ${maxNameLength} ký tự).`,
    orgKind: 'Loại tổ chức là sponsor (nhà tài trợ) hoặc government (cơ quan nhà nước).',
    orgId: `Mã tổ chức gồm chữ thường không dấu, số và dấu gạch ngang (tối đa ${maxIdLength} ký tự); không tạo được mã từ tên thì hãy ghi mã.`,
  },
  en: {
    id: `A programme id has lower-case letters without accents, digits and hyphens (at most ${maxIdLength} characters).`,
    idFromName: 'No id can be made from the English name; give an id.',
    nameVi: `Give the Vietnamese name (at most ${maxNameLength} characters).`,
    nameEn: `Give the English name (at most ${maxNameLength} characters).`,
    province: 'Choose a province (its 2-digit GSO code).',
    unknownProvince: 'No province has this code in the administrative units',
    notProvince: 'This code is a district’s or a commune’s, not a province’s',
    provinceNotValid: "No province with this code existed during the programme's period",
    provinceFixed: "A programme's province cannot be changed; create a new programme.",
    date: 'Dates are written yyyy-mm-dd.',
    reversed: 'The end date cannot come before the start date.',
    modelOutside: "The new period no longer contains the model's period",
    source: `The source has at most ${maxSourceLength} characters.`,
    nothing: 'Nothing to change (nameVi, nameEn, periodStart, periodEnd, source).',
    orgName: `Give the organisation's name (at most ${maxNameLength} characters).`,
    orgKind: 'The kind is sponsor or government.',
    orgId: `An organisation id has lower-case letters without accents, digits and hyphens (at most ${maxIdLength} characters); give one when none can be made from the name.`,
  },
};

const record = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
const text = (x: unknown) => (typeof x === 'string' ? x.normalize('NFC').trim() : '');
const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const nameOk = (name: string) => name !== '' && [...name].length <= maxNameLength;

type Result<T> = { ok: true; value: T } | { ok: false };

/** An explicit id, or the slug of `name`; a problem at `id` otherwise. */
function idOf(given: unknown, name: string, fail: (p: Problem) => void, problems: { id: Problem; fromName: Problem }): string {
  const explicit = text(given);
  if (explicit) {
    if (explicit.length > maxIdLength || !idPattern.test(explicit)) fail(problems.id);
    return explicit;
  }
  const slug = name ? modelSlug(name) : '';
  if (name && !slug) fail(problems.fromName);
  return slug;
}

/** The source as stored: trimmed, null when empty; a problem when too long or not text. */
function sourceOf(input: unknown, fail: (p: Problem) => void): Result<string | null> {
  if (input === undefined || input === null) return { ok: true, value: null };
  if (typeof input !== 'string' || [...input.trim()].length > maxSourceLength) {
    fail('source');
    return { ok: false };
  }
  return { ok: true, value: text(input) || null };
}

/** The period's dates, each checked, and the end not before the start. */
function periodOf(start: unknown, end: unknown, fail: (question: string, p: Problem) => void): { start: string; end: string } | null {
  const s = typeof start === 'string' && isIsoDate(start.trim()) ? start.trim() : null;
  const e = typeof end === 'string' && isIsoDate(end.trim()) ? end.trim() : null;
  if (!s) fail('periodStart', 'date');
  if (!e) fail('periodEnd', 'date');
  if (s && e && e < s) fail('periodEnd', 'reversed');
  return s && e && s <= e ? { start: s, end: e } : null;
}

/** The province a code names during [start, end]: the one in force at the start, else the first to begin after it. */
export function provinceFor(places: readonly PlaceNode[], code: string, start: string, end: string): PlaceNode | null {
  const during = places.filter((p) => p.code === code && p.level === 'province' && validDuring(p, start, end)).sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  return during.filter((p) => p.validFrom <= start).pop() ?? during[0] ?? null;
}

/**
 * Checks a new programme (the API's POST body, the form's fields): `{ id?, nameVi, nameEn, province, periodStart,
 * periodEnd, source? }`. `known.places` holds every stored unit with the code given, whatever its level and
 * validity. Every problem is one message at its field.
 */
export function checkProgrammeEntry(input: unknown, known: { places: readonly PlaceNode[] }, locale: Locale): { ok: true; entry: ProgrammeEntry } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const b = record(input);
  const errors: FieldError[] = [];
  const fail = (question: string, problem: Problem, detail = '') => errors.push({ question, message: detail ? `${t[problem]} (${detail})` : t[problem] });

  const nameVi = text(b.nameVi);
  const nameEn = text(b.nameEn);
  if (!nameOk(nameVi)) fail('nameVi', 'nameVi');
  if (!nameOk(nameEn)) fail('nameEn', 'nameEn');
  const id = idOf(b.id, nameOk(nameEn) ? nameEn : '', (p) => fail('id', p), { id: 'id', fromName: 'idFromName' });
  const code = typeof b.province === 'number' ? String(b.province).padStart(2, '0') : text(b.province);
  const period = periodOf(b.periodStart, b.periodEnd, fail);
  let province: PlaceNode | null = null;
  if (!/^\d{2}$/.test(code)) {
    const named = known.places.filter((p) => p.code === code);
    fail('province', code && named.length > 0 ? 'notProvince' : code ? 'unknownProvince' : 'province', code);
  } else if (!known.places.some((p) => p.code === code && p.level === 'province')) fail('province', 'unknownProvince', code);
  else if (period) {
    province = provinceFor(known.places, code, period.start, period.end);
    if (!province) fail('province', 'provinceNotValid', `${code}, ${formatDateRange(period.start, period.end, locale)}`);
  }
  const source = sourceOf(b.source, (p) => fail('source', p));
  if (errors.length > 0 || !period || !province || !source.ok) return { ok: false, errors };
  return { ok: true, entry: { id, nameVi, nameEn, provinceId: province.id, periodStart: period.start, periodEnd: period.end, source: source.value } };
}

/**
 * Checks a change to a stored programme: names, period and source (its id and province stay). The changed
 * programme must still have its province during the new period and contain each model's period.
 * Example: checkProgrammePatch({ periodEnd: '2019-12-31' }, stored, { province, models: [{ id: 'yb-service-pilot',
 * periodStart: '2018-01-01', periodEnd: '2020-12-31' }] }, 'en') → errors at periodEnd naming yb-service-pilot.
 */
export function checkProgrammePatch(
  input: unknown,
  stored: ProgrammeEntry,
  known: { province: Pick<PlaceNode, 'validFrom' | 'validTo' | 'code'>; models: readonly { id: string; periodStart: string; periodEnd: string }[] },
  locale: Locale,
): { ok: true; entry: ProgrammeEntry } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const b = record(input);
  const errors: FieldError[] = [];
  const fail = (question: string, problem: Problem, detail = '') => errors.push({ question, message: detail ? `${t[problem]} (${detail})` : t[problem] });
  const given = (key: string) => b[key] !== undefined;

  if (given('province') || given('id')) fail(given('province') ? 'province' : 'id', 'provinceFixed');
  const entry = { ...stored };
  if (given('nameVi')) {
    entry.nameVi = text(b.nameVi);
    if (!nameOk(entry.nameVi)) fail('nameVi', 'nameVi');
  }
  if (given('nameEn')) {
    entry.nameEn = text(b.nameEn);
    if (!nameOk(entry.nameEn)) fail('nameEn', 'nameEn');
  }
  if (given('periodStart') || given('periodEnd')) {
    const period = periodOf(given('periodStart') ? b.periodStart : stored.periodStart, given('periodEnd') ? b.periodEnd : stored.periodEnd, fail);
    if (period) {
      entry.periodStart = period.start;
      entry.periodEnd = period.end;
      if (!validDuring(known.province, period.start, period.end)) fail('periodStart', 'provinceNotValid', `${known.province.code}, ${formatDateRange(period.start, period.end, locale)}`);
      for (const m of known.models) {
        if (m.periodStart < period.start) fail('periodStart', 'modelOutside', `${m.id}: ${formatDateRange(m.periodStart, m.periodEnd, locale)}`);
        else if (m.periodEnd > period.end) fail('periodEnd', 'modelOutside', `${m.id}: ${formatDateRange(m.periodStart, m.periodEnd, locale)}`);
      }
    }
  }
  if (given('source')) {
    const source = sourceOf(b.source, (p) => fail('source', p));
    if (source.ok) entry.source = source.value;
  }
  if (errors.length === 0 && !['nameVi', 'nameEn', 'periodStart', 'periodEnd', 'source'].some(given)) fail('(body)', 'nothing');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entry };
}

/**
 * How organisation names are compared: the same letters whatever the case, spacing or Unicode form.
 * Example: organisationNameKey('World  Vision') === organisationNameKey('world vision') → true.
 */
export function organisationNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Checks a new organisation: `{ id?, name, kind: 'sponsor' | 'government' }`; the id is the slug of the name
 * unless given. Example: checkOrganisationEntry({ name: 'Plan International', kind: 'sponsor' }, 'en')
 * → { ok: true, entry: { id: 'plan-international', name: 'Plan International', kind: 'sponsor' } }.
 */
export function checkOrganisationEntry(input: unknown, locale: Locale): { ok: true; entry: OrganisationEntry } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const b = record(input);
  const errors: FieldError[] = [];
  const name = text(b.name).replace(/\s+/g, ' ');
  if (!nameOk(name)) errors.push({ question: 'name', message: t.orgName });
  const kind = organisationKinds.find((k) => k === b.kind);
  if (!kind) errors.push({ question: 'kind', message: t.orgKind });
  const id = idOf(b.id, nameOk(name) ? name : '', () => errors.push({ question: 'id', message: t.orgId }), { id: 'orgId', fromName: 'orgId' });
  if (errors.length > 0 || !kind) return { ok: false, errors };
  return { ok: true, entry: { id, name, kind } };
}
