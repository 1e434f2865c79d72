// @ts-check
// Unfinished surveys (drafts) and the send queue as the evaluator reads them, on the home page (field-home.js)
// and the survey page (survey-page.js): which draft belongs to which survey and household, newest first, and how
// each reads (household, last edited on Vietnam's clock). Pure functions of plain values, no DOM: unit-tested in
// Node (test/drafts.test.ts).
import { householdCode } from './household-code.js';

/**
 * @typedef {{ id: string, round: string, instrument: string, version?: number, commune?: string,
 *   data?: Record<string, unknown>, pageNo?: number, startedAt?: string, updatedAt?: string, prefilled?: unknown }} DraftLike
 * @typedef {{ id: string, state: 'waiting' | 'sent' | 'rejected', queuedAt: string, kind?: 'correction', submission?: string,
 *   body: any, problem?: { status: number, code?: string, title?: string } }} QueueItemLike
 * @typedef {{ rounds: Record<string, string>, instruments: Record<string, string>, communes: Record<string, string> }} Names
 * @typedef {{ id: string, href: string, instrument: string, round: string, commune: string, household: string,
 *   page: number, edited: string, editedAt: string }} DraftRow
 * @typedef {{ id: string, state: 'waiting' | 'rejected', correction: boolean, instrument: string, round: string,
 *   commune: string, household: string, queued: string, problem: string }} QueueRow
 */

/** When a draft was last touched (a draft from before `updatedAt` existed: when it was started). @param {DraftLike} d */
function touched(d) {
  return d.updatedAt || d.startedAt || '';
}

/**
 * Drafts, the most recently edited first. Example: newestFirst([a (edited 9:00), b (10:00)]) → [b, a].
 * @template {DraftLike} D
 * @param {D[]} drafts
 * @returns {D[]}
 */
export function newestFirst(drafts) {
  return drafts.slice().sort((a, b) => (touched(a) < touched(b) ? 1 : touched(a) > touched(b) ? -1 : 0));
}

/**
 * The drafts of one survey (a round's instrument), newest first.
 * @template {DraftLike} D
 * @param {D[]} drafts
 * @param {string} round
 * @param {string} instrument
 * @returns {D[]}
 */
export function draftsOf(drafts, round, instrument) {
  return newestFirst(drafts.filter((d) => d.round === round && d.instrument === instrument));
}

/** @param {unknown} value */
function trimmed(value) {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim().replace(/\s+/g, ' ') : '';
}

/**
 * The household as answered so far: "hamlet / number", either alone, or '' before either is answered.
 * Example: householdText({ hamlet: 'Thôn Đoài', household_number: '042' }) → 'Thôn Đoài / 042'.
 * @param {Record<string, unknown> | undefined} answers
 */
export function householdText(answers) {
  if (!answers) return '';
  return [trimmed(answers.hamlet), trimmed(answers.household_number)].filter(Boolean).join(' / ');
}

/**
 * Another draft of the same survey for the household `current` describes (same commune, hamlet and number, as the
 * server links households: householdCode), the most recently edited; null when there is none or `current` names
 * no household yet. Example: typing "Thôn Đoài", "042" in Phú Châu finds the draft left at that door.
 * @template {DraftLike} D
 * @param {D[]} drafts
 * @param {DraftLike} current
 * @returns {D | null}
 */
export function draftOfSameHousehold(drafts, current) {
  const code = current.commune ? householdCode(current.commune, current.data || {}) : null;
  if (code === null) return null;
  const same = draftsOf(drafts, current.round, current.instrument).filter((d) => d.id !== current.id && d.commune && householdCode(d.commune, d.data || {}) === code);
  return same[0] ?? null;
}

/** The questions that only say which household this is. */
const householdQuestions = ['hamlet', 'household_number'];

/**
 * Whether answers say nothing yet but which household this is (so opening that household's own draft instead loses
 * nothing). Example: { hamlet: 'Thôn Đoài', household_number: '042' } → true; with respondent_age too → false.
 * @param {Record<string, unknown> | undefined} answers
 */
export function onlyNamesHousehold(answers) {
  return Object.entries(answers || {}).every(([name, value]) => householdQuestions.includes(name) || value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0));
}

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An instant on Vietnam's clock to the minute, as the server's formatDateTime writes it (src/domain/format.ts).
 * Example: ('2026-11-20T09:05:00Z', 'vi') → '20/11/2026 16:05'; en → '20 Nov 2026, 16:05'.
 * @param {string | undefined} at
 * @param {'vi' | 'en'} locale
 */
export function timeInVietnam(at, locale) {
  const time = at ? new Date(at).getTime() : NaN;
  if (Number.isNaN(time)) return '';
  const local = new Date(time + 7 * 3600_000).toISOString();
  const [y, m, d] = local.slice(0, 10).split('-');
  const hm = local.slice(11, 16);
  return locale === 'vi' ? `${d}/${m}/${y} ${hm}` : `${Number(d)} ${monthsEn[Number(m) - 1]} ${y}, ${hm}`;
}

/**
 * Where a draft is continued: its survey page with `?draft=`.
 * Example: draftHref({ id: 'd1', round: 'r1', instrument: 'household' }) → '/rounds/r1/survey/household?draft=d1'.
 * @param {DraftLike} d
 */
export function draftHref(d) {
  return `/rounds/${encodeURIComponent(d.round)}/survey/${encodeURIComponent(d.instrument)}?draft=${encodeURIComponent(d.id)}`;
}

/**
 * The home page's rows of unfinished surveys, newest first, named from the page's map (a name the map lacks, of a
 * round no longer the evaluator's, shows as its code).
 * @param {DraftLike[]} drafts
 * @param {Names} names
 * @param {'vi' | 'en'} locale
 * @returns {DraftRow[]}
 */
export function draftRows(drafts, names, locale) {
  return newestFirst(drafts).map((d) => ({
    id: d.id,
    href: draftHref(d),
    instrument: names.instruments[d.instrument] ?? d.instrument,
    round: names.rounds[d.round] ?? d.round,
    commune: d.commune ? (names.communes[d.commune] ?? d.commune) : '',
    household: householdText(d.data),
    page: (d.pageNo ?? 0) + 1,
    edited: timeInVietnam(touched(d), locale),
    editedAt: touched(d),
  }));
}

/**
 * The queue as the home page lists it: what waits to be sent and what the server refused (each needs the
 * evaluator: fix it, or send it again), oldest first; sent items are done and not listed.
 * @param {QueueItemLike[]} items
 * @param {Names} names
 * @param {'vi' | 'en'} locale
 * @returns {{ waiting: number, refused: number, rows: QueueRow[] }}
 */
export function queueRows(items, names, locale) {
  const open = items.filter((i) => i.state === 'waiting' || i.state === 'rejected').sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0));
  const rows = open.map((i) => {
    const correction = i.kind === 'correction';
    const body = i.body || {};
    return {
      id: i.id,
      state: /** @type {'waiting' | 'rejected'} */ (i.state),
      correction,
      instrument: correction ? '' : (names.instruments[body.instrument] ?? body.instrument ?? ''),
      round: correction ? '' : (names.rounds[body.round] ?? body.round ?? ''),
      commune: correction || !body.commune ? '' : (names.communes[body.commune] ?? body.commune),
      household: householdText(body.answers),
      queued: timeInVietnam(i.queuedAt, locale),
      problem: i.state === 'rejected' && i.problem ? [String(i.problem.status), i.problem.title || ''].join(' ').trim() : '',
    };
  });
  return { waiting: rows.filter((r) => r.state === 'waiting').length, refused: rows.filter((r) => r.state === 'rejected').length, rows };
}
