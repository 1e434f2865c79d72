/**
 * The one Drizzle schema of Mốc. drizzle-kit turns it into `db/migrations/`, which Node applies at start-up
 * and wrangler applies to D1. Released migrations are never edited: change this file and generate a new one.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** Administrative units keyed by GSO code; a code may be reused after a reorganisation, so rows carry validity. */
export const places = sqliteTable(
  'places',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    level: text('level', { enum: ['province', 'district', 'commune'] }).notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    parentId: integer('parent_id'),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
  },
  (t) => [uniqueIndex('places_level_code_from').on(t.level, t.code, t.validFrom), index('places_parent').on(t.parentId)],
);

/** Which units replaced which (e.g. Yên Bái into Lào Cai on 2025-07-01). */
export const placeSuccessions = sqliteTable(
  'place_successions',
  {
    predecessorId: integer('predecessor_id').notNull(),
    successorId: integer('successor_id').notNull(),
    effective: text('effective').notNull(),
  },
  (t) => [primaryKey({ columns: [t.predecessorId, t.successorId] })],
);

export const organisations = sqliteTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['government', 'sponsor'] }).notNull(),
});

export const programmes = sqliteTable('programmes', {
  id: text('id').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  provinceId: integer('province_id').notNull(),
  periodStart: text('period_start').notNull(),
  periodEnd: text('period_end').notNull(),
  source: text('source'),
});

export const modelTypes = sqliteTable('model_types', {
  id: text('id').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
});

export const models = sqliteTable(
  'models',
  {
    id: text('id').primaryKey(),
    programmeId: text('programme_id').notNull(),
    typeId: text('type_id').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    sponsorId: text('sponsor_id'),
  },
  (t) => [index('models_programme').on(t.programmeId)],
);

/**
 * Where a model runs: communes, or whole districts where a plan names no commune (Hà Nam 2014). A commune's
 * role is 'treated' (the model runs there: its figures are the model's) or 'comparison' (surveyed alike but
 * without the model, only for the indicative difference in differences; docs/statistics.md §6).
 */
export const modelPlaces = sqliteTable(
  'model_places',
  {
    modelId: text('model_id').notNull(),
    placeId: integer('place_id').notNull(),
    role: text('role', { enum: ['treated', 'comparison'] }).notNull().default('treated'),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.placeId] })],
);

export const rounds = sqliteTable(
  'rounds',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id').notNull(),
    kind: text('kind', { enum: ['baseline', 'midterm', 'final'] }).notNull(),
    plannedStart: text('planned_start').notNull(),
    plannedEnd: text('planned_end').notNull(),
    plannedSample: integer('planned_sample').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
  },
  (t) => [uniqueIndex('rounds_model_kind').on(t.modelId, t.kind)],
);

/** Every opening and closing of a round after it was created: who, when, and (for a reopening) why. */
export const roundStatusChanges = sqliteTable(
  'round_status_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: text('round_id').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    reason: text('reason'),
    changedBy: integer('changed_by').notNull(),
    changedAt: text('changed_at').notNull(),
  },
  (t) => [index('round_status_changes_round').on(t.roundId)],
);

/**
 * Released instrument versions: the SurveyJS JSON as text (the exact bytes released; `hash` is their SHA-256),
 * the questions renamed since earlier versions (JSON: new name → the name indicators use), and who released it
 * when (null for the first versions, which migration 0011 inserts). A released row is never changed: the same
 * slug and version with other content is refused (409). Uploads not yet released are instrument_drafts.
 */
export const instruments = sqliteTable(
  'instruments',
  {
    slug: text('slug').notNull(),
    version: integer('version').notNull(),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en').notNull(),
    json: text('json').notNull(),
    hash: text('hash').notNull(),
    renamed: text('renamed').notNull().default('{}'),
    releasedAt: text('released_at').notNull(),
    releasedBy: integer('released_by'),
  },
  (t) => [primaryKey({ columns: [t.slug, t.version] })],
);

/**
 * Uploaded instrument versions waiting to be released (checked, diffed and previewed first). The id is made from
 * slug, version and hash, so the same upload twice is one draft; releasing copies it into instruments and deletes
 * it in one batch. Drafts are never served to the field.
 */
