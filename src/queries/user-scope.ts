/**
 * The models and programmes given to managers and sponsors (user_models, user_programmes); scopeOf
 * (queries/scope.ts) reads them on every request. Every list travels as one JSON parameter (json_each), so
 * any number of ids stays within D1's bound parameters.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { models, programmes, userModels, userProgrammes } from '../../db/schema';
import { atomically, statement, type Db } from '../db';
import type { UserScope } from '../domain/user-scope';
import { auditStatement, type AuditEntry } from './audit';
import { inJson } from './bound';


/** What one account was given, ids sorted: `{ models: ['hn-phu-chau'], programmes: [] }`. */
export async function scopeGivenTo(db: Db, userId: number): Promise<UserScope> {
  const [given, whole] = await db.batch([
    db.select({ id: userModels.modelId }).from(userModels).where(eq(userModels.userId, userId)).orderBy(asc(userModels.modelId)),
    db.select({ id: userProgrammes.programmeId }).from(userProgrammes).where(eq(userProgrammes.userId, userId)).orderBy(asc(userProgrammes.programmeId)),
  ]);
  return { models: given.map((r) => r.id), programmes: whole.map((r) => r.id) };
}

/** Which of the named ids exist. */
export async function existingScopeIds(db: Db, named: UserScope) {
  const [m, p] = await db.batch([
    db.select({ id: models.id }).from(models).where(inJson(models.id, named.models)),
    db.select({ id: programmes.id }).from(programmes).where(inJson(programmes.id, named.programmes)),
  ]);
  return { models: new Set(m.map((r) => r.id)), programmes: new Set(p.map((r) => r.id)) };
}

/** Replaces both lists of an account in one batch, with its audit entry (`user.scope`). */
export async function replaceUserScope(db: Db, userId: number, scope: UserScope, audit: AuditEntry) {
  await atomically(db, [
    db.delete(userModels).where(eq(userModels.userId, userId)),
    db.delete(userProgrammes).where(eq(userProgrammes.userId, userId)),
    statement(db, sql`INSERT OR IGNORE INTO ${userModels} (user_id, model_id) SELECT ${userId}, value FROM json_each(${JSON.stringify(scope.models)})`),
    statement(db, sql`INSERT OR IGNORE INTO ${userProgrammes} (user_id, programme_id) SELECT ${userId}, value FROM json_each(${JSON.stringify(scope.programmes)})`),
    auditStatement(db, audit),
  ]);
}

/** Every programme and model to choose from, by programme then id. */
export async function scopeChoices(db: Db) {
  const [p, m] = await db.batch([
    db.select({ id: programmes.id, nameVi: programmes.nameVi, nameEn: programmes.nameEn }).from(programmes).orderBy(asc(programmes.id)),
    db.select({ id: models.id, nameVi: models.nameVi, nameEn: models.nameEn, programmeId: models.programmeId }).from(models).orderBy(asc(models.programmeId), asc(models.id)),
  ]);
  return { programmes: p, models: m };
}

/** What each account was given, with names, for the accounts list: user id → programmes and models. */
export async function scopesGiven(db: Db) {
  const [m, p] = await db.batch([
    db.select({ userId: userModels.userId, id: models.id, nameVi: models.nameVi, nameEn: models.nameEn }).from(userModels).innerJoin(models, eq(models.id, userModels.modelId)).orderBy(asc(models.id)),
    db
      .select({ userId: userProgrammes.userId, id: programmes.id, nameVi: programmes.nameVi, nameEn: programmes.nameEn })
      .from(userProgrammes)
      .innerJoin(programmes, eq(programmes.id, userProgrammes.programmeId))
      .orderBy(asc(programmes.id)),
  ]);
  type Named = { id: string; nameVi: string; nameEn: string };
  const byUser = new Map<number, { models: Named[]; programmes: Named[] }>();
  const entry = (userId: number) => byUser.get(userId) ?? byUser.set(userId, { models: [], programmes: [] }).get(userId)!;
  for (const { userId, ...named } of m) entry(userId).models.push(named);
  for (const { userId, ...named } of p) entry(userId).programmes.push(named);
  return byUser;
}
