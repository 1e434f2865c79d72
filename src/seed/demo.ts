/**
 * Synthetic demo submissions, so that the pages show movement from baseline to midterm. Every row is marked
 * `synthetic`, and `npm run db:remove-synthetic` deletes them all. bench/ uses the same generator.
 */
import { eq } from 'drizzle-orm';
import * as s from '../../db/schema';
import { atomically, type Db } from '../db';
import { householdCode } from '../domain/household';
import { contentHash } from '../domain/submission';
import { checklistAnswers, householdAnswers, type Rng, seededRng } from '../domain/synthetic-answers';
import { insertsThatFit } from '../queries/bound';
import { getMeta, setMeta } from '../queries/meta';
import { placeIds } from './seed';
import { seedModels } from './programme';
import { syntheticEvaluator } from './users';

/** A submission row with made-up but valid answers. */
export function syntheticRow(rng: Rng, round: { id: string; year: number }, commune: { id: number; code: string }, evaluatorId: number, slug: 'household' | 'commune-checklist', rate: number, receivedAt: string) {
  const answers =
    slug === 'household'
      ? householdAnswers(rng, { knows111Rate: rate, householdNumber: String(Math.floor(rng() * 900) + 100) })
      : checklistAnswers(rng, { reportingYear: round.year, cscAssistedRate: rate });
  return {
    id: uuidFrom(rng),
    roundId: round.id,
    communeId: commune.id,
    instrumentSlug: slug,
    instrumentVersion: 1,
    evaluatorId,
    answers: JSON.stringify(answers),
    contentHash: contentHash({ round: round.id, commune: commune.code, instrument: slug, version: 1 }, answers),
    householdCode: householdCode(commune.code, answers),
    receivedAt,
    synthetic: true,
  };
}

/** A v4-shaped UUID from the seeded generator, so demo data is reproducible. */
export function uuidFrom(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rng() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const demoSeededKey = 'demo_submissions_seeded';

/** Models whose midterm already has synthetic data; the rest show baseline only. */
const midtermModels = new Set(['hn-hoa-lam', 'hn-thach-than', 'hn-phu-chau', 'yb-service-pilot']);

export async function seedDemoSubmissions(db: Db, now: Date, householdsPerCommune = 24): Promise<number> {
  if (await getMeta(db, demoSeededKey)) return 0;
  const [evaluator] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, syntheticEvaluator.email));
  const rng = seededRng(20151);
  const rows: ReturnType<typeof syntheticRow>[] = [];
  for (const model of seedModels.filter((m) => m.rounds)) {
    const communes = await placeIds(db, model.places);
    const year = Number(model.start.slice(0, 4));
    const kinds = midtermModels.has(model.id) ? (['baseline', 'midterm'] as const) : (['baseline'] as const);
    for (const kind of kinds) {
      const round = { id: `${model.id}-${kind}`, year: kind === 'baseline' ? year : year + 2 };
      const rate = kind === 'baseline' ? 0.3 + rng() * 0.15 : 0.55 + rng() * 0.2;
      const receivedAt = `${round.year}-${kind === 'baseline' ? '05' : '11'}-15T08:00:00.000Z`;
      for (const [code, id] of communes) {
        for (let i = 0; i < householdsPerCommune; i++) rows.push(syntheticRow(rng, round, { id, code }, evaluator.id, 'household', rate, receivedAt));
        rows.push(syntheticRow(rng, round, { id, code }, evaluator.id, 'commune-checklist', kind === 'baseline' ? 0.8 : 0.92, receivedAt));
      }
    }
  }
  // The demo stands for rounds already reviewed: approved, so that sponsors (who see approved data only) see it.
  const approved = rows.map((row) => ({ ...row, reviewState: 'approved' as const }));
  await atomically(db, [...insertsThatFit(db, s.submissions, approved), setMeta(db, demoSeededKey, now.toISOString())]);
  return rows.length;
}
