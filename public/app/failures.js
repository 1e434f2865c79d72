// @ts-check
// What a failed htmx request tells the reader: the status (or no answer at all) → one message key of the page's
// alert region (views/layout.tsx; texts in src/domain/i18n.ts, `failures`). Pure: moc.js does the DOM.

/** @typedef {'session' | 'forbidden' | 'notFound' | 'conflict' | 'invalid' | 'tooLarge' | 'tooMany' | 'server' | 'offline'} FailureKey */

/**
 * Whether htmx should swap a failed answer into its target: it carries the form or section with its messages.
 * 422: any form's refusal; the sign-in form's 429 (wait) and 503 (busy); the review section's 409 (someone
 * else reviewed it first). Example: `swapsItself(409, 'review')` → true, `swapsItself(409, 'users')` → false.
 * @param {number} status
 * @param {string} target the id of the request's target element
 */
export function swapsItself(status, target) {
  return status === 422 || (target === 'signin' && (status === 429 || status === 503)) || (status === 409 && target === 'review');
}

/**
 * The message of a failed request that nothing swapped: `failureKey(401)` → 'session', `failureKey(0)` →
 * 'offline' (no answer: network down, timeout), `failureKey(502)` → 'server'.
 * @param {number} status 0 when no answer came
 * @returns {FailureKey}
 */
export function failureKey(status) {
  if (status === 0) return 'offline';
  if (status === 401) return 'session';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 413) return 'tooLarge';
  if (status === 429) return 'tooMany';
  if (status >= 500) return 'server';
  return 'invalid';
}

/**
 * The sentence to show: the server's own reason (an error fragment's text, e.g. "the form expired, reload the page"
 * for a 403) when there is one and it is about this request (403, 404, 409, 429, other 4xx); our text otherwise, and
 * always for a 401 (with its sign-in link), 413, 5xx and no answer, where ours says what to do.
 * Example: `failureText(403, 'Reload the page.', texts)` → { key: 'forbidden', text: 'Reload the page.' }.
 * @param {number} status 0 when no answer came
 * @param {string} serverReason '' when the answer had none
 * @param {Partial<Record<FailureKey, string>>} texts the page's `failures` texts (src/domain/i18n.ts)
 * @returns {{ key: FailureKey, text: string }}
 */
export function failureText(status, serverReason, texts) {
  var key = failureKey(status);
  var ours = key === 'session' || key === 'tooLarge' || key === 'server' || key === 'offline';
  return { key: key, text: (!ours && serverReason) || texts[key] || String(status) };
}

/**
 * The sign-in address that comes back to the page: `signInHref('/rounds/r1/counts', '?x=1')` →
 * '/signin?next=%2Frounds%2Fr1%2Fcounts%3Fx%3D1'.
 * @param {string} path
 * @param {string} [search]
 */
export function signInHref(path, search) {
  return '/signin?next=' + encodeURIComponent(path + (search || ''));
}
