// @ts-check
// Mốc's service worker (an ES module: field.js registers it with type 'module'): the survey pages of an
// evaluator's open rounds work with no network, and nothing else of anyone's stays on the device.
// - Shell (app scripts, styles, SurveyJS, idb): cache first. BUILD changes whenever a shell file changes
//   (test/offline-shell.test.ts checks it), so a new worker replaces the old cache.
// - The evaluator's offline kit (/field/kit.json: home, survey pages, instruments, household lists of their
//   open rounds) is kept in a cache of that evaluator's own (moc-kit-<user id>), filled when a page asks
//   (message 'refresh-kit') and refreshed whenever a kit URL is loaded online. Instruments: cache first.
// - A survey page of the kit opened by the person whose kit it is (the user cookie says so) is answered from the
//   kit at once and refreshed behind (stale-while-revalidate): on a slow network the form is there in a second.
// - Every other GET goes to the network; nothing else is kept (record pages, other roles' pages, anything
//   the server marks no-store). Offline, a navigation gets the kit's copy or the offline page.
// - Every response says whom it was made for (X-Moc-User; offline-rules.js): when that is someone else, or
//   nobody (sign-out, an expired session, a 401), every other person's kit is deleted before anything else.
// - A GET the server answered with a 2xx is told to the pages ('network'): a queue waiting on a phone whose
//   browser said "online" all along is sent then, not at its next timer (sync.js).
// Matching ignores Vary: compressed responses vary on Accept-Encoding, which differs between a navigation
// and the fetch that cached the page.
import { answersFromKitAtOnce, cachesToDrop, inLanguageAsked, languageCookie, kitCacheName, kitIsFresh, kitPath, manifestPath, mayKeep, responseUser, userCookie } from './app/offline-rules.js';

/** @type {ServiceWorkerGlobalScope} */
const worker = /** @type {any} */ (self);
const BUILD = '7ca7940f16de';
const SHELL_CACHE = 'moc-shell-' + BUILD;
/** Whose kit the device holds (an id, not personal data): kept across restarts of the worker. */
const STATE_CACHE = 'moc-state';
const STATE_KEY = '/sw-state/user';
const SHELL = [
  '/app/style.css',
  '/app/moc.js',
  '/app/failures.js',
  '/app/field.js',
  '/app/survey-page.js',
  '/app/first-look.js',
  '/app/correction-page.js',
  '/app/corrections.js',
  '/app/backup-owner.js',
  '/app/backup-format.js',
  '/app/outbox.js',
  '/app/sync.js',
  '/app/sync-rules.js',
  '/app/field-bar.js',
  '/app/offline-kit.js',
  '/app/offline-rules.js',
  '/app/fold.js',
  '/app/household-search.js',
  '/app/household-code.js',
  '/app/drafts.js',
  '/app/field-home.js',
  '/app/icon.svg',
  '/manifest.webmanifest',
  '/vendor/htmx.min.js',
  '/vendor/idb.umd.js',
  '/vendor/survey.core.min.js',
  '/vendor/survey.vietnamese.min.js',
  '/vendor/survey-js-ui.min.js',
  '/vendor/survey-core.min.css',
];
const NETWORK_TIMEOUT_MS = 4000;
const match = { ignoreSearch: true, ignoreVary: true };

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then(async (keys) => {
        const oldShells = keys.filter((k) => k.startsWith('moc-shell-') && k !== SHELL_CACHE);
        await Promise.all([...oldShells, ...cachesToDrop(keys, await currentUser())].map((k) => caches.delete(k)));
      })
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== worker.location.origin) return;
  if (url.pathname.startsWith('/app/') || url.pathname.startsWith('/vendor/') || url.pathname === '/manifest.webmanifest') {
    event.respondWith(shellFirst(request));
  } else if (url.pathname.startsWith('/instruments/')) {
    event.respondWith(kept(request).then((copy) => copy || fromNetwork(event)));
  } else {
    event.respondWith(keptFirst(event));
  }
});

worker.addEventListener('message', (event) => {
  const port = event.ports[0];
  if (event.data?.type === 'refresh-kit') {
    event.waitUntil(refreshKit(Boolean(event.data.force)).then((ready) => port?.postMessage({ ready }), () => port?.postMessage({ ready: false })));
  } else if (event.data?.type === 'signed-out') {
    event.waitUntil(signedIn(null).then(() => port?.postMessage({ done: true })));
  }
});

