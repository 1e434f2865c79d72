/**
 * Targets as stored (db `targets`), read back as domain Targets. A programme's target and a model's own live in
 * the same table; exactly one of programme_id and model_id is set (domain/target-entry.ts checks it).
 */
import { and, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { models, programmes, targets } from '../../db/schema';
import type { Db } from '../db';
import { inJson } from './bound';
import type { TargetEntry } from '../domain/target-entry';
import type { Target } from '../domain/targets';

type Row = typeof targets.$inferSelect;

function asTarget(r: Row): Target & { updatedAt: string } {
  return {
    indicator: r.indicatorId,
    ...(r.modelId ? { model: r.modelId } : { programme: r.programmeId ?? undefined }),
    value: r.value,
    year: r.year,
    baseline: r.baselineValue !== null && r.baselineYear !== null ? { value: r.baselineValue, year: r.baselineYear } : undefined,
    source: r.source,
    updatedAt: r.updatedAt,
  };
}

/**
 * The targets of the given programmes (their programme-wide ones) and models (their own), or every target.
 * Example: `await targetsOf(db, { programmes: ['hanoi-2015-2020'], models: ['hn-phu-chau'] })`.
 */
export async function targetsOf(db: Db, of: { programmes: string[]; models: string[] } | 'all'): Promise<(Target & { updatedAt: string })[]> {
  const where =
    of === 'all'
      ? undefined
      : or(and(isNull(targets.modelId), inJson(targets.programmeId, of.programmes)), and(isNotNull(targets.modelId), inJson(targets.modelId, of.models)));
  const rows = await db.select().from(targets).where(where).orderBy(targets.indicatorId, targets.programmeId, targets.modelId, targets.year);
  return rows.map(asTarget);
}

/** The targets that can apply to these models: their own and their programmes'. */
export async function targetsOfModels(db: Db, modelIds: string[]): Promise<Target[]> {
  if (modelIds.length === 0) return [];
  const programmes = await db
    .selectDistinct({ id: models.programmeId })
    .from(models)
    .where(inJson(models.id, modelIds));
  return targetsOf(db, { programmes: programmes.map((p) => p.id), models: modelIds });
}

/** One row per target, for inserting or replacing (the same indicator, scope and year is one target). */
function rowOf(entry: Target, updatedBy: number | null, updatedAt: string) {
  return {
    indicatorId: entry.indicator,
    programmeId: entry.model ? null : (entry.programme ?? null),
    modelId: entry.model ?? null,
    year: entry.year,
    value: entry.value,
    baselineValue: entry.baseline?.value ?? null,
    baselineYear: entry.baseline?.year ?? null,
    source: entry.source,
    updatedBy,
    updatedAt,
  };
}

/** Sets a target, replacing the one of the same indicator, programme or model, and year. */
export function putTarget(db: Db, entry: TargetEntry, updatedBy: number | null, updatedAt: string) {
  const row = rowOf(entry, updatedBy, updatedAt);
  const set = { value: row.value, baselineValue: row.baselineValue, baselineYear: row.baselineYear, source: row.source, updatedBy, updatedAt };
  return entry.model
    ? db.insert(targets).values(row).onConflictDoUpdate({ target: [targets.indicatorId, targets.modelId, targets.year], targetWhere: sql`model_id IS NOT NULL`, set })
    : db.insert(targets).values(row).onConflictDoUpdate({ target: [targets.indicatorId, targets.programmeId, targets.year], targetWhere: sql`model_id IS NULL`, set });
}

/** Seed rows, one statement each (a multi-row insert would pass D1's 100 parameters); a second run keeps edits. */
export function seedTargetStatements(db: Db, seeded: readonly Target[], at: string) {
  return seeded.map((t) => db.insert(targets).values(rowOf(t, null, at)).onConflictDoNothing());
}

/** Whether a programme or a model of that id exists (a target must belong to one). */
export async function targetScopeExists(db: Db, entry: TargetEntry): Promise<boolean> {
  const [row] = entry.model
    ? await db.select({ id: models.id }).from(models).where(eq(models.id, entry.model)).limit(1)
    : await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, entry.programme ?? '')).limit(1);
  return Boolean(row);
}
