/**
 * Corrections of stored answers (issue 13, part 3): what changed between two answer objects, question by
 * question, the way a submission's history shows it (`submission_revisions.changes`). Pure.
 */
import type { Locale } from './i18n';
import { personalMask, type PersonalFields } from './personal';

/** One changed answer: `question` is its path (`children[2].age` inside a dynamic panel), null where absent. */
export interface AnswerChange {
  question: string;
  old: unknown;
  new: unknown;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPanel = (v: unknown): v is unknown[] => Array.isArray(v) && v.some(isObject);
const absent = (v: unknown) => v === undefined || v === null;

/** Equal as JSON, whatever the order of object keys. */
function same(a: unknown, b: unknown): boolean {
  if (absent(a) && absent(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(a[k], b[k]));
  }
  return a === b;
}

/**
 * The answers that differ from `before` to `after`, in the order of `after`'s questions then those dropped.
 * Dynamic panels (arrays of objects) and object answers (matrices, multiple text) are compared entry by entry;
 * an entry added or removed is one change of the whole entry. A checkbox's list is one answer.
 * Example: changedAnswers({ age: 7, children: [{ age: 3 }] }, { age: 8, children: [{ age: 4 }] })
 *   → [{ question: 'age', old: 7, new: 8 }, { question: 'children[0].age', old: 3, new: 4 }].
 */
export function changedAnswers(before: Json, after: Json, prefix = ''): AnswerChange[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.flatMap((key) => changesOf(`${prefix}${key}`, before[key], after[key]));
}

function changesOf(path: string, old: unknown, now: unknown): AnswerChange[] {
  if (same(old, now)) return [];
  if (isObject(old) && isObject(now)) return changedAnswers(old, now, `${path}.`);
  if ((isPanel(old) || isPanel(now)) && Array.isArray(old ?? []) && Array.isArray(now ?? [])) {
    const [a, b] = [(old ?? []) as unknown[], (now ?? []) as unknown[]];
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => changesOf(`${path}[${i}]`, a[i], b[i])).flat();
  }
  return [{ question: path, old: old ?? null, new: now ?? null }];
}

/** The answer key a change is about and, inside a dynamic panel, the entry's key: `children[2].name` → ['children', 'name']. */
function partsOf(question: string): { top: string; inner: string | null } {
  const match = /^([^[.]+)(?:\[\d+\])?(?:\.(.+))?$/.exec(question);
  return { top: match?.[1] ?? question, inner: match?.[2] ?? null };
}

const masked = (v: unknown) => (absent(v) || v === '' ? v : personalMask);

/** Whether the answer a change names is personal (domain/personal.ts), a dynamic panel's entry included. */
function isPersonal(question: string, fields: PersonalFields): boolean {
  const { top, inner } = partsOf(question);
  const base = (k: string) => (k.endsWith('-Comment') ? k.slice(0, -'-Comment'.length) : k);
  if (fields.keys.has(top) || fields.keys.has(base(top))) return true;
  const panel = fields.panels.get(top);
  if (!panel) return false;
  return inner === null ? panel.keys.size > 0 || panel.panels.size > 0 : isPersonal(inner, panel);
}

/**
 * Changes as a reader who may not see personal answers reads them: old and new of a personal question are
 * •••; a whole dynamic panel entry added or removed is ••• when its entries hold personal answers.
 * Example: maskChanges([{ question: 'hamlet', old: 'Thôn 1', new: 'Thôn 2' }], { keys: new Set(['hamlet']), … })
 *   → [{ question: 'hamlet', old: '•••', new: '•••' }].
 */
export function maskChanges(changes: readonly AnswerChange[], fields: PersonalFields): AnswerChange[] {
  return changes.map((c) => (isPersonal(c.question, fields) ? { question: c.question, old: masked(c.old), new: masked(c.new) } : c));
}

/**
 * The answers a corrector sends, with the stored personal ones kept where the corrector sees them masked (an
 * admin): they cannot have corrected what they could not read, and ••• must never replace an answer.
 * Inside dynamic panels, an entry kept at the same position keeps its stored personal answers.
 * Example: keepPersonal({ hamlet: 'Thôn 1' }, { hamlet: '•••', age: 8 }, { keys: new Set(['hamlet']), … })
 *   → { hamlet: 'Thôn 1', age: 8 }.
 */
export function keepPersonal(stored: Json, sent: Json, fields: PersonalFields): Json {
  const out: Json = { ...sent };
  for (const key of Object.keys({ ...stored, ...sent })) {
    const base = key.endsWith('-Comment') ? key.slice(0, -'-Comment'.length) : key;
    if (fields.keys.has(key) || fields.keys.has(base)) {
      if (stored[key] === undefined) delete out[key];
      else out[key] = stored[key];
      continue;
    }
    const panel = fields.panels.get(key);
    if (panel && Array.isArray(sent[key])) {
      const before = Array.isArray(stored[key]) ? (stored[key] as unknown[]) : [];
      out[key] = (sent[key] as unknown[]).map((entry, i) => (isObject(entry) ? keepPersonal(isObject(before[i]) ? before[i] : {}, entry, panel) : entry));
    }
  }
  return out;
}

/** How a value of a change reads on the page: `—` for none, a list joined, an object as JSON. */
export function changeValueText(value: unknown): string {
  if (absent(value) || value === '') return '—';
  if (Array.isArray(value) && !value.some((v) => typeof v === 'object')) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The reason of a correction, trimmed; null when missing or blank. At most 1000 characters. */
export function correctionReason(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const reason = value.trim();
  return reason.length === 0 ? null : reason.slice(0, 1000);
}

export const revisionText: Record<Locale, { reasonRequired: string; baseRevision: string; notHasIssues: string; removed: string }> = {
  vi: {
    reasonRequired: 'Hãy ghi lý do sửa.',
    baseRevision: 'baseRevision là số phiên bản câu trả lời bạn đã sửa (1, 2, …).',
    notHasIssues: 'Người đánh giá chỉ sửa được phiếu đang ở trạng thái “Cần sửa”.',
    removed: 'Phiếu đã xóa không sửa được.',
  },
  en: {
    reasonRequired: 'Give the reason for the correction.',
    baseRevision: 'baseRevision is the revision of the answers you corrected (1, 2, …).',
    notHasIssues: 'An evaluator corrects a submission only while it has issues.',
    removed: 'A removed submission cannot be corrected.',
  },
};
