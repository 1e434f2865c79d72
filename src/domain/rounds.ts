/**
 * Evaluation rounds: their kinds, and the checks for creating one and for opening or closing it. Pure: the
 * caller says which kinds the model already has and which instrument versions exist.
 * Example: checkRoundEntry({ model: 'hn-phu-chau', kind: 'final', plannedStart: '2020-10-01',
 * plannedEnd: '2020-12-31', plannedSamplePerCommune: 60, instruments: [{ slug: 'household', version: 2 }] }, known)
 * → { ok: true, entry: { … } }.
 */
import type { FieldError } from './errors';
import type { Locale } from './i18n';
import { isIsoDate } from './validation/values';

/** The kinds of round, in the order they happen. */
export const roundKinds = ['baseline', 'midterm', 'final'] as const;
export type RoundKind = (typeof roundKinds)[number];

export interface RoundEntry {
  model: string;
  kind: RoundKind;
  plannedStart: string;
  plannedEnd: string;
  plannedSamplePerCommune: number;
  instruments: { slug: string; version: number }[];
}

type Problem = 'model' | 'kind' | 'kindTaken' | 'date' | 'reversed' | 'sample' | 'instruments' | 'unknownInstrument' | 'reasonMissing' | 'reopenAdminOnly' | 'pinLower';

const texts: Record<Locale, Record<Problem, string>> = {
  vi: {
    model: 'Chọn mô hình.',
    kind: 'Loại đợt phải là khảo sát đầu kỳ, giữa kỳ hoặc cuối kỳ.',
    kindTaken: 'Mô hình đã có đợt đánh giá loại này.',
    date: 'Ngày phải có dạng yyyy-mm-dd.',
    reversed: 'Ngày kết thúc phải sau ngày bắt đầu.',
    sample: 'Cỡ mẫu mỗi xã là số nguyên từ 1 đến 10000.',
    instruments: 'Chọn ít nhất một phiếu (mã và phiên bản).',
    unknownInstrument: 'Không có phiên bản phiếu này.',
    reasonMissing: 'Hãy ghi lý do mở lại đợt đánh giá.',
    reopenAdminOnly: 'Chỉ quản trị viên được mở lại đợt đánh giá đã đóng.',
    pinLower: 'Không thể quay về phiên bản thấp hơn phiên bản đợt đang dùng',
  },
  en: {
    model: 'Choose a model.',
    kind: 'The kind must be baseline, midterm or final.',
    kindTaken: 'The model already has a round of this kind.',
    date: 'Dates are written yyyy-mm-dd.',
    reversed: 'The end date must come after the start date.',
    sample: 'The sample per commune is a whole number from 1 to 10000.',
    instruments: 'Choose at least one instrument (slug and version).',
    unknownInstrument: 'There is no such instrument version.',
    reasonMissing: 'Give the reason for reopening the round.',
    reopenAdminOnly: 'Only an administrator may reopen a closed round.',
    pinLower: 'A round cannot go back to a version lower than the one it uses',
  },
};

export interface KnownForRounds {
  /** Kinds the model already has a round of. */
  kindsTaken: readonly string[];
  instrumentExists: (slug: string, version: number) => boolean;
}

