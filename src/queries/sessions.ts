import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { sessions, users } from '../../db/schema';
import type { Db } from '../db';
import type { Actor } from '../domain/access';
import { randomToken, sha256Hex } from '../domain/crypto';
import { preparedFor } from './prepared';

export interface SessionInfo {
  actor: Actor;
  csrfToken: string;
  expiresAt: string;
}

/** Creates a web session or API token; returns the secret, which is stored only as its hash. */
export async function createSession(db: Db, userId: number, kind: 'web' | 'api', now: Date, ttlMs: number) {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db.insert(sessions).values({
    tokenHash: sha256Hex(token),
    userId,
    kind,
    csrfToken: randomToken(16),
    expiresAt,
    createdAt: now.toISOString(),
  });
  return { token, expiresAt };
}

const liveSession = preparedFor((db) =>
  db
    .select({
      id: users.id,
      role: users.role,
      name: users.name,
      email: users.email,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), eq(sessions.kind, sql.placeholder('kind')), gt(sessions.expiresAt, sql.placeholder('now')), eq(users.active, true)))
    .limit(1)
    .prepare(),
);

/** The live session behind a secret, or null. Example: `await sessionByToken(db, cookie, 'web', now)`. */
export async function sessionByToken(db: Db, token: string, kind: 'web' | 'api', now: Date): Promise<SessionInfo | null> {
  const [row] = await liveSession(db).all({ tokenHash: sha256Hex(token), kind, now: now.toISOString() });
  if (!row) return null;
  const { csrfToken, expiresAt, ...actor } = row;
  return { actor, csrfToken, expiresAt };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(token)));
}

/** Deletes the sessions and tokens expired by `now`; returns how many. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const gone = await db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).returning({ userId: sessions.userId });
  return gone.length;
}
