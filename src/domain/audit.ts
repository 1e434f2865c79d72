/**
 * The audit log's vocabulary and its filters, pure: which actions are recorded, what a filter from a query
 * string must hold (with per-field messages in vi and en), the Vietnam calendar days a date filter means, and
 * how an entry reads as a CSV line.
 * Example: checkAuditFilter({ action: 'signin', from: '2026-11-20' }, 'en')
 * → { ok: true, filter: { action: 'signin', from: '2026-11-20', atFrom: '2026-11-19T17:00:00.000Z', limit: 50 } }.
 */
import { vietnamDayStart } from './calendar';
import type { FieldError } from './errors';
import type { Locale } from './i18n';

/**
 * Every action the log records, as dotted names (README and docs/api.md list what each one holds):
 * `export` is for the exports of issue 15 (detail: what was exported and with which filters).
 */
export const auditActions = [
  'signin',
  'signin.failed',
  'signout',
  'token.create',
  'submission.view',
  'submission.review',
  'submission.edit',
  'submission.remove',
  'import',
  'export',
  'user.create',
  'user.change',
  'user.role',
  'user.activate',
  'user.deactivate',
  'user.reset',
  'user.scope',
  'user.password',
  'model.change',
] as const;

export type AuditAction = (typeof auditActions)[number];

/** The kinds of object an entry names (object_type). */
export const auditObjectTypes = ['user', 'submission', 'round', 'model'] as const;

export const auditPageSize = { default: 50, max: 500 } as const;

export interface AuditFilter {
  userId?: number;
  action?: string;
  objectType?: string;
  objectId?: string;
  /** Vietnam calendar dates as given, e.g. '2026-11-20'. */
  from?: string;
  to?: string;
  /** The same days as instants: entries at or after `atFrom` and strictly before `atBefore`. */
  atFrom?: string;
  atBefore?: string;
  /** The cursor: entries older than this id (the `next` of the previous page). */
  before?: number;
  limit: number;
}

type Problem = 'user' | 'action' | 'objectType' | 'objectId' | 'from' | 'to' | 'order' | 'before' | 'limit';

const texts: Record<Locale, Record<Problem, string>> = {
  vi: {
    user: 'Người thực hiện là mã số tài khoản (số nguyên dương).',
    action: 'Hành động là tên có dấu chấm, ví dụ signin hoặc user.role.',
    objectType: 'Loại đối tượng là chữ thường, tối đa 40 ký tự.',
    objectId: 'Mã đối tượng tối đa 200 ký tự.',
    from: 'Ngày bắt đầu có dạng YYYY-MM-DD.',
    to: 'Ngày kết thúc có dạng YYYY-MM-DD.',
    order: 'Ngày bắt đầu không được sau ngày kết thúc.',
    before: 'Con trỏ trang (before) là số nguyên dương.',
    limit: `Số dòng mỗi trang từ 1 đến ${auditPageSize.max}.`,
  },
  en: {
    user: 'The user is an account id (a positive whole number).',
    action: 'The action is a dotted name, e.g. signin or user.role.',
    objectType: 'The object type is lower-case letters, at most 40 characters.',
    objectId: 'The object id has at most 200 characters.',
    from: 'The from date reads YYYY-MM-DD.',
    to: 'The to date reads YYYY-MM-DD.',
    order: 'The from date cannot be after the to date.',
    before: 'The page cursor (before) is a positive whole number.',
    limit: `The page size is 1 to ${auditPageSize.max}.`,
  },
};

const whole = (s: string) => (/^\d{1,15}$/.test(s) && Number(s) > 0 ? Number(s) : null);

/** A real calendar date: 2026-02-30 is refused rather than rolled over to March. */
function calendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The day after a calendar date: '2026-12-31' → '2027-01-01'. */
const nextDay = (date: string) => new Date(new Date(`${date}T00:00:00Z`).getTime() + 86400_000).toISOString().slice(0, 10);

/**
 * A filter from query parameters (`user`, `action`, `objectType`, `objectId`, `from`, `to`, `before`,
 * `limit`); blank ones mean no filter. `from` and `to` are Vietnam calendar dates, both days included.
 */
