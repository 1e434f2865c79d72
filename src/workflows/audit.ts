/**
 * Reading the audit log, for admins: one page at a time (the page, GET /api/v1/audit) or every entry of a
 * filter as CSV, read page by page while the download streams so memory stays flat whatever the log's size.
 * Check who asks → check the filter → query.
 */
import type { Db } from '../db';
import { type Actor, canSeeAudit } from '../domain/access';
import { auditCsvHeader, type AuditFilter, checkAuditFilter, csvLine } from '../domain/audit';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { auditEntries, type AuditRow } from '../queries/audit';

interface Ctx {
  db: Db;
  actor: Actor;
  locale: Locale;
}

/** The filter of a request's query parameters: 403 for anyone but an admin (first), 422 naming each bad one. */
export function auditFilterFor(ctx: Ctx, query: Record<string, string | undefined>): AuditFilter {
  if (!canSeeAudit(ctx.actor)) throw new AppError('forbidden');
  const check = checkAuditFilter(query, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  return check.filter;
}

/** One page, newest first, and the cursor of the next (null on the last page). */
export async function auditPage(ctx: Ctx, filter: AuditFilter) {
  if (!canSeeAudit(ctx.actor)) throw new AppError('forbidden');
  return auditEntries(ctx.db, filter);
}

/** An entry as the API and the CSV give it. */
export function auditJson(row: AuditRow) {
  return {
    id: row.id,
    at: row.at,
    user: row.userId === null ? null : { id: row.userId, email: row.userEmail, name: row.userName },
    action: row.action,
    object: row.objectType === null && row.objectId === null ? null : { type: row.objectType, id: row.objectId },
    address: row.address,
    detail: parseDetail(row.detail),
  };
}

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}

/** How many entries each read of the CSV download takes. */
const csvPageSize = 500;

/**
 * Every entry of the filter as CSV, UTF-8 with a byte-order mark (so that spreadsheets read Vietnamese right),
 * newest first. Each pull of the stream reads the next page by cursor: one page in memory at a time.
 */
export function auditCsv(ctx: Ctx, filter: AuditFilter): ReadableStream<Uint8Array> {
  if (!canSeeAudit(ctx.actor)) throw new AppError('forbidden');
  const encoder = new TextEncoder();
  let before = filter.before;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(auditCsvHeader)}`));
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      const page = await auditEntries(ctx.db, { ...filter, before, limit: csvPageSize });
      const text = page.rows.map((r) => csvLine([r.id, r.at, r.userId, r.userEmail, r.userName, r.action, r.objectType, r.objectId, r.address, r.detail])).join('');
      if (text) controller.enqueue(encoder.encode(text));
      if (page.next === null) done = true;
      else before = page.next;
    },
  });
}
