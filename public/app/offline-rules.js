// @ts-check
// What the service worker (/sw.js) may keep on a device, as pure functions of plain values, tested in Node
// (test/offline-rules.test.ts). Only an evaluator's offline kit is kept, in a cache named after that
// evaluator's id; it goes as soon as the server answers for someone else or for nobody (sign-out, expired
// session, a 401). Unsent surveys are not here: they live in IndexedDB (field.js) and are never dropped.

export const kitCachePrefix = 'moc-kit-';
/** Where the kit's manifest is kept inside the kit's cache (the URL the server lists the kit at). */
export const manifestPath = '/field/kit.json';
/** The kit is fetched again when it is older than this, or at once when the server lists other URLs. */
export const kitMaxAgeMs = 3600 * 1000;
/**
 * The cookie that says who is signed in (their id, not personal data), readable by the service worker, which cannot
 * read the HttpOnly session: set and cleared with the session (src/middleware/auth.ts).
 */
export const userCookie = 'moc_user';
/** The readable cookie of the reader's language (src/middleware/locale.ts): 'vi' when absent. */
export const languageCookie = 'moc_lang';
/** The survey pages of a kit: the pages a phone opens again and again, answered from the kit at once. */
const surveyPagePath = /^\/rounds\/[^/]+\/survey\/[^/]+$/;
/** The cache of earlier workers, which kept every page anyone opened, for everyone: deleted. */
const legacyCaches = ['moc-pages'];

/**
 * @typedef {{ get(name: string): string | null }} HeadersLike
 * @typedef {{ status: number, redirected?: boolean, headers: HeadersLike }} ResponseLike
 * @typedef {{ urls: string[], fetchedAt: number }} KitManifest
 */

/** @param {string} user */
export function kitCacheName(user) {
  return kitCachePrefix + user;
}

/**
 * Whom a response of the app was made for: the user's id; null when nobody is signed in (an empty
 * X-Moc-User, or a 401: the session expired); undefined when the response does not say (static files).
 * @param {ResponseLike} response
 * @returns {string | null | undefined}
 */
export function responseUser(response) {
  if (response.status === 401) return null;
  const user = response.headers.get('X-Moc-User');
  if (user === null) return undefined;
  return user === '' ? null : user;
}

/**
 * The caches to delete when `user` is the one signed in now (null: nobody): every other person's kit and the
 * legacy shared page cache. Example: cachesToDrop(['moc-shell-1', 'moc-kit-3', 'moc-kit-7'], '7') → ['moc-kit-3'].
 * @param {string[]} names
 * @param {string | null} user
 */
export function cachesToDrop(names, user) {
  const keep = user === null ? null : kitCacheName(user);
  return names.filter((n) => legacyCaches.includes(n) || (n.startsWith(kitCachePrefix) && n !== keep));
}

/** @param {string | null} cacheControl */
export function isNoStore(cacheControl) {
  return /(^|,)\s*no-store\s*(,|$)/i.test(cacheControl ?? '');
}

/**
 * The key a kit URL is kept under: its path. A survey page opened with `?draft=…` is the same page.
 * @param {string} url absolute, or a path
 */
export function kitPath(url) {
  return new URL(url, 'http://x').pathname;
}

/**
 * Whether a response may go into `user`'s kit: a 200 (not a redirect) made for that same user, for a URL of
 * the kit, and not marked no-store. Anything else (a record page, another role's page, a sign-in page) is
 * passed to the page and kept nowhere.
 * @param {ResponseLike} response
 * @param {string} url
 * @param {string[]} kitUrls
 * @param {string | null} user
 */
export function mayKeep(response, url, kitUrls, user) {
  if (user === null || response.status !== 200 || response.redirected) return false;
  if (isNoStore(response.headers.get('Cache-Control'))) return false;
  return responseUser(response) === user && kitUrls.includes(kitPath(url));
}

/**
 * Whether a kept kit can serve as it is: fetched completely less than `kitMaxAgeMs` ago.
 * @param {KitManifest | null} manifest
 * @param {number} now
 */
export function kitIsFresh(manifest, now) {
  return manifest !== null && now - manifest.fetchedAt < kitMaxAgeMs;
}

/**
 * Whether a navigation to `url` may be answered at once with the kit's copy, the network's answer fetched behind it:
 * a survey page, when the user cookie names the person whose kit the device holds. Anyone else, nobody (signed out,
 * the cookie expired) or another page waits for the network first, as before.
 * Example: answersFromKitAtOnce('/rounds/r1/survey/household?draft=x', '7', '7') → true; (…, null, '7') → false.
 * @param {string} url absolute, or a path
 * @param {string | null} cookieUser the user cookie's value (null: none)
 * @param {string | null} kitUser whose kit the device holds (null: nobody's)
 */
export function answersFromKitAtOnce(url, cookieUser, kitUser) {
  return Boolean(cookieUser) && cookieUser === kitUser && surveyPagePath.test(kitPath(url));
}

/**
 * Whether a kept page (its Content-Language) is in the language the reader asks for (the language cookie; Vietnamese
 * without one): after the language switch the kept copy in the other language waits for the network's.
 * Example: inLanguageAsked('en', 'en') → true; ('vi', null) → true; ('vi', 'en') → false; (null, 'vi') → false.
 * @param {string | null} pageLanguage
 * @param {string | null} cookieLanguage
 */
export function inLanguageAsked(pageLanguage, cookieLanguage) {
  return pageLanguage !== null && pageLanguage === (cookieLanguage === 'en' ? 'en' : 'vi');
}
