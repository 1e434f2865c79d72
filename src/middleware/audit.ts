/**
 * The when, who and where of an audit entry made by a request, and the one-line records routes make.
 * Example (a route that shows one submission, the web page or GET /api/v1/submissions/{id}):
 * `await auditSubmissionView(c, submission.id)` once the reader is known to be allowed to see it.
 */
import type { Context } from 'hono';
import { type AuditAction, importDetail } from '../domain/audit';
import { audit, type AuditEntry } from '../queries/audit';
import { clientAddressOf } from './client-address';
import type { AppEnv } from './env';

export interface AuditOrigin {
  at: string;
  userId: number | null;
  address: string | null;
}

/** Now (the deps' clock), the signed-in person (null for nobody) and the client's address. */
export function auditOrigin(c: Context<AppEnv>): AuditOrigin {
  return { at: c.get('deps').clock().toISOString(), userId: c.get('actor')?.id ?? null, address: clientAddressOf(c) ?? null };
}

/** An entry of this request: `auditOf(c, 'signout', { objectType: 'user', objectId: '3' })`. */
export function auditOf(c: Context<AppEnv>, action: AuditAction, rest: Omit<AuditEntry, 'at' | 'userId' | 'address' | 'action'> = {}): AuditEntry {
  return { ...auditOrigin(c), action, ...rest };
}

/** Records that the signed-in reader opened a submission's record (`submission.view`). */
export async function auditSubmissionView(c: Context<AppEnv>, submissionId: string, detail?: { via: 'web' | 'api' }): Promise<void> {
  await audit(c.get('deps').db, auditOf(c, 'submission.view', { objectType: 'submission', objectId: submissionId, detail }));
}

/** Records an upload of a backup file that was read (`import`), whatever became of its items. */
export async function auditImport(c: Context<AppEnv>, report: Parameters<typeof importDetail>[0], via: 'web' | 'api', file?: string): Promise<void> {
  await audit(c.get('deps').db, auditOf(c, 'import', { detail: importDetail(report, via, file) }));
}