export const instrumentDrafts = sqliteTable(
  'instrument_drafts',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    version: integer('version').notNull(),
    json: text('json').notNull(),
    hash: text('hash').notNull(),
    renamed: text('renamed').notNull().default('{}'),
    createdBy: integer('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('instrument_drafts_slug').on(t.slug, t.version)],
);

/** The instrument versions a round uses; pinned so that a new version never changes a running round. */
export const roundInstruments = sqliteTable(
  'round_instruments',
  { roundId: text('round_id').notNull(), slug: text('slug').notNull(), version: integer('version').notNull() },
  (t) => [primaryKey({ columns: [t.roundId, t.slug] })],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'manager', 'evaluator', 'sponsor'] }).notNull(),
  organisationId: text('organisation_id'),
  /** The language of the user's pages until they switch (vi or en). */
  locale: text('locale', { enum: ['vi', 'en'] }).notNull().default('vi'),
  /** A deactivated user cannot sign in, and their sessions and API tokens end at once. */
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});

/**
 * One-time links to set a password: an invitation for a new user, or a reset an admin sends. Only the SHA-256
 * of the secret is stored; a link works once, until it expires (72 h).
 */
export const invitations = sqliteTable(
  'invitations',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull(),
    purpose: text('purpose', { enum: ['invite', 'reset'] }).notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    createdBy: integer('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('invitations_user').on(t.userId)],
);

/** Models a manager or sponsor may see (admins see all; evaluators see through their round assignments). */
export const userModels = sqliteTable(
  'user_models',
  { userId: integer('user_id').notNull(), modelId: text('model_id').notNull() },
  (t) => [primaryKey({ columns: [t.userId, t.modelId] })],
);

/**
 * Programmes a manager or sponsor reaches whole: every model of the programme, including one created later
 * (queries/scope.ts reads these with user_models; queries/user-scope.ts sets both).
 */
export const userProgrammes = sqliteTable(
  'user_programmes',
  { userId: integer('user_id').notNull(), programmeId: text('programme_id').notNull() },
  (t) => [primaryKey({ columns: [t.userId, t.programmeId] })],
);

export const roundAssignments = sqliteTable(
  'round_assignments',
  { userId: integer('user_id').notNull(), roundId: text('round_id').notNull() },
  (t) => [primaryKey({ columns: [t.userId, t.roundId] })],
);

/**
 * The communes of a round an evaluator works in: they see, fill and sync only those. Every assignment has at
 * least one (an assignment is replaced whole, see queries/assignments.ts).
 */
export const assignmentCommunes = sqliteTable(
  'assignment_communes',
  { userId: integer('user_id').notNull(), roundId: text('round_id').notNull(), placeId: integer('place_id').notNull() },
  (t) => [primaryKey({ columns: [t.userId, t.roundId, t.placeId] }), index('assignment_communes_round').on(t.roundId)],
);

/** Web sessions and API tokens; only the SHA-256 of the secret is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull(),
    kind: text('kind', { enum: ['web', 'api'] }).notNull(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: text('expires_at').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/**
 * Failed sign-ins per account and per client address (src/domain/sign-in-limits.ts), in the database so that
 * the limits hold across processes and on Workers. `key` is `account:<sha256 of email>` or
 * `address:<sha256 of address>`; rows past `expires_at` are deleted as sign-ins come.
 */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    lockedUntil: text('locked_until'),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sign_in_failures_expires').on(t.expiresAt)],
);

