/**
 * Instrument versions without code: an upload is read → (replay or conflict with a released version) → checked
 * against the previous version and the indicators → diffed → released at once or kept as a draft to preview and
 * release. The demo seed releases household v2 through `receiveInstrument` too. Shared by the API and the pages.
 */
import type { Db } from '../db';
import { type Actor, canListInstruments, canReleaseInstruments, canSeeRound, type Scope } from '../domain/access';
import { sha256Hex } from '../domain/crypto';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { titlesOf } from '../domain/instrument';
import { checkInstrument, diffInstruments, type InstrumentDiff, type InstrumentUpload, instrumentText, readUpload } from '../domain/instrument-release';
import { indicatorCatalogue } from '../domain/indicators';
import { personalQuestions } from '../domain/personal';
import { allPins, draftById, type DraftRow, insertReleased, listDrafts, latestReleased, releaseDraft, releasedRow, releasedVersions, type ReleasedRow, saveDraft } from '../queries/instruments';

interface Ctx {
  db: Db;
  locale: Locale;
  now: Date;
  /** Who releases (null for the seed). */
  by: number | null;
}

export interface UploadResult {
  /** 201 for a new release or draft, 200 for the same content again. */
  status: 200 | 201;
  slug: string;
  version: number;
  hash: string;
  released: boolean;
  /** The draft to preview and release, when not released. */
  draft: string | null;
  diff: InstrumentDiff;
  /** Why the compiled validator cannot take it (answers then validated by survey-core); usually empty. */
  fallback: string[];
  /** The questions it marks personal (domain/personal.ts), e.g. ['hamlet', 'household_number', 'comments']. */
  personal: string[];
}

const sortedJson = (value: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));

/** The same release: the same bytes, or the same JSON and renamed map written differently. */
function sameContent(row: Pick<ReleasedRow, 'hash' | 'json' | 'renamed'>, upload: InstrumentUpload, hash: string): boolean {
  if (sortedJson(JSON.parse(row.renamed)) !== sortedJson(upload.renamed)) return false;
  return row.hash === hash || instrumentText(JSON.parse(row.json)) === instrumentText(upload.json);
}

const draftIdOf = (upload: InstrumentUpload, hash: string) => `${upload.slug}-v${upload.version}-${hash.slice(0, 16)}`;

/** Checks an upload against the latest released version of its slug: 422 with the problems, else the diff. */
async function checked(ctx: Ctx, upload: InstrumentUpload) {
  const previous = await latestReleased(ctx.db, upload.slug);
  const check = checkInstrument(upload, { previous, indicators: indicatorCatalogue }, ctx.locale);
  if (check.problems.length > 0) throw new AppError('invalid_instrument', check.problems);
  return { diff: diffInstruments(previous, upload), fallback: check.fallback };
}

const releaseRow = (ctx: Ctx, upload: InstrumentUpload, hash: string) => {
  const titles = titlesOf(upload.json, upload.slug);
  return { slug: upload.slug, version: upload.version, titleVi: titles.vi, titleEn: titles.en, json: upload.text, hash, renamed: JSON.stringify(upload.renamed), releasedAt: ctx.now.toISOString(), releasedBy: ctx.by };
};

/** After losing a race to release the same slug and version: a replay when it holds this content, else 409. */
async function replayOrConflict(ctx: Ctx, upload: InstrumentUpload, hash: string): Promise<UploadResult> {
  const existing = await releasedRow(ctx.db, upload.slug, upload.version);
  if (!existing || !sameContent(existing, upload, hash)) throw new AppError('instrument_released', [{ question: 'version', message: `${upload.slug} v${upload.version}` }]);
  const previous = upload.version > 1 ? await latestBefore(ctx, upload.slug, upload.version) : null;
  return { status: 200, slug: upload.slug, version: upload.version, hash: existing.hash, released: true, draft: null, diff: diffInstruments(previous, upload), fallback: [], personal: personalQuestions(upload.json) };
}

async function latestBefore(ctx: Ctx, slug: string, version: number) {
  const row = await releasedRow(ctx.db, slug, version - 1);
  return row ? { json: JSON.parse(row.json) as Record<string, unknown>, renamed: JSON.parse(row.renamed) as Record<string, string> } : null;
}