/** @param {Request} request */
async function shellFirst(request) {
  const cached = await caches.match(request, match);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

// ---- who is signed in -------------------------------------------------------------------------------------
/** @type {string | null | undefined} */
let current; // undefined until read from STATE_CACHE

async function currentUser() {
  if (current === undefined) {
    const saved = await (await caches.open(STATE_CACHE)).match(STATE_KEY);
    current = saved ? (await saved.json()).user : null;
  }
  return /** @type {string | null} */ (current);
}

/**
 * `user` (null: nobody) is who the server answers for now: every other person's kit goes.
 * @param {string | null} user
 */
async function signedIn(user) {
  if (user === (await currentUser())) return;
  current = user;
  kitUrls = null;
  await (await caches.open(STATE_CACHE)).put(STATE_KEY, new Response(JSON.stringify({ user })));
  const drop = cachesToDrop(await caches.keys(), user);
  await Promise.all(drop.map((name) => caches.delete(name)));
}

/**
 * Learns from a response whom the server answered for (before the page gets it, so that another person's kit
 * is gone first); returns that user.
 * @param {Response} response
 */
async function learn(response) {
  const user = responseUser(response);
  if (user !== undefined) await signedIn(user);
  return user;
}

/** @type {{ user: string, urls: string[] } | null} the current kit's URLs, read once from its manifest */
let kitUrls = null;

/**
 * Keeps a response made for `user` when it is a URL of their kit (a fresher copy, fetched online).
 * @param {Request} request
 * @param {Response} response
 * @param {string} user
 */
async function keep(request, response, user) {
  if (user !== (await currentUser()) || !(await caches.has(kitCacheName(user)))) return;
  const cache = await caches.open(kitCacheName(user));
  if (kitUrls?.user !== user) {
    const manifest = await readManifest(cache);
    kitUrls = manifest && { user, urls: manifest.urls };
  }
  if (kitUrls && mayKeep(response, request.url, kitUrls.urls, user)) await cache.put(kitPath(request.url), response);
}

// ---- pages and data --------------------------------------------------------------------------------------
/**
 * The current person's kept copy of a kit URL, if any.
 * @param {Request} request
 */
async function kept(request) {
  const user = await currentUser();
  if (!user || !(await caches.has(kitCacheName(user)))) return undefined;
  return (await caches.open(kitCacheName(user))).match(kitPath(request.url), match);
}

/**
 * The network's answer, learnt from (and kept when it is a kit URL) before the page gets it.
 * @param {FetchEvent} event
 * @returns {Promise<Response>}
 */
function fromNetwork(event) {
  const request = event.request;
  // Data fetched by pages skips the browser's HTTP cache: a household list is kept in the kit only.
  const sent = request.mode === 'navigate' ? fetch(request) : fetch(request, { cache: 'no-store' });
  return sent.then(async (response) => {
    const user = await learn(response).catch(() => undefined);
    if (user) event.waitUntil(keep(request, response.clone(), user).catch(() => {}));
    if (response.ok) event.waitUntil(reachedNetwork());
    return response;
  });
}

let lastReached = 0;
/** Tells the pages that the server answered (at most once a second): their send queue goes now (field.js). */
async function reachedNetwork() {
  if (Date.now() - lastReached < 1000) return;
  lastReached = Date.now();
  for (const client of await worker.clients.matchAll({ type: 'window' })) client.postMessage({ type: 'network' });
}

/**
 * A survey page of the signed-in evaluator's kit: the kept copy at once, and the network's answer learnt from
 * (another person or nobody: the kit goes) and kept behind it. Anything else, or no copy: the network first.
 * @param {FetchEvent} event
 * @returns {Promise<Response>}
 */
async function keptFirst(event) {
  const request = event.request;
  if (request.mode === 'navigate' && answersFromKitAtOnce(request.url, await cookieValue(userCookie), await currentUser())) {
    const copy = await kept(request);
    if (copy && inLanguageAsked(copy.headers.get('Content-Language'), await cookieValue(languageCookie))) {
      event.waitUntil(fromNetwork(event).catch(() => {}));
      return copy;
    }
  }
  return networkFirst(event);
}

/**
 * A readable cookie's value: whom the user cookie names, the language asked for (null: none, or a browser without
 * the Cookie Store API in workers).
 * @param {string} name
 */
async function cookieValue(name) {
  /** @type {{ get(name: string): Promise<{ value: string } | null> } | undefined} */
  const store = /** @type {any} */ (worker).cookieStore;
  const cookie = store ? await store.get(name).catch(() => null) : null;
  return cookie ? cookie.value : null;
}

/**
 * The network first; when it fails, or has not answered within NETWORK_TIMEOUT_MS and a kept copy exists,
 * the kept copy; a navigation with neither gets the offline page.
 * @param {FetchEvent} event
 * @returns {Promise<Response>}
 */
async function networkFirst(event) {
  const request = event.request;
  const network = fromNetwork(event);
  const failed = network.catch(async () => (await kept(request)) || (request.mode === 'navigate' ? offlinePage() : Response.error()));
  const slow = delay(NETWORK_TIMEOUT_MS).then(async () => (await kept(request)) || failed);
  return Promise.race([failed, slow]);
}

/** @param {number} ms */
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- the kit ---------------------------------------------------------------------------------------------
/**
 * @param {Cache} cache
 * @returns {Promise<import('./app/offline-rules.js').KitManifest | null>}
 */
async function readManifest(cache) {
  const saved = await cache.match(manifestPath);
  return saved ? saved.json() : null;
}

/** @type {Promise<boolean> | null} */
let refreshing = null;

/**
 * Fetches the signed-in evaluator's kit into their cache (at most hourly unless forced, or at once when the
 * server lists other URLs: a submission sent back to correct); true when complete.
 * @param {boolean} force
 */
function refreshKit(force) {
  refreshing ??= fetchKit(force).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** @param {boolean} force */
async function fetchKit(force) {
  const user = await currentUser();
  const known = user && (await caches.has(kitCacheName(user))) ? await readManifest(await caches.open(kitCacheName(user))) : null;
  const fresh = !force && kitIsFresh(known, Date.now());
  let response;
  try {
    response = await fetch(manifestPath, { cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch {
    return known !== null; // offline: a kit fetched completely before is still on the device
  }
  await learn(response);
  if (!response.ok) return false;
  /** @type {{ user: string, urls: string[] }} */
  const kit = await response.json();
  // A fresh kit of the same person listing the same URLs stays as it is (its pages refresh as they are opened).
  if (fresh && known && kit.user === user && kit.urls.length === known.urls.length && kit.urls.every((u) => known.urls.includes(u))) return true;
  if (kit.urls.length === 0) {
    await signedIn(kit.user); // not an evaluator: nothing to keep
    return false;
  }
  const cache = await caches.open(kitCacheName(kit.user));
  const loaded = await Promise.all(
    kit.urls.map(async (path) => {
      try {
        const page = await fetch(path, { cache: 'no-store' });
        if (!mayKeep(page, path, kit.urls, kit.user) || (await currentUser()) !== kit.user) return false;
        await cache.put(path, page);
        return true;
      } catch {
        return false;
      }
    }),
  );
  // What left the kit (a round that closed) leaves the device.
  for (const key of await cache.keys()) {
    const path = kitPath(key.url);
    if (path !== manifestPath && !kit.urls.includes(path)) await cache.delete(key);
  }
  const complete = loaded.every(Boolean) && (await currentUser()) === kit.user;
  if (complete) {
    await cache.put(manifestPath, new Response(JSON.stringify({ urls: kit.urls, fetchedAt: Date.now() })));
    kitUrls = { user: kit.user, urls: kit.urls };
  }
  return complete;
}

function offlinePage() {
  const html =
    '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Mốc · ngoại tuyến</title><link rel="stylesheet" href="/app/style.css"><main><h1>Đang ngoại tuyến</h1>' +
    '<p>Trang này không được lưu trên máy. Các phiếu của đợt đánh giá được phân công vẫn dùng được: hãy mở <a href="/">trang chủ</a>.</p>' +
    '<p lang="en">You are offline and this page is not kept on this device. Your assigned surveys still work: open the <a href="/">home page</a>.</p></main></html>';
  return new Response(html, {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'" },
  });
}
