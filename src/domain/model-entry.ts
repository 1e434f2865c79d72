/**
 * What a new model, or a change to one, must hold: names in both languages, a known type and programme, a
 * period within the programme's, a sponsor organisation or none, and the communes it runs in (or whole
 * districts where a plan names no commune, never both), each valid during the model's period. Pure: the caller
 * looks up the types, programmes, sponsors and the stored places with the codes named.
 * Example: checkModelEntry({ name: { vi: 'Mô hình xã Phú Châu', en: 'Phu Chau model' }, type: 'community-cp',
 * programme: 'hanoi-2015-2020', period: { start: '2016-01-01', end: '2018-12-31' }, communes: ['09649'] }, known, 'en')
 * → { ok: true, entry: { id: 'phu-chau-model', …, places: [Phú Châu] } }.
 */
import type { FieldError } from './errors';
import { formatDate, formatDateRange } from './format';
import type { Locale } from './i18n';
import { foldName } from './place-search';
import type { PlaceNode } from './places';
import { isIsoDate } from './validation/values';

export const maxNameLength = 200;
export const maxIdLength = 60;
/** Far more communes than any plan names; the list travels to SQL as one JSON parameter. */
export const maxModelPlaces = 500;

/** The parts of a model that can be changed (access.ts says who may change which). */
export const modelFields = ['names', 'type', 'programme', 'period', 'sponsor', 'communes'] as const;
export type ModelField = (typeof modelFields)[number];

export interface ModelEntry {
  id: string;
  nameVi: string;
  nameEn: string;
  typeId: string;
  programmeId: string;
  periodStart: string;
  periodEnd: string;
  sponsorId: string | null;
  /** The units the model runs in, as stored (a code names the unit valid during the period). */
  places: PlaceNode[];
  /**
   * The ids of those of `places` that are comparison communes: surveyed alike but without the model, counted
   * only in the difference in differences (docs/statistics.md §6); every other place is treated.
   */
  comparison: number[];
}

export interface KnownForModels {
  typeIds: readonly string[];
  programmes: readonly { id: string; periodStart: string; periodEnd: string }[];
  /** Organisations of kind sponsor. */
  sponsorIds: readonly string[];
  /** Every stored unit whose code the entry names, whatever its validity. */
  places: readonly PlaceNode[];
}

type Problem =
  | 'id'
  | 'idFromName'
  | 'nameVi'
  | 'nameEn'
  | 'type'
  | 'programme'
  | 'date'
  | 'reversed'
  | 'outsideProgramme'
  | 'sponsor'
  | 'communes'
  | 'tooMany'
  | 'code'
  | 'unknownPlace'
  | 'notValid'
  | 'mixed'
  | 'nothing'
  | 'hasData'
  | 'notYours'
  | 'comparisonList'
  | 'comparisonNotListed'
  | 'noneTreated';

