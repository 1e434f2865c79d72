/** The kept indicator sums, and the same counted again from scratch from the stored submissions. */
import { asc } from 'drizzle-orm';
import { indicatorAggregates } from '../../db/schema';
import type { Db } from '../../src/db';
import { resetAggregates } from '../../src/queries/aggregates';
import { catchUpAggregates } from '../../src/workflows/aggregates';

const keptSums = (db: Db) =>
  db.select().from(indicatorAggregates).orderBy(asc(indicatorAggregates.roundId), asc(indicatorAggregates.communeId), asc(indicatorAggregates.indicatorId), asc(indicatorAggregates.dimension), asc(indicatorAggregates.category));

/** Rewrites the sums of `db` (use a database the test may change): `expect(recounted).toEqual(kept)`. */
export async function keptAndRecounted(db: Db) {
  const kept = await keptSums(db);
  await resetAggregates(db);
  const counted = await catchUpAggregates(db);
  return { kept, recounted: await keptSums(db), counted };
}
