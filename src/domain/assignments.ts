/**
 * Who collects where in a round: each evaluator with the communes of the round's model they work in. A round's
 * assignments are set whole (the API's PUT) or one evaluator at a time (the round page). Pure: the caller
 * looks up the evaluators and communes the entries name.
 * Example: checkAssignments([{ user: 'lan@example.org', communes: ['09649'] }], known, 'vi')
 * → { ok: true, assignments: [{ userId: 3, placeIds: [12] }] }.
 */
import type { FieldError } from './errors';
import type { Locale } from './i18n';

export interface KnownForAssignments {
  /** Evaluators the entries may name (by id, or by email in any case). */
  evaluators: readonly { id: number; email: string }[];
  /** The communes of the round's model, by GSO code. */
  communes: readonly { id: number; code: string }[];
}

export interface Assignment {
  userId: number;
  placeIds: number[];
}

export const maxAssignments = 500;

type Problem = 'notList' | 'tooMany' | 'notEntry' | 'unknownEvaluator' | 'twice' | 'noCommunes' | 'unknownCommune';

const texts: Record<Locale, Record<Problem, string>> = {
  vi: {
    notList: 'Cần một danh sách phân công.',
    tooMany: `Tối đa ${maxAssignments} người đánh giá.`,
    notEntry: 'Mỗi mục cần người đánh giá (user) và danh sách mã xã (communes).',
    unknownEvaluator: 'Không có người đánh giá này.',
    twice: 'Người đánh giá này có hai lần trong danh sách.',
    noCommunes: 'Chọn ít nhất một xã.',
    unknownCommune: 'Xã này không thuộc mô hình của đợt đánh giá.',
  },
  en: {
    notList: 'Send a list of assignments.',
    tooMany: `At most ${maxAssignments} evaluators.`,
    notEntry: 'Each entry needs an evaluator (user) and a list of commune codes (communes).',
    unknownEvaluator: 'There is no such evaluator.',
    twice: 'This evaluator is in the list twice.',
    noCommunes: 'Choose at least one commune.',
    unknownCommune: "The commune is not one of the round's model.",
  },
};

/** Emails and ids the entries name, to look the evaluators up in one query. */
export function namedEvaluators(body: unknown): { emails: string[]; ids: number[] } {
  const entries = Array.isArray(body) ? body.slice(0, maxAssignments) : [];
  const users = entries.map((e) => (e && typeof e === 'object' ? (e as { user?: unknown }).user : undefined));
  return {
    emails: users.filter((u): u is string => typeof u === 'string').map((u) => u.trim().toLowerCase()),
    ids: users.filter((u): u is number => Number.isSafeInteger(u)),
  };
}

export function checkAssignments(body: unknown, known: KnownForAssignments, locale: Locale): { ok: true; assignments: Assignment[] } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  if (!Array.isArray(body)) return { ok: false, errors: [{ question: '(body)', message: t.notList }] };
  if (body.length > maxAssignments) return { ok: false, errors: [{ question: '(body)', message: t.tooMany }] };
  const errors: FieldError[] = [];
  const assignments: Assignment[] = [];
  const seen = new Set<number>();
  body.forEach((entry: unknown, i) => {
    const e = entry && typeof entry === 'object' && !Array.isArray(entry) ? (entry as { user?: unknown; communes?: unknown }) : null;
    if (!e || !Array.isArray(e.communes) || (typeof e.user !== 'string' && typeof e.user !== 'number')) {
      errors.push({ question: `${i}`, message: t.notEntry });
      return;
    }
    const user = e.user;
    const evaluator = known.evaluators.find((x) => (typeof user === 'number' ? x.id === user : x.email.toLowerCase() === user.trim().toLowerCase()));
    if (!evaluator) errors.push({ question: `${i}.user`, message: `${t.unknownEvaluator} (${String(user)})` });
    else if (seen.has(evaluator.id)) errors.push({ question: `${i}.user`, message: t.twice });
    else seen.add(evaluator.id);
    const placeIds = new Set<number>();
    for (const code of e.communes) {
      const commune = known.communes.find((c) => c.code === code);
      if (commune) placeIds.add(commune.id);
      else errors.push({ question: `${i}.communes`, message: `${t.unknownCommune} (${String(code)})` });
    }
    if (e.communes.length === 0) errors.push({ question: `${i}.communes`, message: t.noCommunes });
    if (evaluator) assignments.push({ userId: evaluator.id, placeIds: [...placeIds] });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, assignments };
}