export function checkAuditFilter(query: Record<string, string | undefined>, locale: Locale): { ok: true; filter: AuditFilter } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const errors: FieldError[] = [];
  const given = (k: string) => {
    const v = query[k]?.trim();
    return v ? v : undefined;
  };
  const filter: AuditFilter = { limit: auditPageSize.default };
  const user = given('user');
  if (user !== undefined) {
    const id = whole(user);
    if (id === null) errors.push({ question: 'user', message: t.user });
    else filter.userId = id;
  }
  const action = given('action');
  if (action !== undefined) {
    if (!/^[a-z][a-z-]*(\.[a-z][a-z-]*)*$/.test(action) || action.length > 64) errors.push({ question: 'action', message: t.action });
    else filter.action = action;
  }
  const objectType = given('objectType');
  if (objectType !== undefined) {
    if (!/^[a-z][a-z-]{0,39}$/.test(objectType)) errors.push({ question: 'objectType', message: t.objectType });
    else filter.objectType = objectType;
  }
  const objectId = given('objectId');
  if (objectId !== undefined) {
    if ([...objectId].length > 200) errors.push({ question: 'objectId', message: t.objectId });
    else filter.objectId = objectId;
  }
  for (const k of ['from', 'to'] as const) {
    const date = given(k);
    if (date === undefined) continue;
    if (!calendarDate(date)) errors.push({ question: k, message: t[k] });
    else filter[k] = date;
  }
  if (filter.from && filter.to && filter.from > filter.to) errors.push({ question: 'from', message: t.order });
  const before = given('before');
  if (before !== undefined) {
    const id = whole(before);
    if (id === null) errors.push({ question: 'before', message: t.before });
    else filter.before = id;
  }
  const limit = given('limit');
  if (limit !== undefined) {
    const n = whole(limit);
    if (n === null || n > auditPageSize.max) errors.push({ question: 'limit', message: t.limit });
    else filter.limit = n;
  }
  if (errors.length > 0) return { ok: false, errors };
  if (filter.from) filter.atFrom = vietnamDayStart(filter.from);
  if (filter.to) filter.atBefore = vietnamDayStart(nextDay(filter.to));
  return { ok: true, filter };
}

/** The filter as query parameters again (for the next page's link and the CSV link), cursor and size left out. */
export function auditFilterQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.userId !== undefined) params.set('user', String(filter.userId));
  for (const k of ['action', 'objectType', 'objectId', 'from', 'to'] as const) if (filter[k] !== undefined) params.set(k, filter[k]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const auditCsvHeader = ['id', 'at', 'user_id', 'user_email', 'user_name', 'action', 'object_type', 'object_id', 'address', 'detail'] as const;

/**
 * One CSV line (RFC 4180, CRLF). A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
 * is prefixed with an apostrophe: names and details come from people.
 * Example: csvLine([1, '=SUM(A1)', 'a "b"']) → `1,'=SUM(A1),"a ""b"""\r\n`.
 */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return (
    cells
      .map((cell) => {
        if (cell === null) return '';
        if (typeof cell === 'number') return String(cell);
        const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
        return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      })
      .join(',') + '\r\n'
  );
}

/**
 * The entries a change to an account makes: `user.role`, `user.activate` / `user.deactivate` and `user.change`
 * (the name), each with what it was and what it became; a field sent with its current value makes none.
 * Example: userChanges({ role: 'manager', active: true, name: 'Hà' }, { role: 'admin', name: 'Hà' })
 * → [{ action: 'user.role', detail: { from: 'manager', to: 'admin' } }].
 */
export function userChanges(
  before: { role: string; active: boolean; name: string },
  patch: { role?: string; active?: boolean; name?: string },
): { action: AuditAction; detail: { from: string | boolean; to: string | boolean } }[] {
  const out: ReturnType<typeof userChanges> = [];
  if (patch.role !== undefined && patch.role !== before.role) out.push({ action: 'user.role', detail: { from: before.role, to: patch.role } });
  if (patch.active !== undefined && patch.active !== before.active) out.push({ action: patch.active ? 'user.activate' : 'user.deactivate', detail: { from: before.active, to: patch.active } });
  if (patch.name !== undefined && patch.name !== before.name) out.push({ action: 'user.change', detail: { from: before.name, to: patch.name } });
  return out;
}

/** How many stored submission ids an `import` entry lists before it says only how many more there were. */
export const importIdsListed = 200;

/**
 * What an `import` entry holds: the counts of the report, and the ids it stored (the first 200, then how
 * many more), so that a submission can be traced back to the upload that brought it.
 */
export function importDetail(report: { results: { id: string | null; status: number }[]; stored: number; alreadyThere: number; refused: number }, via: 'web' | 'api', file?: string) {
  const storedIds = report.results.filter((r) => r.status === 201 && r.id !== null).map((r) => r.id as string);
  return {
    via,
    ...(file === undefined ? {} : { file: [...file].slice(0, 200).join('') }),
    stored: report.stored,
    alreadyThere: report.alreadyThere,
    refused: report.refused,
    storedIds: storedIds.slice(0, importIdsListed),
    ...(storedIds.length > importIdsListed ? { moreStored: storedIds.length - importIdsListed } : {}),
  };
}
