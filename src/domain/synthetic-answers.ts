/**
 * Made-up but valid answers to the instruments, for the demo data and the benchmark. Pure and seeded:
 * the same seed gives the same answers, and every answer passes survey-core validation.
 */
export type Rng = () => number;

/** mulberry32: a small, fast, seedable generator (not for secrets). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const chance = (rng: Rng, p: number) => rng() < p;
const some = <T>(rng: Rng, items: readonly T[], p: number) => items.filter(() => chance(rng, p));

const disciplineRows = ['explain', 'praise', 'time_out', 'remove_privileges', 'shout', 'spank', 'hit_with_object'] as const;
const frequencies = ['never', 'sometimes', 'often'] as const;

function child(rng: Rng) {
  const age = int(rng, 0, 17);
  const csc = chance(rng, 0.08) ? [int(rng, 1, 14)] : [];
  return {
    age,
    sex: pick(rng, ['male', 'female']),
    ...(age >= 6 ? { in_school: chance(rng, 0.93) } : {}),
    birth_registered: chance(rng, 0.97),
    has_disability: chance(rng, 0.03),
    ...(csc.length ? { csc_groups: csc } : {}),
  };
}

/** A household survey answer; `knows111Rate` is the chance that the caregiver knows the 111 hotline. */
export function householdAnswers(rng: Rng, opts: { knows111Rate: number; hamlet?: string; householdNumber?: string }): Record<string, unknown> {
  const heard = chance(rng, 0.4 + opts.knows111Rate / 2);
  const wouldReport = pick(rng, ['yes', 'yes', 'yes', 'no', 'unsure']);
  const attended = chance(rng, 0.35);
  const supported = chance(rng, 0.2);
  const children = Array.from({ length: int(rng, 1, 4) }, () => child(rng));
  return {
    hamlet: opts.hamlet ?? `Thôn ${int(rng, 1, 12)}`,
    household_number: opts.householdNumber ?? String(int(rng, 1, 400)),
    respondent_relation: pick(rng, ['mother', 'mother', 'father', 'grandparent', 'other_relative']),
    respondent_age: int(rng, 18, 75),
    respondent_sex: pick(rng, ['female', 'female', 'male']),
    household_size: children.length + int(rng, 1, 5),
    economic_status: pick(rng, ['poor', 'near_poor', 'not_poor', 'not_poor', 'not_poor', 'unknown']),
    children,
    heard_of_child_abuse: heard,
    knows_111: chance(rng, opts.knows111Rate) ? 'yes' : pick(rng, ['no', 'no', 'unsure']),
    ...(heard ? { report_channels: some(rng, ['hotline_111', 'police', 'commune_officer', 'village_head', 'school'], 0.4) } : {}),
    would_report: wouldReport,
    ...(wouldReport !== 'yes' ? { reason_not_report: [pick(rng, ['family_matter', 'fear', 'dont_know_where', 'no_trust'])] } : {}),
    discipline: Object.fromEntries(disciplineRows.map((row) => [row, pick(rng, frequencies)])),
    believes_physical_punishment_needed: pick(rng, ['yes', 'no', 'no', 'unsure']),
    child_safety: { home: pick(rng, ['safe', 'safe', 'somewhat_safe']), school: pick(rng, ['safe', 'somewhat_safe']), community: pick(rng, ['safe', 'somewhat_safe', 'unsafe']) },
    attended_parenting_session: attended,
    ...(attended ? { parenting_sessions_count: int(rng, 1, 12) } : {}),
    member_of_parents_club: chance(rng, 0.2),
    received_support: supported,
    ...(supported ? { support_types: [pick(rng, ['counselling', 'health', 'education', 'social_allowance'])], support_satisfaction: int(rng, 2, 5) } : {}),
  };
}

/** A commune checklist answer; `cscAssistedRate` is the share of CSC assisted. */
export function checklistAnswers(rng: Rng, opts: { reportingYear: number; cscAssistedRate: number }): Record<string, unknown> {
  const children = int(rng, 1500, 6000);
  const csc = Math.round(children * (0.005 + rng() * 0.006));
  const reports = int(rng, 0, 6);
  return {
    reporting_year: opts.reportingYear,
    children_under16: children,
    csc_total: csc,
    csc_assisted: Math.min(csc, Math.round(csc * opts.cscAssistedRate)),
    abuse_reports: reports,
    abuse_reports_12h: int(rng, 0, reports),
    children_clubs_running: int(rng, 0, 4),
    parents_clubs_running: int(rng, 0, 3),
    trainings_held: int(rng, 0, 6),
    collaborators_trained: int(rng, 0, 20),
    child_friendly_commune: chance(rng, 0.6),
  };
}

const longText = (length: number) => 'Hộ có hoàn cảnh khó khăn, cần theo dõi và hỗ trợ thêm cho các cháu. '.repeat(Math.ceil(length / 60)).slice(0, length);

/**
 * The largest household answer the limits let through (household v1 and v2): 15 children (maxPanelCount)
 * and each text at its maxLength (hamlet 100, household number 20, comments 2,000 characters).
 */
export function largestHouseholdAnswers(rng: Rng): Record<string, unknown> {
  return {
    ...householdAnswers(rng, { knows111Rate: 1 }),
    hamlet: longText(100),
    household_number: '0123456789'.repeat(2),
    household_size: 30,
    children: Array.from({ length: 15 }, () => child(rng)),
    comments: longText(2000),
  };
}
