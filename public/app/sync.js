// @ts-check
// Sending the field queue (outbox.js) to the server, each item exactly once: a queued survey keeps its client
// UUID, the server's idempotency makes a resend harmless, and a Web Lock makes sure two tabs never send at once.
// - A send starts on "Sync now", on the `online` event, when the page loads with items waiting, and on any sign
//   that the network works again while items wait (`signal`: an htmx answer, the service worker reaching the
//   server): a phone with signal but no data says "online" throughout, so the `online` event is not enough.
// - After a failed sync the next try waits retryDelay (2 s doubling, at most 30 s, with jitter); while the last
//   try got no answer at all, a small request (the probe) asks every 2 s whether the network works, and a send
//   follows at once when it does. A server that answers with errors is left to the backoff alone.
// - 409, 422 and a 403 with a reason are kept as refused and shown, never dropped, and never hold back the rest
//   (sync-rules.js: settlement).
import { failureKind, probeEveryMs, retryDelay, sendOnSignal, settlement, waitingInOrder } from './sync-rules.js';

/**
 * @typedef {import('./outbox.js').Outbox} Outbox
 * @typedef {import('./outbox.js').QueueItem} QueueItem
 * @typedef {import('./sync-rules.js').Outcome} Outcome
 * @typedef {import('./sync-rules.js').FailureKind} FailureKind
 * @typedef {{ signIn?: boolean, csrf?: boolean, server?: boolean, offline?: boolean }} SyncFailure
 * @typedef {{ offline?: boolean, sent?: number, failed?: boolean, signIn?: boolean }} SyncSummary
 * @typedef {{ syncing: boolean, failure: FailureKind | null }} SyncState
 * @typedef {{
 *   outbox: Outbox,
 *   waiting(): number,
 *   changed(): void,
 *   show(state: SyncState): void,
 *   synced(at: Date): void,
 *   sessionEnded(): void,
 * }} SyncDeps
 */

/** How long a request of the sync may take before it counts as no answer (a phone with signal but no data hangs). */
const sessionTimeoutMs = 10_000;
const probeTimeoutMs = 5000;
const sendTimeoutMs = 60_000;
/** Signs that come in a burst (a page load's requests) start one send. */
const signalDebounceMs = 250;

/**
 * A fetch that gives up after `ms` (rejects, as a fetch with no answer does).
 * @param {string} url
 * @param {RequestInit} init
 * @param {number} ms
 */
function fetchWithin(url, init, ms) {
  var controller = new AbortController();
  var timer = setTimeout(function () { controller.abort(); }, ms);
  return fetch(url, Object.assign({}, init, { signal: controller.signal })).finally(function () { clearTimeout(timer); });
}

