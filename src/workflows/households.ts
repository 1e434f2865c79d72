/** The households a later round revisits, each with the answers its form starts from. */
import type { Db } from '../db';
import { type Actor, assignedCommunes, canSubmitTo, refusal, type Scope } from '../domain/access';
import { AppError } from '../domain/errors';
import { prefillFrom } from '../domain/household';
import { earlierHouseholds } from '../queries/households';
import { roundById } from '../queries/rounds';

export interface HouseholdToRevisit {
  code: string;
  commune: { code: string; vi: string; en: string };
  hamlet: string;
  householdNumber: string;
  /** The earlier visit the prefill comes from. */
  from: { submission: string; round: string; collectedAt: string };
  prefill: { answers: Record<string, unknown>; prefilled: string[]; agedOut: number };
}

/** Ages move on to today, or to the round's planned window when today lies outside it. */
function ageOnDate(round: { plannedStart: string; plannedEnd: string }, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  if (today < round.plannedStart) return round.plannedStart;
  if (today > round.plannedEnd) return round.plannedEnd;
  return today;
}

export async function householdsToRevisit(ctx: { db: Db; actor: Actor; scope: Scope; now: Date }, roundId: string): Promise<HouseholdToRevisit[]> {
  const round = await roundById(ctx.db, roundId);
  if (!round || !canSubmitTo(ctx.actor, ctx.scope, round)) throw new AppError(refusal(ctx.actor, 'submission.send'));
  const ageOn = ageOnDate(round, ctx.now);
  // An evaluator's list holds only the communes they are assigned in this round.
  const communes = assignedCommunes(ctx.scope, round.id);
  const rows = (await earlierHouseholds(ctx.db, round.modelId, round.plannedStart)).filter((row) => communes === 'all' || communes.has(row.communeCode));
  return rows.map((row) => {
    const answers = JSON.parse(row.answers) as Record<string, unknown>;
    const collectedAt = row.startedAt ?? row.receivedAt;
    return {
      code: row.householdCode!,
      commune: { code: row.communeCode, vi: row.communeVi, en: row.communeEn },
      hamlet: String(answers.hamlet),
      householdNumber: String(answers.household_number),
      from: { submission: row.id, round: row.roundKind, collectedAt },
      prefill: prefillFrom(answers, collectedAt, ageOn),
    };
  });
}
