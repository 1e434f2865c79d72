// @ts-check
// Corrections in the field queue (field.js), as pure functions of plain values, tested in Node
// (test/revisions.test.ts). A correction is an item of the same queue as a new survey: kept in IndexedDB until
// the server has it, sent with PUT to its submission with the revision it corrected (`baseRevision`), a 409
// (someone changed it since) or a 422 kept as refused with the server's message, like any other refusal.

/**
 * @typedef {{ answers: Record<string, unknown>, reason: string, baseRevision: number }} CorrectionBody
 * @typedef {{ id: string, kind?: 'correction', submission?: string, method?: 'PUT', body: any, postUrl: string,
 *   state: 'waiting' | 'sent' | 'rejected', queuedAt: string, problem?: { status: number, code?: string } }} Item
 */

/** The queue key of a submission's correction: one per submission, a later one replaces an unsent one. */
export function correctionKey(/** @type {string} */ submissionId) {
  return 'correction:' + submissionId;
}

/**
 * A correction as a queue item, waiting to be sent.
 * Example: correctionItem('9b2f…', { answers, reason: 'Sai tuổi', baseRevision: 1 }, '/submissions/9b2f…', now)
 *   → { id: 'correction:9b2f…', kind: 'correction', method: 'PUT', state: 'waiting', … }.
 * @param {string} submissionId
 * @param {CorrectionBody} body
 * @param {string} putUrl
 * @param {Date} now
 * @returns {Item}
 */
export function correctionItem(submissionId, body, putUrl, now) {
  return { id: correctionKey(submissionId), kind: 'correction', submission: submissionId, method: 'PUT', body: body, postUrl: putUrl, state: 'waiting', queuedAt: now.toISOString() };
}

/** @param {Item} item */
export function isCorrection(item) {
  return item.kind === 'correction';
}

/**
 * Where the evaluator fixes a refused correction: its correction page (which starts from what they sent).
 * @param {Item} item
 */
export function correctionPage(item) {
  return '/submissions/' + encodeURIComponent(String(item.submission)) + '/edit';
}

/**
 * The answers and reason the correction page starts from: an unsent or refused correction of this submission
 * on the device (what the evaluator last wrote), else the stored answers. A correction of another revision
 * than the page's is not used (the submission changed since: start from what is stored now).
 * @param {Item[]} items
 * @param {string} submissionId
 * @param {number} baseRevision
 * @param {Record<string, unknown>} stored
 * @returns {{ answers: Record<string, unknown>, reason: string, item: Item | null }}
 */
export function startingPoint(items, submissionId, baseRevision, stored) {
  var item = items.filter(function (i) { return i.id === correctionKey(submissionId) && i.state !== 'sent' && i.body.baseRevision === baseRevision; })[0];
  return item ? { answers: item.body.answers, reason: item.body.reason, item: item } : { answers: stored, reason: '', item: null };
}