/** @param {SyncDeps} deps */
export function createSync(deps) {
  var outbox = deps.outbox;
  var syncing = false;
  /** @type {FailureKind | null} */
  var failure = null;
  var failures = 0;
  var lastTryAt = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var retryTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var probeTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var signalTimer;

  function show() { deps.show({ syncing: syncing, failure: failure }); }

  function session() {
    return fetchWithin('/field/session.json', { headers: { Accept: 'application/json' }, cache: 'no-store' }, sessionTimeoutMs).then(
      function (res) {
        if (res.status === 401 || res.redirected) {
          deps.sessionEnded();
          throw { signIn: true };
        }
        if (!res.ok) throw { server: true };
        return res.json();
      },
      function () { throw { offline: true }; },
    );
  }

  /**
   * Sends one item; resolves to the server's answer, never rejects on an HTTP answer.
   * @param {QueueItem} item
   * @param {string} csrfToken
   * @returns {Promise<Outcome>}
   */
  function send(item, csrfToken) {
    return fetchWithin(
      item.postUrl,
      {
        method: item.method || 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
        body: JSON.stringify(item.body),
      },
      sendTimeoutMs,
    ).then(
      function (res) {
        return res
          .json()
          .catch(function () { return {}; })
          .then(function (body) { return { status: res.status, body: body }; });
      },
      function () { throw { offline: true }; },
    );
  }

  /**
   * Records the server's answer on the item; resolves to whether it was stored, throws when the sync must stop.
   * @param {QueueItem} item
   * @param {Outcome} outcome
   */
  function settle(item, outcome) {
    var s = settlement(outcome);
    if (s.kind === 'sent') {
      item.state = 'sent';
      item.sentAt = new Date().toISOString();
      item.receivedAt = s.receivedAt;
      delete item.problem;
      return outbox.putItem(item).then(function () { return true; });
    }
    if (s.kind === 'rejected') {
      item.state = 'rejected';
      item.problem = s.problem;
      return outbox.putItem(item).then(function () { return false; });
    }
    if (s.kind === 'signIn') {
      deps.sessionEnded();
      throw { signIn: true };
    }
    throw s.kind === 'csrf' ? { csrf: true } : { server: true };
  }

  /**
   * Sends every waiting item, a few at a time, oldest first; this tab holds the lock, so each goes once.
   * @returns {Promise<SyncSummary>}
   */
  function sendAll() {
    return outbox.items().then(function (all) {
      var waiting = waitingInOrder(all);
      if (waiting.length === 0) return { sent: 0 };
      return session().then(function (s) {
        var sent = 0;
        var next = 0;
        /** @type {SyncFailure | null} */
        var stopped = null;
        /** @returns {Promise<void>} */
        function worker() {
          if (stopped || next >= waiting.length) return Promise.resolve();
          var item = waiting[next++];
          // Another tab may have sent it while this one waited for the lock.
          return outbox
            .item(item.id)
            .then(function (fresh) {
              if (!fresh || fresh.state !== 'waiting') return;
              return send(fresh, s.csrfToken).then(function (outcome) { return settle(fresh, outcome); }).then(function (stored) {
                if (stored) sent += 1;
                deps.changed();
              });
            })
            .then(worker, function (err) { stopped = stopped || err; });
        }
        // The lock is held until every send in flight has settled; the first failure stops new ones.
        return Promise.all([worker(), worker(), worker(), worker()]).then(function () {
          if (stopped) throw stopped;
          return { sent: sent };
        });
      });
    });
  }

  /** @param {SyncSummary} summary */
  function succeeded(summary) {
    failures = 0;
    failure = null;
    clearTimeout(retryTimer);
    clearTimeout(probeTimer);
    deps.synced(new Date());
    return summary;
  }

  /** @param {unknown} err */
  function failed(err) {
    failures += 1;
    failure = failureKind(err, navigator.onLine);
    scheduleRetry();
    return { failed: true, signIn: failure === 'signIn' };
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { sync(); }, retryDelay(Math.max(failures, 1), Math.random()));
    if (failure === 'offline') scheduleProbe();
  }

  // No answer last time: ask often, cheaply, whether the network works, and send as soon as it does.
  function scheduleProbe() {
    clearTimeout(probeTimer);
    probeTimer = setTimeout(probe, probeEveryMs * (0.75 + Math.random() / 2));
  }

  function probe() {
    if (failure !== 'offline' || syncing || deps.waiting() === 0) return;
    if (!navigator.onLine) return scheduleProbe(); // the `online` event will say
    fetchWithin('/field/session.json', { headers: { Accept: 'application/json' }, cache: 'no-store' }, probeTimeoutMs).then(
      function (res) {
        if (res.ok && failure === 'offline') sync();
        else scheduleProbe();
      },
      scheduleProbe,
    );
  }

  /**
   * Sends every waiting item, oldest first, one tab at a time. Resolves to a summary.
   * @returns {Promise<SyncSummary>}
   */
  function sync() {
    if (!navigator.onLine) {
      failure = 'offline';
      show();
      scheduleRetry();
      return Promise.resolve({ offline: true });
    }
    var run = function () {
      syncing = true;
      lastTryAt = Date.now();
      show();
      return sendAll()
        .then(succeeded, failed)
        .finally(function () {
          syncing = false;
          lastTryAt = Date.now();
          show();
        });
    };
    if (navigator.locks) return /** @type {Promise<SyncSummary>} */ (navigator.locks.request('moc-sync', run));
    return run();
  }

  /** A sign that the network works (an answer from the server): what waits goes now, not at the next timer. */
  function signal() {
    clearTimeout(signalTimer);
    signalTimer = setTimeout(function () {
      if (sendOnSignal({ waiting: deps.waiting(), syncing: syncing, lastFailure: failure, lastTryAt: lastTryAt, now: Date.now() })) sync();
    }, signalDebounceMs);
  }

  return {
    sync: sync,
    signal: signal,
    /** The browser says it is online again: start afresh. */
    online: function () {
      failures = 0;
      failure = null;
      return sync();
    },
    /** The browser says it is offline. */
    offline: function () {
      failure = 'offline';
      show();
    },
    /** @returns {SyncState} */
    state: function () { return { syncing: syncing, failure: failure }; },
  };
}