export const submissions = sqliteTable(
  'submissions',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id').notNull(),
    communeId: integer('commune_id').notNull(),
    instrumentSlug: text('instrument_slug').notNull(),
    instrumentVersion: integer('instrument_version').notNull(),
    evaluatorId: integer('evaluator_id').notNull(),
    answers: text('answers').notNull(),
    contentHash: text('content_hash').notNull(),
    /** The household's stable code (commune-hamlet-number) that links its submissions across rounds. */
    householdCode: text('household_code'),
    startedAt: text('started_at'),
    receivedAt: text('received_at').notNull(),
    synthetic: integer('synthetic', { mode: 'boolean' }).notNull().default(false),
    /**
     * 0 while the submission is not yet counted in indicator_aggregates; then 1, 2, … one per counted revision
     * of its answers. Every change to the aggregates is guarded by this number in the same batch, so a
     * submission is counted exactly once, whatever retries or races happen (see queries/aggregates.ts).
     */
    revision: integer('revision').notNull().default(0),
    /**
     * Where review has got to (domain/review.ts): received → approved / has_issues / rejected, or removed.
     * Which kept sums a submission is counted in follows from it (`basesOf`).
     */
    reviewState: text('review_state', { enum: ['received', 'approved', 'has_issues', 'rejected', 'removed'] }).notNull().default('received'),
    /** 1 for the answers as first sent, then one more per correction (submission_revisions); clients send it back as `baseRevision`. */
    contentRevision: integer('content_revision').notNull().default(1),
  },
  (t) => [
    index('submissions_round_received').on(t.roundId, t.receivedAt),
    index('submissions_round_state').on(t.roundId, t.reviewState),
    index('submissions_synthetic').on(t.synthetic),
    index('submissions_household').on(t.householdCode),
    index('submissions_revision').on(t.revision),
  ],
);

/**
 * Indicator sums kept up to date on ingest: per round × commune × indicator version × category of one
 * dimension ('all' with category '' for the overall value). Dashboards read these, never the submissions.
 * sum_squares is the sum of each term's squared numerator, for the interval of a mean.
 */
export const indicatorAggregates = sqliteTable(
  'indicator_aggregates',
  {
    /**
     * Which submissions the sums are of (domain/review.ts `basesOf`): `received` holds received and approved
     * ones (managers' default), `approved` the approved ones only (sponsors, and managers who switch to it).
     */
    basis: text('basis', { enum: ['received', 'approved'] }).notNull().default('received'),
    roundId: text('round_id').notNull(),
    dimension: text('dimension').notNull(),
    indicatorId: text('indicator_id').notNull(),
    indicatorVersion: integer('indicator_version').notNull(),
    category: text('category').notNull(),
    communeId: integer('commune_id').notNull(),
    numerator: real('numerator').notNull(),
    denominator: real('denominator').notNull(),
    n: integer('n').notNull(),
    sumSquares: real('sum_squares').notNull(),
  },
  // Read by key only (keptTotals): the primary key is the one index.
  (t) => [primaryKey({ columns: [t.basis, t.roundId, t.dimension, t.indicatorId, t.indicatorVersion, t.category, t.communeId] })],
);

/**
 * Administrative figures of a commune for a round's period (e.g. csc_total, csc_assisted), the terms of the
 * ratio indicators. Entered by a manager, or taken from a commune checklist (submission_id set); the
 * latest entry of a figure wins, with its source and the date it refers to.
 */
export const registeredCounts = sqliteTable(
  'registered_counts',
  {
    roundId: text('round_id').notNull(),
    communeId: integer('commune_id').notNull(),
    figure: text('figure').notNull(),
    value: integer('value').notNull(),
    source: text('source').notNull(),
    asOf: text('as_of').notNull(),
    enteredBy: integer('entered_by'),
    submissionId: text('submission_id'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.communeId, t.figure] }), index('registered_counts_submission').on(t.submissionId)],
);

/**
 * Per round and basis, a number moved on in the transaction of every change to what the round's figures are
 * made of, by triggers (migration 0015, whoever writes): a counted submission's revision moving or the row
 * deleted (the bases of its review states before and after, as domain/review.ts basesOf), its registered counts
 * and its model's places (both bases). What was worked out from them (suppressed_cells, round_totals) holds
 * while the number it was worked out at is still this one.
 */