const texts: Record<Locale, Record<Problem, string>> = {
  vi: {
    id: `Mã mô hình gồm chữ thường không dấu, số và dấu gạch ngang (tối đa ${maxIdLength} ký tự).`,
    idFromName: 'Không tạo được mã từ tên tiếng Anh; hãy ghi mã mô hình.',
    nameVi: `Hãy ghi tên tiếng Việt (tối đa ${maxNameLength} ký tự).`,
    nameEn: `Hãy ghi tên tiếng Anh (tối đa ${maxNameLength} ký tự).`,
    type: 'Chọn một loại mô hình có trong danh sách.',
    programme: 'Chọn một chương trình có trong danh sách.',
    date: 'Ngày phải có dạng yyyy-mm-dd.',
    reversed: 'Ngày kết thúc không được trước ngày bắt đầu.',
    outsideProgramme: 'Giai đoạn của mô hình phải nằm trong giai đoạn của chương trình',
    sponsor: 'Nhà tài trợ phải là một tổ chức tài trợ có trong danh sách, hoặc để trống.',
    communes: 'Chọn ít nhất một xã.',
    tooMany: `Tối đa ${maxModelPlaces} xã.`,
    code: 'Mã xã có 5 chữ số (mã huyện 3 chữ số).',
    unknownPlace: 'Không có xã hoặc huyện mang mã này.',
    notValid: 'Đơn vị này không tồn tại trong giai đoạn của mô hình',
    mixed: 'Mô hình chạy ở các xã, hoặc ở cả huyện khi kế hoạch không nêu xã; không chọn lẫn cả hai.',
    nothing: 'Không có gì để thay đổi (name, type, programme, period, sponsor, communes, comparison).',
    hasData: 'Không thể bỏ đơn vị này: đã có phiếu hoặc số liệu của nó trong một đợt đánh giá của mô hình',
    notYours: 'Quản lý mô hình chỉ được sửa tên, giai đoạn và địa bàn; loại mô hình, chương trình và nhà tài trợ do quản trị viên sửa.',
    comparisonList: 'Xã đối chứng là một danh sách mã xã (có thể để trống).',
    comparisonNotListed: 'Xã đối chứng phải là một xã trong danh sách xã của mô hình',
    noneTreated: 'Cần ít nhất một xã can thiệp (nơi mô hình được thực hiện); không thể đánh dấu mọi xã là xã đối chứng.',
  },
  en: {
    id: `A model id has lower-case letters without accents, digits and hyphens (at most ${maxIdLength} characters).`,
    idFromName: 'No id can be made from the English name; give the model an id.',
    nameVi: `Give the Vietnamese name (at most ${maxNameLength} characters).`,
    nameEn: `Give the English name (at most ${maxNameLength} characters).`,
    type: 'Choose a model type from the list.',
    programme: 'Choose a programme from the list.',
    date: 'Dates are written yyyy-mm-dd.',
    reversed: 'The end date cannot come before the start date.',
    outsideProgramme: "The model's period must lie within its programme's",
    sponsor: 'The sponsor is a sponsor organisation from the list, or none.',
    communes: 'Choose at least one commune.',
    tooMany: `At most ${maxModelPlaces} communes.`,
    code: 'A commune code has 5 digits (a district code 3).',
    unknownPlace: 'There is no commune or district with this code.',
    notValid: "This unit did not exist during the model's period",
    mixed: 'A model runs in communes, or in whole districts where its plan names no commune; not both.',
    nothing: 'Nothing to change (name, type, programme, period, sponsor, communes, comparison).',
    hasData: "This unit cannot be removed: one of the model's rounds already has its submissions or figures",
    notYours: 'Model managers change names, period and places; the type, programme and sponsor are changed by an administrator.',
    comparisonList: 'Comparison communes are a list of commune codes (it may be empty).',
    comparisonNotListed: "A comparison commune must be one of the model's communes",
    noneTreated: 'At least one commune must be treated (where the model runs); not every commune can be a comparison one.',
  },
};

const record = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
const text = (x: unknown) => (typeof x === 'string' ? x.normalize('NFC').trim() : '');
const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * A model id from its English name: lower case, no accents, words joined by hyphens, at most 60 characters.
 * Example: modelSlug('Community-based child protection model, Phú Châu') → 'community-based-child-protection-model-phu-chau'.
 */
export function modelSlug(name: string): string {
  const words = foldName(name).replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxIdLength) break;
    slug = next;
  }
  return slug || (words[0] ?? '').slice(0, maxIdLength);
}

/** Whether the unit existed at some time in [start, end]. */
export function validDuring(place: Pick<PlaceNode, 'validFrom' | 'validTo'>, start: string, end: string): boolean {
  return place.validFrom <= end && (place.validTo === null || place.validTo >= start);
}

const levelOfCode = (code: string) => (code.length === 5 ? 'commune' : code.length === 3 ? 'district' : null);

/** The unit a code names during [start, end]: the one in force at the start, else the first to begin after it. */
function unitFor(places: readonly PlaceNode[], code: string, start: string, end: string): PlaceNode | null {
  const level = levelOfCode(code);
  const during = places.filter((p) => p.code === code && p.level === level && validDuring(p, start, end)).sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  return during.filter((p) => p.validFrom <= start).pop() ?? during[0] ?? null;
}

/** The codes an entry names in `communes` (strings, trimmed; none when it is not a list). */
export function codesNamed(input: unknown): string[] {
  const list = record(input).communes;
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string').map((c) => c.trim()) : [];
}

/**
 * Checks a whole model entry (the API's POST body). `id` is optional: without it the id is the slug of the
 * English name. Each problem is one message at its field: id, name.vi, name.en, type, programme, period.start,
 * period.end, sponsor, communes or communes.<i>, comparison or comparison.<i>. `comparison` (optional) lists
 * those of the communes that are comparison ones; at least one commune stays treated.
 */
