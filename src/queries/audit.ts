/**
 * The audit log (append-only: no query here or elsewhere updates or deletes it; triggers refuse both).
 * A write that is audited puts `auditStatement` into the same batch as the change, so the entry exists
 * exactly when the change does; a read (a page view, an export, a failed sign-in) calls `audit`.
 */
import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { auditLog, users } from '../../db/schema';
import { idWhileAt, type RevisionGuard } from './aggregates';
import { statement, type Db } from '../db';
import type { AuditFilter } from '../domain/audit';

export interface AuditEntry {
  /** ISO time of the action (the deps' clock). */
  at: string;
  /** Who did it; null when nobody is signed in (a failed sign-in). */
  userId: number | null;
  /** e.g. 'signin', 'signin.failed', 'submission.view', 'submission.review', 'submission.edit', 'export'. */
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  /** The client's address as the sign-in limits read it (middleware/client-address.ts). */
  address?: string | null;
  /** Anything more, as JSON (a comment, the old and new role, the export's filters). */
  detail?: unknown;
}

const row = (e: AuditEntry) => ({
  at: e.at,
  userId: e.userId,
  action: e.action,
  objectType: e.objectType ?? null,
  objectId: e.objectId ?? null,
  address: e.address ?? null,
  detail: e.detail === undefined ? null : JSON.stringify(e.detail),
});

/** The insert of one entry, to put into the batch of the change it records. */
export function auditStatement(db: Db, entry: AuditEntry) {
  return db.insert(auditLog).values(row(entry));
}

/** Records one entry on its own (reads, refusals: there is no other write to share a batch with). */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await auditStatement(db, entry);
}

/**
 * One entry for each row `ids` selects (a one-column SELECT of the object's id), in the batch of the change
 * that made those rows: e.g. the account a batch has just created, whose id is not known before it runs. No
 * row, no entry (the change did not happen).
 */
export function auditEachStatement(db: Db, entry: Omit<AuditEntry, 'objectId'>, ids: SQL) {
  const r = row(entry);
  return statement(
    db,
    sql`INSERT INTO ${auditLog} (at, user_id, action, object_type, object_id, address, detail)
        SELECT ${r.at}, ${r.userId}, ${r.action}, ${r.objectType}, CAST(made.id AS TEXT), ${r.address}, ${r.detail} FROM (${ids}) AS made`,
  );
}

/**
 * The audit entry of a change to a submission (review, correction, removal; object: the submission), written
 * only while the submission is at the guarded revision: put it into the change's batch before its update.
 */
export function submissionAuditStatement(db: Db, guard: RevisionGuard, entry: Omit<AuditEntry, 'objectId' | 'objectType'>) {
  return auditEachStatement(db, { ...entry, objectType: 'submission' }, idWhileAt(guard));
}

/** An entry as read back, with the name and email of who did it (null for nobody, e.g. a failed sign-in). */
export interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  userEmail: string | null;
  userName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  address: string | null;
  detail: string | null;
}

/**
 * One page of entries matching the filter, newest first (by id, which follows the order they were written),
 * older than `filter.before` when given; `next` is the cursor of the page after, or null on the last one.
 */
export async function auditEntries(db: Db, filter: AuditFilter): Promise<{ rows: AuditRow[]; next: number | null }> {
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      userId: auditLog.userId,
      userEmail: users.email,
      userName: users.name,
      action: auditLog.action,
      objectType: auditLog.objectType,
      objectId: auditLog.objectId,
      address: auditLog.address,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(
      and(
        filter.userId === undefined ? undefined : eq(auditLog.userId, filter.userId),
        filter.action === undefined ? undefined : eq(auditLog.action, filter.action),
        filter.objectType === undefined ? undefined : eq(auditLog.objectType, filter.objectType),
        filter.objectId === undefined ? undefined : eq(auditLog.objectId, filter.objectId),
        filter.atFrom === undefined ? undefined : gte(auditLog.at, filter.atFrom),
        filter.atBefore === undefined ? undefined : lt(auditLog.at, filter.atBefore),
        filter.before === undefined ? undefined : lt(auditLog.id, filter.before),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const more = rows.length > filter.limit;
  const page = more ? rows.slice(0, filter.limit) : rows;
  return { rows: page, next: more ? page[page.length - 1].id : null };
}
