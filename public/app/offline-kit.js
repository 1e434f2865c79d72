// @ts-check
// The evaluator's offline kit, kept by the service worker (/sw.js) in a cache of their own: the pages, household
// lists and instruments of their open rounds, refreshed at most hourly. Sign-out and an expired session delete it;
// the send queue stays (outbox.js). The worker also says when it reached the server ('network'), a sign for the
// queue that the network works again.

/** Registers the service worker (offline, the one registered before stays). */
export function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { type: 'module' }).catch(function () {});
}

/**
 * Asks the active service worker something; resolves to its answer, or null without one.
 * @param {{ type: string, force?: boolean }} message
 * @returns {Promise<any>}
 */
function askWorker(message) {
  if (!('serviceWorker' in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.ready.then(function (registration) {
    return new Promise(function (resolve) {
      var reply = new MessageChannel();
      reply.port1.onmessage = function (e) { resolve(e.data); };
      if (registration.active) registration.active.postMessage(message, [reply.port2]);
      else resolve(null);
    });
  });
}

/**
 * Fetches the kit (at once when `force`); resolves to whether all of it is on the device.
 * @param {boolean} force
 * @returns {Promise<boolean>}
 */
export function refreshOfflineKit(force) {
  return askWorker({ type: 'refresh-kit', force: Boolean(force) }).then(function (answer) { return Boolean(answer && answer.ready); });
}

/** Signed out or session expired: the kit goes (the send queue stays). */
export function forgetOfflineKit() {
  if (!('caches' in window)) return Promise.resolve();
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf('moc-kit-') === 0; }).map(function (n) { return caches.delete(n); }));
  });
}

/**
 * Calls `then` whenever the service worker says it got an answer from the server.
 * @param {() => void} then
 */
export function onWorkerReachedNetwork(then) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', function (e) {
    if (e.data && e.data.type === 'network') then();
  });
}

/** Asks the browser to keep this site's storage (the queue) under storage pressure; resolves to whether it will. */
export function persistStorage() {
  if (!navigator.storage || !navigator.storage.persist) return Promise.resolve(false);
  return navigator.storage.persisted().then(function (already) { return already || navigator.storage.persist(); });
}