/** Receives an upload (see the module comment); `release: true` releases it at once. */
export async function receiveInstrument(ctx: Ctx, body: unknown): Promise<UploadResult> {
  const read = readUpload(body, ctx.locale);
  if (!read.ok) throw new AppError('invalid_instrument', read.errors);
  const { upload } = read;
  const hash = sha256Hex(upload.text);
  if (await releasedRow(ctx.db, upload.slug, upload.version)) return replayOrConflict(ctx, upload, hash);
  const { diff, fallback } = await checked(ctx, upload);
  const result = { slug: upload.slug, version: upload.version, hash, diff, fallback, personal: personalQuestions(upload.json) };
  if (upload.release) {
    if (!(await insertReleased(ctx.db, releaseRow(ctx, upload, hash)))) return replayOrConflict(ctx, upload, hash);
    return { ...result, status: 201, released: true, draft: null };
  }
  const id = draftIdOf(upload, hash);
  const existed = await draftById(ctx.db, id);
  if (!existed) await saveDraft(ctx.db, { id, slug: upload.slug, version: upload.version, json: upload.text, hash, renamed: JSON.stringify(upload.renamed), createdBy: ctx.by, createdAt: ctx.now.toISOString() });
  return { ...result, status: existed ? 200 : 201, released: false, draft: id };
}

const uploadOf = (draft: DraftRow): InstrumentUpload => ({ slug: draft.slug, version: draft.version, text: draft.json, json: JSON.parse(draft.json), renamed: JSON.parse(draft.renamed), release: true });

/** A draft with its checks and diff against the latest released version (re-checked: another may have been released since). */
export async function draftWithChecks(ctx: Ctx, id: string) {
  const draft = await draftById(ctx.db, id);
  if (!draft) throw new AppError('not_found');
  const upload = uploadOf(draft);
  const previous = await latestReleased(ctx.db, draft.slug);
  const check = checkInstrument(upload, { previous, indicators: indicatorCatalogue }, ctx.locale);
  return { draft, upload, previous, problems: check.problems, fallback: check.fallback, diff: diffInstruments(previous, upload), personal: personalQuestions(upload.json) };
}

/** Releases a draft after checking it again; 422 with the problems, 409 when its version was released meanwhile with other content. */
export async function releaseDraftById(ctx: Ctx, id: string): Promise<UploadResult> {
  const draft = await draftById(ctx.db, id);
  if (!draft) throw new AppError('not_found');
  const upload = uploadOf(draft);
  if (await releasedRow(ctx.db, upload.slug, upload.version)) return replayOrConflict(ctx, upload, draft.hash);
  const { diff, fallback } = await checked(ctx, upload);
  if (!(await releaseDraft(ctx.db, draft.id, releaseRow(ctx, upload, draft.hash)))) return replayOrConflict(ctx, upload, draft.hash);
  return { status: 201, slug: upload.slug, version: upload.version, hash: draft.hash, released: true, draft: null, diff, fallback, personal: personalQuestions(upload.json) };
}

/** Every released version with the rounds that pin it, among the rounds `seen` lets through. */
export async function instrumentList(db: Db, seen: (round: { id: string; modelId: string }) => boolean = () => true) {
  const [versions, pins] = await Promise.all([releasedVersions(db), allPins(db)]);
  const shown = pins.filter((p) => seen({ id: p.roundId, modelId: p.modelId }));
  return versions.map((v) => ({ ...v, renamed: JSON.parse(v.renamed) as Record<string, string>, pinnedBy: shown.filter((p) => p.slug === v.slug && p.version === v.version).map((p) => p.roundId) }));
}

// For people: who may, then the same steps.

interface ActorCtx {
  db: Db;
  actor: Actor;
  locale: Locale;
  now: Date;
}

const asReleaser = (ctx: ActorCtx): Ctx => {
  if (!canReleaseInstruments(ctx.actor)) throw new AppError('forbidden');
  return { db: ctx.db, locale: ctx.locale, now: ctx.now, by: ctx.actor.id };
};

/** POST /api/v1/instruments and the upload form: admins. */
export const uploadInstrument = (ctx: ActorCtx, body: unknown) => receiveInstrument(asReleaser(ctx), body);

/** The drafts waiting to be released: admins. */
export const waitingDrafts = (ctx: ActorCtx) => listDrafts(asReleaser(ctx).db);

/** The Release button of a draft: admins. */
export const releaseUploaded = (ctx: ActorCtx, draftId: string) => releaseDraftById(asReleaser(ctx), draftId);

/** A draft's page and preview: admins (a draft is nobody else's to see). */
export const uploadedDraft = (ctx: ActorCtx, draftId: string) => draftWithChecks(asReleaser(ctx), draftId);

/** GET /api/v1/instruments and the instruments page: admins and managers, each seeing the pins of their own rounds. */
export async function listInstrumentsFor(ctx: Pick<ActorCtx, 'db' | 'actor'> & { scope: Scope }) {
  if (!canListInstruments(ctx.actor)) throw new AppError('forbidden');
  return instrumentList(ctx.db, (round) => canSeeRound(ctx.actor, ctx.scope, round));
}
