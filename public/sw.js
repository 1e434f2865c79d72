// Mốc's service worker: the survey pages of an evaluator's open rounds work with no network.
// - Shell (app scripts, styles, SurveyJS, idb) and released instruments: cache first. BUILD changes whenever a
//   shell file changes (test/offline-shell.test.ts checks it), so a new worker replaces the old cache.
// - Pages and household lists: network first, the cached copy when the network fails or is slow.
// - Everything else (POSTs, the session, the API) goes to the network untouched.
// Matching ignores Vary: compressed responses vary on Accept-Encoding, which differs between a navigation
// and the fetch that cached the page.
const BUILD = 'b1b11ec7459f';
const SHELL_CACHE = 'moc-shell-' + BUILD;
const PAGES_CACHE = 'moc-pages';
const SHELL = [
  '/app/style.css',
  '/app/moc.js',
  '/app/field.js',
  '/app/survey-page.js',
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

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('moc-shell-') && k !== SHELL_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/app/') || url.pathname.startsWith('/vendor/') || url.pathname === '/manifest.webmanifest') {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  } else if (url.pathname.startsWith('/instruments/')) {
    event.respondWith(cacheFirst(request, PAGES_CACHE));
  } else if (request.mode === 'navigate' || url.pathname.endsWith('/households.json')) {
    event.respondWith(networkFirst(request));
  }
});

async function cacheFirst(request, cacheName) {
  const cached = await caches.match(request, { ignoreSearch: true, ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(cacheName)).put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(PAGES_CACHE);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    // Only a page the server rendered for a signed-in person is worth keeping (not the sign-in redirect).
    if (response.ok && !response.redirected) cache.put(request, response.clone());
    return response;
  } catch {
    const cached = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (cached) return cached;
    return new Response(offlinePage(), { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

function offlinePage() {
  return '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Mốc · ngoại tuyến</title><link rel="stylesheet" href="/app/style.css"><main><h1>Đang ngoại tuyến</h1>' +
    '<p>Trang này chưa được lưu trên máy. Các phiếu của đợt đánh giá được phân công vẫn dùng được: hãy mở <a href="/">trang chủ</a>.</p>' +
    '<p lang="en">You are offline and this page is not saved on this device. Your assigned surveys still work: open the <a href="/">home page</a>.</p></main></html>';
}