export function checkModelEntry(input: unknown, known: KnownForModels, locale: Locale): { ok: true; entry: ModelEntry } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const b = record(input);
  const errors: FieldError[] = [];
  const fail = (question: string, problem: Problem, detail = '') => errors.push({ question, message: detail ? `${t[problem]} (${detail})` : t[problem] });

  const name = record(b.name);
  const nameVi = text(name.vi);
  const nameEn = text(name.en);
  if (!nameVi || [...nameVi].length > maxNameLength) fail('name.vi', 'nameVi');
  if (!nameEn || [...nameEn].length > maxNameLength) fail('name.en', 'nameEn');

  const givenId = b.id === undefined || b.id === null || b.id === '' ? null : typeof b.id === 'string' ? b.id.trim() : String(b.id);
  const id = givenId ?? modelSlug(nameEn);
  if (givenId !== null && (givenId.length > maxIdLength || !idPattern.test(givenId))) fail('id', 'id');
  else if (givenId === null && nameEn && !id) fail('id', 'idFromName');

  const typeId = text(b.type);
  if (!known.typeIds.includes(typeId)) fail('type', 'type', typeId);
  const programme = known.programmes.find((p) => p.id === text(b.programme));
  if (!programme) fail('programme', 'programme', text(b.programme));

  const period = record(b.period);
  const start = typeof period.start === 'string' && isIsoDate(period.start) ? period.start : null;
  const end = typeof period.end === 'string' && isIsoDate(period.end) ? period.end : null;
  if (!start) fail('period.start', 'date');
  if (!end) fail('period.end', 'date');
  if (start && end && end < start) fail('period.end', 'reversed');
  else if (start && end && programme && (start < programme.periodStart || end > programme.periodEnd)) fail('period.start', 'outsideProgramme', formatDateRange(programme.periodStart, programme.periodEnd, locale));

  const sponsorId = b.sponsor === undefined || b.sponsor === null || b.sponsor === '' ? null : text(b.sponsor);
  if (sponsorId !== null && !known.sponsorIds.includes(sponsorId)) fail('sponsor', 'sponsor', sponsorId);

  const places: PlaceNode[] = [];
  if (!Array.isArray(b.communes) || b.communes.length === 0) fail('communes', 'communes');
  else if (b.communes.length > maxModelPlaces) fail('communes', 'tooMany');
  else
    b.communes.forEach((raw: unknown, i) => {
      const code = typeof raw === 'string' ? raw.trim() : '';
      if (!levelOfCode(code) || !/^\d+$/.test(code)) return fail(`communes.${i}`, 'code', String(raw));
      if (!known.places.some((p) => p.code === code && p.level === levelOfCode(code))) return fail(`communes.${i}`, 'unknownPlace', code);
      if (!start || !end) return; // judged once the period is right
      const unit = unitFor(known.places, code, start, end);
      if (!unit) {
        const named = known.places.find((p) => p.code === code && p.level === levelOfCode(code))!;
        return fail(`communes.${i}`, 'notValid', `${named.nameVi} ${code}: ${named.validTo ? formatDateRange(named.validFrom, named.validTo, locale) : `${formatDate(named.validFrom, locale)} – …`}`);
      }
      if (!places.some((p) => p.id === unit.id)) places.push(unit);
    });
  if (places.some((p) => p.level === 'commune') && places.some((p) => p.level === 'district')) fail('communes', 'mixed');

  // Comparison communes are judged against the communes once those are right.
  const comparison: number[] = [];
  const placesRight = !errors.some((e) => e.question.startsWith('communes'));
  if (b.comparison !== undefined && b.comparison !== null && !Array.isArray(b.comparison)) fail('comparison', 'comparisonList');
  else if (Array.isArray(b.comparison) && placesRight && start && end) {
    b.comparison.forEach((raw: unknown, i) => {
      const code = typeof raw === 'string' ? raw.trim() : '';
      const unit = places.find((p) => p.level === 'commune' && p.code === code);
      if (!unit) return fail(`comparison.${i}`, 'comparisonNotListed', String(raw));
      if (!comparison.includes(unit.id)) comparison.push(unit.id);
    });
    if (places.length > 0 && places.every((p) => comparison.includes(p.id))) fail('comparison', 'noneTreated');
  }

  if (errors.length > 0 || !start || !end || !programme) return { ok: false, errors };
  return { ok: true, entry: { id, nameVi, nameEn, typeId, programmeId: programme.id, periodStart: start, periodEnd: end, sponsorId, places, comparison } };
}

