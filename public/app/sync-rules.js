// @ts-check
// How the field queue (sync.js) sends, as pure functions of plain values, tested in Node (test/sync-rules.test.ts):
// what an HTTP answer does to a queued item, how long to wait after a failed sync, and when a sign that the
// network works (any answer the page saw) starts a send at once. No DOM, no clock read, no randomness of its own.

/**
 * @typedef {{ status: number, code?: string, title?: string, errors: { question: string, message: string }[] }} Problem
 * @typedef {{ status: number, body: { receivedAt?: string, title?: string, errors?: Problem['errors'], code?: string } }} Outcome
 * @typedef {{ kind: 'sent', receivedAt?: string } | { kind: 'rejected', problem: Problem } | { kind: 'signIn' } | { kind: 'csrf' } | { kind: 'retry' }} Settlement
 * @typedef {'offline' | 'server' | 'signIn'} FailureKind
 */

/** The first retry after a failed sync waits about this long; each further failure doubles it… */
export const retryBaseMs = 2000;
/** …up to this (a phone back in coverage should not wait minutes for a timer). */
export const retryCapMs = 30_000;
/** While items wait and the last try got no answer, a small request asks every this often whether the network works. */
export const probeEveryMs = 2000;
/** Signs that the network works (answers the page saw) start at most one send this often. */
export const signalGapMs = 1500;

/**
 * How long to wait before the next try after `failures` failed syncs in a row: min(cap, base · 2^(failures−1)),
 * of which a random part (`random` in [0, 1)) is taken off, up to half, so that many phones back at once do not
 * all send in the same second. Example: retryDelay(1, 0) → 2000; retryDelay(3, 0.5) → 6000; retryDelay(20, 0) → 30000.
 * @param {number} failures 1 or more
 * @param {number} random in [0, 1)
 */
export function retryDelay(failures, random) {
  var full = Math.min(retryCapMs, retryBaseMs * Math.pow(2, Math.max(0, failures - 1)));
  return Math.round(full * (1 - random / 2));
}

/**
 * What the server's answer to one send does to its item: stored (200, 201); refused for good, kept and shown
 * (409, 422, or a 403 with a reason: not assigned there); or the sync stops (401: sign in again; 403 csrf: the
 * form expired; anything else, a 5xx: try again later).
 * Example: settlement({ status: 201, body: { receivedAt: 't' } }) → { kind: 'sent', receivedAt: 't' }.
 * @param {Outcome} outcome
 * @returns {Settlement}
 */
export function settlement(outcome) {
  var status = outcome.status;
  var body = outcome.body || {};
  if (status === 200 || status === 201) return { kind: 'sent', receivedAt: body.receivedAt };
  // A 403 with a reason (no longer assigned to the round or commune) is the server's answer about this item, not
  // a failure to retry: retried, it would be refused on every sync and hold back the items behind it.
  var refusedHere = status === 403 && Boolean(body.code) && body.code !== 'csrf';
  if (status === 409 || status === 422 || refusedHere) {
    return { kind: 'rejected', problem: { status: status, code: body.code, title: body.title, errors: body.errors || [] } };
  }
  if (status === 401) return { kind: 'signIn' };
  if (status === 403 && body.code === 'csrf') return { kind: 'csrf' };
  return { kind: 'retry' };
}

/**
 * Whether the evaluator can fix a refusal by changing the answers (a 422 about them). A closed round is not
 * about the answers: the item stays in the queue, refused, and can be sent again once an admin reopens the round.
 * @param {Problem | undefined} problem
 */
export function canFix(problem) {
  return problem !== undefined && problem.status === 422 && problem.code !== 'round_closed';
}

/**
 * Whether a refused item may be accepted later as it is: its round reopened, or its evaluator assigned again.
 * @param {Problem} problem
 */
export function canSendAgain(problem) {
  return problem.code === 'round_closed' || problem.status === 403;
}

/**
 * The items to send, oldest first. Example: waitingInOrder([{ state: 'sent', … }, b, a]) → [a, b] by queuedAt.
 * @template {{ state: string, queuedAt: string }} T
 * @param {T[]} items
 * @returns {T[]}
 */
export function waitingInOrder(items) {
  return items.filter(function (i) { return i.state === 'waiting'; }).sort(function (a, b) { return a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0; });
}

/**
 * Why a sync stopped, from what it threw: no answer at all (a fetch that failed or timed out, the browser
 * offline) is 'offline', and the probe looks for the network every few seconds; a 401 is 'signIn'; an answer
 * that was an error (5xx, csrf) is 'server', retried on the backoff only, so as not to press a failing server.
 * @param {unknown} err
 * @param {boolean} browserOnline navigator.onLine
 * @returns {FailureKind}
 */
export function failureKind(err, browserOnline) {
  var e = /** @type {{ signIn?: boolean, server?: boolean, csrf?: boolean } | null} */ (err && typeof err === 'object' ? err : null);
  if (e && e.signIn) return 'signIn';
  if (browserOnline && e && (e.server || e.csrf)) return 'server';
  return 'offline';
}

/**
 * Whether a sign that the network works (an answer the page or its service worker got from the server) should
 * start a send now: something waits, no send is running, the last one did not fail on the server's side, and
 * none started or ended in the last `signalGapMs` (the signs a sync's own requests give are not a reason to
 * send again). Example: sendOnSignal({ waiting: 2, syncing: false, lastFailure: 'offline', lastTryAt: 0, now: 10000 }) → true.
 * @param {{ waiting: number, syncing: boolean, lastFailure: FailureKind | null, lastTryAt: number, now: number }} state
 */
export function sendOnSignal(state) {
  return state.waiting > 0 && !state.syncing && state.lastFailure !== 'server' && state.now - state.lastTryAt >= signalGapMs;
}
