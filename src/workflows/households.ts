/** The households a later round revisits, each with the answers its form starts from. */
import type { Db } from '../db';
import { type Actor, assignedCommunes, canSubmitTo, refusal, type Scope, seesAddressesToRevisit } from '../domain/access';
import { AppError } from '../domain/errors';
import { dateInVietnam } from '../domain/calendar';
import { type Prefill, prefillFrom } from '../domain/household';
import { maskPersonal, type PersonalFields, personalMask } from '../domain/personal';
import { earlierHouseholds } from '../queries/households';
import { roundById } from '../queries/rounds';
import { personalFieldsOf } from './personal';

export interface HouseholdToRevisit {
  /** commune|hamlet|number (domain/household.ts); ••• with the address for a reader who may not see it. */
  code: string;
  commune: { code: string; vi: string; en: string };
  hamlet: string;
  householdNumber: string;
  /** The earlier visit the prefill comes from. */
  from: { submission: string; round: string; collectedAt: string };
  prefill: { answers: Record<string, unknown>; prefilled: string[]; agedOut: number };
}

/** Ages move on to today (in Vietnam), or to the round's planned window when today lies outside it. */
function ageOnDate(round: { plannedStart: string; plannedEnd: string }, now: Date): string {
  const today = dateInVietnam(now);
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
  // The address (personal answers) is shown to those who collect there and may read personal answers, else masked.
  const fields = new Map<number, PersonalFields>();
  for (const version of new Set(rows.map((r) => r.instrumentVersion))) fields.set(version, await personalFieldsOf(ctx.db, 'household', version));
  return rows.map((row) => {
    const stored = JSON.parse(row.answers) as Record<string, unknown>;
    const shown = seesAddressesToRevisit(ctx.actor, ctx.scope, round, row.communeCode);
    const answers = shown ? stored : maskPersonal(stored, fields.get(row.instrumentVersion)!);
    const collectedAt = row.startedAt ?? row.receivedAt;
    return {
      code: shown ? row.householdCode! : personalMask,
      commune: { code: row.communeCode, vi: row.communeVi, en: row.communeEn },
      hamlet: String(answers.hamlet),
      householdNumber: String(answers.household_number),
      from: { submission: row.id, round: row.roundKind, collectedAt },
      prefill: withoutMasked(prefillFrom(answers, collectedAt, ageOn)),
    };
  });
}

/** A masked answer is not a value to start a form from: left out, so that the form asks it. */
function withoutMasked(prefill: Prefill): Prefill {
  const answers = Object.fromEntries(Object.entries(prefill.answers).filter(([, v]) => v !== personalMask));
  return { ...prefill, answers, prefilled: prefill.prefilled.filter((name) => name in answers) };
}