export const keptVersions = sqliteTable(
  'kept_versions',
  {
    roundId: text('round_id').notNull(),
    basis: text('basis', { enum: ['received', 'approved'] }).notNull(),
    version: integer('version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.basis] })],
);

/**
 * A round's kept sums added up over its treated communes (queries/aggregates.ts keptTotals, overall), as a JSON
 * array of rows, worked out at `version` (kept_versions): pages read one row per round instead of one per
 * commune, indicator and round.
 */
export const roundTotals = sqliteTable(
  'round_totals',
  {
    roundId: text('round_id').notNull(),
    basis: text('basis', { enum: ['received', 'approved'] }).notNull(),
    version: integer('version').notNull(),
    totals: text('totals').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.basis] })],
);

/**
 * Which cells disclosure control hides (domain/disclosure.ts) in one round's table of one indicator, for one
 * basis and threshold, worked out from the round's kept sums at `version` (kept_versions): sponsors' pages read
 * these few rows instead of adding up every breakdown of every round. `hidden`: the hidden cells' ids as a JSON
 * array ('total', 'commune:12', 'sex:female'…); `communes`: the communes with data in that round. `rules`: the
 * disclosure rules' version (disclosure.ts `disclosureRules`), so that rows of other rules are never read.
 */
export const suppressedCells = sqliteTable(
  'suppressed_cells',
  {
    roundId: text('round_id').notNull(),
    basis: text('basis', { enum: ['received', 'approved'] }).notNull(),
    indicatorId: text('indicator_id').notNull(),
    indicatorVersion: integer('indicator_version').notNull(),
    threshold: integer('threshold').notNull(),
    rules: integer('rules').notNull(),
    version: integer('version').notNull(),
    hidden: text('hidden').notNull(),
    communes: text('communes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.basis, t.indicatorId, t.indicatorVersion, t.threshold, t.rules] })],
);

/**
 * Targets per indicator for a whole programme or one model (which then overrides its programme's), by year,
 * with the baseline the planned line starts from (domain/targets.ts). Exactly one of programme and model.
 */
export const targets = sqliteTable(
  'targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    indicatorId: text('indicator_id').notNull(),
    programmeId: text('programme_id'),
    modelId: text('model_id'),
    year: integer('year').notNull(),
    value: real('value').notNull(),
    baselineValue: real('baseline_value'),
    baselineYear: integer('baseline_year'),
    source: text('source').notNull(),
    updatedBy: integer('updated_by'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('targets_programme_year').on(t.indicatorId, t.programmeId, t.year).where(sql`model_id IS NULL`),
    uniqueIndex('targets_model_year').on(t.indicatorId, t.modelId, t.year).where(sql`model_id IS NOT NULL`),
  ],
);

/**
 * Each review of a submission: the state it moved to, the comment (required for has_issues, rejected and
 * removed), who and when. The submission row holds the current state; this is its history.
 */
export const submissionReviews = sqliteTable(
  'submission_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    submissionId: text('submission_id').notNull(),
    fromState: text('from_state').notNull(),
    state: text('state').notNull(),
    comment: text('comment'),
    reviewedBy: integer('reviewed_by').notNull(),
    reviewedAt: text('reviewed_at').notNull(),
  },
  (t) => [index('submission_reviews_submission').on(t.submissionId)],
);

/**
 * Each correction of a submission's answers: the content revision it made (2, 3, …), who, when, why, and the
 * changed answers as JSON `[{ question, old, new }]` (domain/revisions.ts). Revision 1 is the submission as sent.
 */
export const submissionRevisions = sqliteTable(
  'submission_revisions',
  {
    submissionId: text('submission_id').notNull(),
    revision: integer('revision').notNull(),
    changes: text('changes').notNull(),
    reason: text('reason').notNull(),
    revisedBy: integer('revised_by').notNull(),
    revisedAt: text('revised_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.revision] })],
);

/**
 * The audit log, append-only: triggers (migration 0013) refuse UPDATE and DELETE, and no query does either.
 * `userId` is null where nobody is signed in (a failed sign-in: `detail` then names the email's hash).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: integer('user_id'),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    address: text('address'),
    detail: text('detail'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_user').on(t.userId, t.at), index('audit_log_object').on(t.objectType, t.objectId)],
);

/** Key-value facts about this database, e.g. when the demo data was seeded. */
export const meta = sqliteTable('meta', { key: text('key').primaryKey(), value: text('value').notNull() });