export function checkRoundEntry(input: unknown, known: KnownForRounds, locale: Locale): { ok: true; entry: RoundEntry } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const b = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const errors: FieldError[] = [];
  const fail = (question: string, problem: Problem, detail = '') => errors.push({ question, message: detail ? `${t[problem]} (${detail})` : t[problem] });

  const model = typeof b.model === 'string' ? b.model.trim() : '';
  if (!model) fail('model', 'model');
  const kind = roundKinds.find((k) => k === b.kind);
  if (!kind) fail('kind', 'kind');
  else if (known.kindsTaken.includes(kind)) fail('kind', 'kindTaken');
  const start = typeof b.plannedStart === 'string' && isIsoDate(b.plannedStart) ? b.plannedStart : null;
  const end = typeof b.plannedEnd === 'string' && isIsoDate(b.plannedEnd) ? b.plannedEnd : null;
  if (!start) fail('plannedStart', 'date');
  if (!end) fail('plannedEnd', 'date');
  if (start && end && end < start) fail('plannedEnd', 'reversed');
  const sample = typeof b.plannedSamplePerCommune === 'string' ? Number(b.plannedSamplePerCommune) : b.plannedSamplePerCommune;
  if (typeof sample !== 'number' || !Number.isInteger(sample) || sample < 1 || sample > 10000) fail('plannedSamplePerCommune', 'sample');
  const pins: RoundEntry['instruments'] = [];
  if (!Array.isArray(b.instruments) || b.instruments.length === 0) fail('instruments', 'instruments');
  else
    b.instruments.forEach((p: unknown, i) => {
      const pin = p && typeof p === 'object' ? (p as { slug?: unknown; version?: unknown }) : {};
      const version = typeof pin.version === 'string' ? Number(pin.version) : pin.version;
      if (typeof pin.slug !== 'string' || typeof version !== 'number' || !known.instrumentExists(pin.slug, version)) fail(`instruments.${i}`, 'unknownInstrument', `${String(pin.slug)} v${String(pin.version)}`);
      else if (!pins.some((x) => x.slug === pin.slug)) pins.push({ slug: pin.slug, version });
    });
  if (errors.length > 0 || !kind || !start || !end) return { ok: false, errors };
  return { ok: true, entry: { model, kind, plannedStart: start, plannedEnd: end, plannedSamplePerCommune: sample as number, instruments: pins } };
}

/**
 * Opening or closing a round: closing by anyone who manages it; reopening a closed round by an admin, with a
 * reason. Example: checkStatusChange('closed', 'open', { mayReopen: false }, 'x', 'en') → errors (admins only).
 */
export function checkStatusChange(from: 'open' | 'closed', to: unknown, by: { mayReopen: boolean }, reason: unknown, locale: Locale): { ok: true; to: 'open' | 'closed'; reason: string | null } | { ok: false; errors: FieldError[]; forbidden?: boolean } {
  const t = texts[locale];
  if (to !== 'open' && to !== 'closed') return { ok: false, errors: [{ question: 'status', message: 'open | closed' }] };
  const why = typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, 500) : null;
  if (from === 'closed' && to === 'open') {
    if (!by.mayReopen) return { ok: false, errors: [{ question: 'status', message: t.reopenAdminOnly }], forbidden: true };
    if (!why) return { ok: false, errors: [{ question: 'reason', message: t.reasonMissing }] };
  }
  return { ok: true, to, reason: why };
}

/**
 * Pinning instrument versions to a running round: each a released version, never lower than the version of that
 * slug the round already pins (the same version is no change). Example: checkPins([{ slug: 'household',
 * version: 2 }], { released, pinned: [{ slug: 'household', version: 1 }] }, 'en') → { ok: true, pins: [...] }.
 */
export function checkPins(
  input: unknown,
  known: { released: readonly { slug: string; version: number }[]; pinned: readonly { slug: string; version: number }[] },
  locale: Locale,
): { ok: true; pins: { slug: string; version: number }[] } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  if (!Array.isArray(input) || input.length === 0) return { ok: false, errors: [{ question: 'instruments', message: t.instruments }] };
  const errors: FieldError[] = [];
  const pins: { slug: string; version: number }[] = [];
  input.forEach((p: unknown, i) => {
    const pin = p && typeof p === 'object' ? (p as { slug?: unknown; version?: unknown }) : {};
    const version = typeof pin.version === 'string' && /^\d+$/.test(pin.version) ? Number(pin.version) : pin.version;
    const label = `${String(pin.slug)} v${String(pin.version)}`;
    if (typeof pin.slug !== 'string' || typeof version !== 'number' || !known.released.some((r) => r.slug === pin.slug && r.version === version)) {
      errors.push({ question: `instruments.${i}`, message: `${t.unknownInstrument} (${label})` });
      return;
    }
    const current = known.pinned.find((x) => x.slug === pin.slug);
    if (current && version < current.version) errors.push({ question: `instruments.${i}`, message: `${t.pinLower} (${pin.slug} v${current.version})` });
    else if (!pins.some((x) => x.slug === pin.slug)) pins.push({ slug: pin.slug, version });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, pins };
}