/** A stored model as the entry the API takes, to apply a change to. */
export function entryInput(model: Omit<ModelEntry, 'places' | 'comparison'> & { placeCodes: readonly string[]; comparisonCodes: readonly string[] }) {
  return {
    id: model.id,
    name: { vi: model.nameVi, en: model.nameEn },
    type: model.typeId,
    programme: model.programmeId,
    period: { start: model.periodStart, end: model.periodEnd },
    sponsor: model.sponsorId,
    communes: [...model.placeCodes],
    comparison: [...model.comparisonCodes],
  };
}

/** The codes of a model's comparison communes. */
export const comparisonCodes = (model: Pick<ModelEntry, 'places' | 'comparison'>) => model.places.filter((p) => model.comparison.includes(p.id)).map((p) => p.code);

/**
 * Checks a change (the API's PATCH body: any of name.vi, name.en, type, programme, period.start, period.end,
 * sponsor, communes, comparison; comparison communes are part of the communes) applied to the stored model, and says which parts it changes.
 * Example: checkModelPatch(current, { period: { end: '2019-12-31' } }, known, 'vi') → { ok: true, entry, changed: ['period'] }.
 */
export function checkModelPatch(
  current: ModelEntry,
  input: unknown,
  known: KnownForModels,
  locale: Locale,
): { ok: true; entry: ModelEntry; changed: ModelField[] } | { ok: false; errors: FieldError[] } {
  const b = record(input);
  const t = texts[locale];
  const given = ['name', 'type', 'programme', 'period', 'sponsor', 'communes', 'comparison'].filter((k) => k in b);
  if (given.length === 0) return { ok: false, errors: [{ question: '(body)', message: t.nothing }] };
  // A part given in the wrong shape is refused, never read as "no change".
  const misshapen = [
    ...('name' in b && (typeof b.name !== 'object' || b.name === null || Array.isArray(b.name)) ? [{ question: 'name', message: `${t.nameVi} ${t.nameEn} ({ "vi": …, "en": … })` }] : []),
    ...('period' in b && (typeof b.period !== 'object' || b.period === null || Array.isArray(b.period)) ? [{ question: 'period', message: `${t.date} ({ "start": …, "end": … })` }] : []),
  ];
  if (misshapen.length > 0) return { ok: false, errors: misshapen };
  const was = entryInput({ ...current, placeCodes: current.places.map((p) => p.code), comparisonCodes: comparisonCodes(current) });
  // New communes without a word on comparison: the stored comparison communes still among them stay so.
  const comparison = !('comparison' in b) && Array.isArray(b.communes) ? was.comparison.filter((code) => codesNamed(b).includes(code)) : was.comparison;
  const merged = {
    ...was,
    comparison,
    ...b,
    id: current.id,
    name: { ...was.name, ...record(b.name) },
    period: { ...was.period, ...record(b.period) },
  };
  const check = checkModelEntry(merged, known, locale);
  if (!check.ok) return check;
  const e = check.entry;
  const samePlaces = e.places.length === current.places.length && e.places.every((p) => current.places.some((q) => q.id === p.id));
  const changed = modelFields.filter((f) => {
    switch (f) {
      case 'names':
        return e.nameVi !== current.nameVi || e.nameEn !== current.nameEn;
      case 'type':
        return e.typeId !== current.typeId;
      case 'programme':
        return e.programmeId !== current.programmeId;
      case 'period':
        return e.periodStart !== current.periodStart || e.periodEnd !== current.periodEnd;
      case 'sponsor':
        return e.sponsorId !== current.sponsorId;
      case 'communes':
        return !samePlaces || e.comparison.length !== current.comparison.length || e.comparison.some((id) => !current.comparison.includes(id));
    }
  });
  return { ok: true, entry: e, changed };
}

/** The messages for units that cannot be removed because the model's rounds hold their data. */
export function placesWithData(removed: readonly PlaceNode[], locale: Locale): FieldError[] {
  return removed.map((p) => ({ question: 'communes', message: `${texts[locale].hasData} (${p.nameVi} ${p.code}).` }));
}

/** The message when someone changes parts of a model that are not theirs to change (managers: type, programme, sponsor). */
export function fieldsNotYours(fields: readonly ModelField[], locale: Locale): FieldError[] {
  return fields.map((f) => ({ question: f, message: texts[locale].notYours }));
}
