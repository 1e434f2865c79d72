// @ts-check
// Field collection that loses nothing and sends everything exactly once.
// - Drafts and the send queue live in IndexedDB (through `idb`), per signed-in user.
// - A queued submission keeps its client UUID; the server's idempotency makes a resend harmless.
// - Sync runs on the `online` event, on a timer with backoff, and on "Sync now"; a Web Lock makes sure two
//   tabs never send at the same time. 409, 422 and 403 answers (not assigned there) are kept and shown, never
//   dropped, and never hold back the rest of the queue.
// - The service worker (/sw.js) keeps the evaluator's offline kit (the pages, household lists and instruments
//   of their open rounds) in a cache of their own; sign-out and an expired session (401) delete it. The queue
//   stays: unsent surveys are never dropped, and each person's are in their own database.
// - A correction of a stored submission (correction-page.js) is an item of the same queue, sent with PUT and its
//   `baseRevision` (corrections.js); the submissions sent back with issues are listed in the bar, also offline.
// An ES module: the survey page (survey-page.js) imports `fieldApi`; window.MocField is the same, for scripted
// use (tests, benchmarks), like window.MocSurvey.
import { splitByCollector } from './backup-owner.js';
import { correctionItem, correctionPage, isCorrection } from './corrections.js';

/**
 * @typedef {{ locale: 'vi' | 'en', user: string, text: Record<string, string> }} FieldConfig
 * @typedef {{ status: number, code?: string, title?: string, errors: { question: string, message: string }[] }} Problem
 * @typedef {{ id: string, round: string, commune: string, instrument: string, version: number, answers: Record<string, unknown>, startedAt?: string }} SubmissionBody
 * @typedef {{ id: string, body: SubmissionBody, postUrl: string, state: 'waiting' | 'sent' | 'rejected', queuedAt: string, sentAt?: string, receivedAt?: string, problem?: Problem,
 *   kind?: 'correction', submission?: string, method?: 'PUT' }} QueueItem
 * @typedef {{ id: string, commune: string, communeEn: string, instrument: string, comment: string | null, reviewer: string | null, revision: number }} Issue
 * @typedef {{ id: string, updatedAt?: string, [key: string]: unknown }} Draft
 * @typedef {{ status: number, body: { receivedAt?: string, title?: string, errors?: Problem['errors'], code?: string } }} Outcome
 * @typedef {{ signIn?: boolean, csrf?: boolean, server?: boolean }} SyncFailure
 * @typedef {{ offline?: boolean, sent?: number, failed?: boolean, signIn?: boolean }} SyncSummary
 * @typedef {{ objectStore(name: string): { put(value: unknown): unknown, delete(key: string): unknown }, store: { get(key: string): Promise<unknown>, put(value: unknown): Promise<unknown> }, done: Promise<void> }} Tx
 * @typedef {{
 *   get(store: string, key: string): Promise<any>, getAll(store: string): Promise<any[]>,
 *   put(store: string, value: unknown): Promise<unknown>, delete(store: string, key: string): Promise<void>,
 *   transaction(stores: string | string[], mode: 'readwrite'): Tx,
 *   createObjectStore(name: string, options: { keyPath: string }): { createIndex(name: string, keyPath: string): void },
 * }} Db
 */

/** @type {{ openDB(name: string, version: number, options: { upgrade(db: Db): void }): Promise<Db> }} */
var idb = /** @type {any} */ (window).idb;
/** @type {FieldConfig} */
var config = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('field-config')).textContent || '{}');
var text = config.text;
var bar = /** @type {HTMLElement} */ (document.getElementById('field-bar'));
var channel = 'BroadcastChannel' in window ? new BroadcastChannel('moc-field') : null;
var lastSyncKey = 'moc-last-sync:' + config.user;
var dbPromise = idb.openDB('moc-field:' + config.user, 1, {
  upgrade: function (db) {
    db.createObjectStore('drafts', { keyPath: 'id' });
    var outbox = db.createObjectStore('outbox', { keyPath: 'id' });
    outbox.createIndex('state', 'state');
  },
});

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  var b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

// Many changes in a row (a sync of hundreds) redraw the bar at most every 200 ms, here and in other tabs.
/** @type {ReturnType<typeof setTimeout> | null} */
var pending = null;
function changed() {
  if (pending) return;
  pending = setTimeout(function () {
    pending = null;
    if (channel) channel.postMessage('changed');
    render();
  }, 200);
}

// ---- drafts -------------------------------------------------------------------------------------------
/** @param {Draft} draft */
function saveDraft(draft) {
  draft.updatedAt = new Date().toISOString();
  return dbPromise.then(function (db) { return db.put('drafts', draft); });
}
/** @param {string} id */
function getDraft(id) { return dbPromise.then(function (db) { return db.get('drafts', id); }); }
function listDrafts() { return dbPromise.then(function (db) { return db.getAll('drafts'); }); }
/** @param {string} id */
function deleteDraft(id) { return dbPromise.then(function (db) { return db.delete('drafts', id); }).then(changed); }

// ---- queue --------------------------------------------------------------------------------------------
// An item: { id, body: {id, round, commune, instrument, version, answers, startedAt}, postUrl, state:
// 'waiting' | 'sent' | 'rejected', queuedAt, sentAt?, problem? }.
/**
 * @param {SubmissionBody} body
 * @param {string} postUrl
 */
function enqueue(body, postUrl) {
  return dbPromise
    .then(function (db) {
      var tx = db.transaction(['drafts', 'outbox'], 'readwrite');
      // Finishing a survey moves it from drafts to the queue in one transaction: never both, never neither.
      tx.objectStore('drafts').delete(body.id);
      tx.objectStore('outbox').put({ id: body.id, body: body, postUrl: postUrl, state: 'waiting', queuedAt: new Date().toISOString() });
      return tx.done;
    })
    .then(changed);
}
/**
 * Queues a correction of a stored submission (one per submission: a later one replaces an unsent one).
 * @param {string} submissionId
 * @param {import('./corrections.js').CorrectionBody} body
 * @param {string} putUrl
 */
function enqueueCorrection(submissionId, body, putUrl) {
  return putItem(/** @type {any} */ (correctionItem(submissionId, body, putUrl, new Date()))).then(changed);
}
/** Takes an item out of the queue (the survey page turns a 422 back into a draft to fix). */
/** @param {string} id */
function takeBack(id) { return dbPromise.then(function (db) { return db.delete('outbox', id); }).then(changed); }
/** @returns {Promise<QueueItem[]>} */
function items() { return dbPromise.then(function (db) { return db.getAll('outbox'); }); }
/** @param {QueueItem} item */
function putItem(item) { return dbPromise.then(function (db) { return db.put('outbox', item); }); }

// ---- sync ---------------------------------------------------------------------------------------------
var backoff = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
var timer;
/** @type {string | null} */
var problem = null;
var syncing = false;

function schedule() {
  clearTimeout(timer);
  var delay = Math.min(5000 * Math.pow(2, backoff), 5 * 60 * 1000);
  timer = setTimeout(function () { sync(); }, delay);
}

function session() {
  return fetch('/field/session.json', { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (res) {
    if (res.status === 401 || res.redirected) {
      forgetOfflineKit();
      throw { signIn: true };
    }
    if (!res.ok) throw { server: true };
    return res.json();
  });
}

/**
 * Sends one item; resolves to the outcome, never rejects on an HTTP answer.
 * @param {QueueItem} item
 * @param {string} csrfToken
 * @returns {Promise<Outcome>}
 */
function send(item, csrfToken) {
  return fetch(item.postUrl, {
    method: item.method || 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
    body: JSON.stringify(item.body),
  }).then(function (res) {
    return res
      .json()
      .catch(function () { return {}; })
      .then(function (body) { return { status: res.status, body: body }; });
  });
}

/**
 * @param {QueueItem} item
 * @param {Outcome} outcome
 */
function settle(item, outcome) {
  if (outcome.status === 200 || outcome.status === 201) {
    item.state = 'sent';
    item.sentAt = new Date().toISOString();
    item.receivedAt = outcome.body.receivedAt;
    delete item.problem;
    return putItem(item).then(function () { return 'sent'; });
  }
  // A 403 with a reason (no longer assigned to the round or commune) is the server's answer about this item, not a
  // failure to retry: retried, it would be refused on every sync and hold back the items behind it.
  var refusedHere = outcome.status === 403 && Boolean(outcome.body.code) && outcome.body.code !== 'csrf';
  if (outcome.status === 409 || outcome.status === 422 || refusedHere) {
    item.state = 'rejected';
    item.problem = { status: outcome.status, code: outcome.body.code, title: outcome.body.title, errors: outcome.body.errors || [] };
    return putItem(item).then(function () { return 'rejected'; });
  }
  if (outcome.status === 401) {
    forgetOfflineKit();
    throw { signIn: true };
  }
  if (outcome.status === 403 && outcome.body.code === 'csrf') throw { csrf: true };
  throw { server: true };
}

/**
 * Sends every waiting item, oldest first, one tab at a time. Resolves to a summary.
 * @returns {Promise<SyncSummary>}
 */
function sync() {
  if (!navigator.onLine) {
    problem = text.offline;
    render();
    schedule();
    return Promise.resolve({ offline: true });
  }
  var run = function () {
    syncing = true;
    render();
    return items()
      .then(function (all) {
        var waiting = all.filter(function (i) { return i.state === 'waiting'; }).sort(function (a, b) { return a.queuedAt < b.queuedAt ? -1 : 1; });
        if (waiting.length === 0) return { sent: 0 };
        return session().then(function (s) {
          // A few sends in flight at once (each item still exactly once: this tab holds the lock).
          var sent = 0;
          var next = 0;
          /** @type {SyncFailure | null} */
          var failure = null;
          /** @returns {Promise<void>} */
          function worker() {
            if (failure || next >= waiting.length) return Promise.resolve();
            var item = waiting[next++];
            // Another tab may have sent it while this one waited for the lock.
            return dbPromise
              .then(function (db) { return db.get('outbox', item.id); })
              .then(function (fresh) {
                if (!fresh || fresh.state !== 'waiting') return;
                return send(fresh, s.csrfToken).then(function (outcome) { return settle(fresh, outcome); }).then(function (r) {
                  if (r === 'sent') sent += 1;
                  changed();
                });
              })
              .then(worker, function (err) { failure = failure || err; });
          }
          // The lock is held until every send in flight has settled; the first failure stops new ones.
          return Promise.all([worker(), worker(), worker(), worker()]).then(function () {
            if (failure) throw failure;
            return { sent: sent };
          });
        });
      })
      .then(
        function (summary) {
          backoff = 0;
          problem = null;
          localStorage.setItem(lastSyncKey, new Date().toISOString());
          return summary;
        },
        function (err) {
          backoff = Math.min(backoff + 1, 6);
          problem = err && err.signIn ? text.signInAgain : navigator.onLine ? text.serverError : text.offline;
          schedule();
          return { failed: true, signIn: Boolean(err && err.signIn) };
        },
      )
      .finally(function () {
        syncing = false;
        render();
      });
  };
  if (navigator.locks) return /** @type {Promise<SyncSummary>} */ (navigator.locks.request('moc-sync', run));
  return run();
}

/**
 * Whether the evaluator can fix a refusal by changing the answers (a 422 about them). A closed round is not
 * about the answers: the item stays in the queue, refused, and can be sent again once an admin reopens the round.
 * @param {Problem | undefined} problem
 */
function canFix(problem) { return problem !== undefined && problem.status === 422 && problem.code !== 'round_closed'; }

/**
 * Whether a refused item may be accepted later as it is: its round reopened, or its evaluator assigned again.
 * @param {Problem} problem
 */
function canSendAgain(problem) { return problem.code === 'round_closed' || problem.status === 403; }

/**
 * A refused item back in the queue as it was, and sent again.
 * @param {QueueItem} item
 */
function sendAgain(item) {
  item.state = 'waiting';
  delete item.problem;
  return putItem(item).then(changed).then(sync);
}

/**
 * A refused item back to a draft (same id, same answers), opened on its survey page.
 * @param {QueueItem} item
 */
function reopenAsDraft(item) {
  var draft = { id: item.id, round: item.body.round, instrument: item.body.instrument, version: item.body.version, commune: item.body.commune, data: item.body.answers, pageNo: 0, startedAt: item.body.startedAt || item.queuedAt };
  return saveDraft(draft)
    .then(function () { return takeBack(item.id); })
    .then(function () {
      location.assign('/rounds/' + encodeURIComponent(item.body.round) + '/survey/' + encodeURIComponent(item.body.instrument) + '?draft=' + item.id);
    });
}

// ---- backup -------------------------------------------------------------------------------------------
function exportBackup() {
  return items().then(function (all) {
    // Corrections are not in the backup format (new submissions only): they stay queued on the device.
    var unsent = all.filter(function (i) { return i.state !== 'sent' && !isCorrection(/** @type {any} */ (i)); });
    if (unsent.length === 0) return notify(text.nothingToExport);
    var file = {
      format: 'moc-backup',
      formatVersion: 1,
      exportedAt: new Date().toISOString(),
      exportedBy: config.user,
      submissions: unsent.map(function (i) { return Object.assign({}, i.body, { evaluator: config.user }); }),
    };
    var blob = new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'moc-backup-' + file.exportedAt.slice(0, 16).replace(/[:T]/g, '-') + '.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
}

/**
 * @param {File} file
 * @returns {Promise<unknown>}
 */
function importBackup(file) {
  return file.text().then(/** @param {string} content @returns {unknown} */ function (content) {
    /** @type {{ format?: string, submissions?: Record<string, any>[] } | null} */
    var parsed;
    try {
      parsed = JSON.parse(content);
    } catch (e) {
      parsed = null;
    }
    if (!parsed || parsed.format !== 'moc-backup' || !Array.isArray(parsed.submissions)) {
      return notify(text.badBackup);
    }
    // What the queue sends is stored as whoever is signed in: an item another person collected (a manager
    // holding an evaluator's file) stays out, for /imports, which stores each item as the evaluator it names.
    var split = splitByCollector(parsed.submissions, config.user);
    var submissions = split.mine;
    var others = split.others.length;
    return dbPromise.then(function (db) {
      var tx = db.transaction('outbox', 'readwrite');
      var added = 0;
      return Promise.all(
        submissions.map(function (s) {
          if (!s || typeof s.id !== 'string' || typeof s.round !== 'string') return null;
          return tx.store.get(s.id).then(function (known) {
            if (known) return; // already queued or sent from this device
            added += 1;
            var body = { id: s.id, round: s.round, commune: s.commune, instrument: s.instrument, version: s.version, answers: s.answers, startedAt: s.startedAt };
            return tx.store.put({ id: s.id, body: body, postUrl: '/rounds/' + encodeURIComponent(s.round) + '/submissions', state: 'waiting', queuedAt: new Date().toISOString() });
          });
        }),
      )
        .then(function () { return tx.done; })
        .then(function () {
          changed();
          notify(text.imported.replace('{n}', String(added)) + (others > 0 ? ' ' + text.importedOthers.replace('{n}', String(others)) : ''));
          return sync();
        });
    });
  });
}

// ---- status bar ---------------------------------------------------------------------------------------
/**
 * @param {string} name
 * @returns {HTMLElement}
 */
function field(name) { return /** @type {HTMLElement} */ (bar.querySelector('[data-field="' + name + '"]')); }

/** @param {string} message */
function notify(message) {
  field('notice').textContent = message;
  field('notice').hidden = false;
}

function render() {
  return items().then(function (all) {
    var count = { waiting: 0, sent: 0, rejected: 0 };
    all.forEach(function (i) { count[i.state] += 1; });
    field('waiting').textContent = String(count.waiting);
    field('sent').textContent = String(count.sent);
    field('rejected').textContent = String(count.rejected);
    field('rejected-box').hidden = count.rejected === 0;
    var last = localStorage.getItem(lastSyncKey);
    field('last-sync').textContent = last ? new Date(last).toLocaleString(config.locale === 'vi' ? 'vi-VN' : 'en-GB') : text.never;
    if (last) field('last-sync').setAttribute('datetime', last);
    field('sync-now').textContent = syncing ? text.syncing : text.syncNow;
    /** @type {HTMLButtonElement} */ (field('sync-now')).disabled = syncing;
    field('problem').hidden = !problem;
    field('problem').textContent = problem || '';
    var list = field('rejected-list');
    list.textContent = '';
    all.forEach(function (i) {
      if (i.state !== 'rejected' || !i.problem) return;
      var li = document.createElement('li');
      var errors = (i.problem.errors || []).map(function (e) { return e.question + ': ' + e.message; }).join('; ');
      var name = isCorrection(/** @type {any} */ (i)) ? text.correction + ' ' + String(i.submission).slice(0, 8) : i.id.slice(0, 8);
      li.textContent = name + ' · ' + i.problem.status + ' ' + (i.problem.title || '') + (errors ? ' — ' + errors : '');
      li.dataset.status = String(i.problem.status);
      if (isCorrection(/** @type {any} */ (i))) {
        // A refused correction (changed since, or answers refused) is corrected again on its page.
        var open = document.createElement('a');
        open.href = correctionPage(/** @type {any} */ (i));
        open.textContent = text.fix;
        li.append(' ', open);
        list.appendChild(li);
        return;
      }
      // Answers the server refused (422) go back to a draft the evaluator can correct; a 409 stays as it is; one
      // refused because its round was closed or its evaluator is not assigned there can be sent again later.
      if (canSendAgain(i.problem)) {
        var again = document.createElement('button');
        again.type = 'button';
        again.className = 'link';
        again.textContent = text.sendAgain;
        again.addEventListener('click', function () { sendAgain(i); });
        li.append(' ', again);
      } else if (canFix(i.problem) && i.body.instrument) {
        var fix = document.createElement('button');
        fix.type = 'button';
        fix.className = 'link';
        fix.textContent = text.fix;
        fix.addEventListener('click', function () { reopenAsDraft(i); });
        li.append(' ', fix);
      }
      list.appendChild(li);
    });
    renderIssues(all);
    bar.hidden = false;
    bar.dataset.waiting = String(count.waiting);
    bar.dataset.sent = String(count.sent);
    bar.dataset.rejected = String(count.rejected);
  });
}

// ---- submissions with issues --------------------------------------------------------------------------
// The evaluator's submissions sent back with issues, with the reviewer's comment: read once per page from
// /field/issues.json (kept in the offline kit, so offline too); empty for other roles.
/** @type {Issue[] | null} */
var issues = null;
function loadIssues() {
  return fetch('/field/issues.json', { headers: { Accept: 'application/json' } })
    .then(function (res) { return res.ok ? res.json() : { issues: [] }; })
    .then(/** @param {{ issues: Issue[] }} body */ function (body) { issues = body.issues || []; }, function () { issues = []; })
    .then(render);
}

/** @param {QueueItem[]} all */
function renderIssues(all) {
  var box = /** @type {HTMLElement | null} */ (bar.querySelector('[data-field="issues"]'));
  if (!issues || issues.length === 0) {
    if (box) box.remove();
    return;
  }
  if (!box) {
    box = document.createElement('details');
    box.dataset.field = 'issues';
    box.className = 'issues';
    bar.insertBefore(box, field('notice'));
  }
  box.textContent = '';
  var summary = document.createElement('summary');
  summary.textContent = text.issues + ' (' + issues.length + ')';
  var list = document.createElement('ul');
  issues.forEach(function (issue) {
    var li = document.createElement('li');
    li.dataset.issue = issue.id;
    var queued = all.some(function (i) { return i.submission === issue.id && i.state === 'waiting'; });
    li.append((config.locale === 'vi' ? issue.commune : issue.communeEn) + ' · ' + issue.id.slice(0, 8) + (issue.comment ? ' — ' + issue.comment : '') + ' ');
    var open = document.createElement('a');
    open.href = '/submissions/' + encodeURIComponent(issue.id) + '/edit';
    open.textContent = queued ? text.correction + ' · ' + text.waiting : text.correctIt;
    li.append(open);
    list.appendChild(li);
  });
  box.append(summary, list);
}

// ---- offline kit ------------------------------------------------------------------------------------
// The service worker keeps the evaluator's kit (the pages, households and instruments of their open rounds)
// in their own cache, refreshed at most hourly; it answers whether all of it is on the device.
/** @param {{ type: string, force?: boolean }} message */
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

/** @param {boolean} force */
function refreshOfflineKit(force) {
  return askWorker({ type: 'refresh-kit', force: Boolean(force) }).then(function (answer) {
    if (answer && answer.ready) offlineReady();
  });
}

/** Signed out or session expired: the kit goes (the send queue stays). */
function forgetOfflineKit() {
  if (!('caches' in window)) return Promise.resolve();
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf('moc-kit-') === 0; }).map(function (n) { return caches.delete(n); }));
  });
}

/** Everything the evaluator's open rounds need is on this device. */
function offlineReady() {
  bar.dataset.offlineReady = 'true';
  field('offline-ready').hidden = false;
}

function storageStatus() {
  if (!navigator.storage || !navigator.storage.persist) return Promise.resolve(false);
  return navigator.storage.persisted().then(function (already) { return already || navigator.storage.persist(); });
}

export const fieldApi = {
  newId: newId,
  saveDraft: saveDraft,
  getDraft: getDraft,
  listDrafts: listDrafts,
  deleteDraft: deleteDraft,
  enqueue: enqueue,
  enqueueCorrection: enqueueCorrection,
  items: items,
  takeBack: takeBack,
  canFix: canFix,
  sync: sync,
  exportBackup: exportBackup,
  importBackup: importBackup,
  refreshOfflineKit: refreshOfflineKit,
  text: text,
};
/** @type {any} */ (window).MocField = fieldApi;

field('sync-now').addEventListener('click', function () { sync(); });
field('export').addEventListener('click', function () { exportBackup(); });
field('import').addEventListener('change', function () {
  var input = /** @type {HTMLInputElement} */ (field('import'));
  var file = input.files && input.files[0];
  if (file) importBackup(file).finally(function () { input.value = ''; });
});
window.addEventListener('online', function () {
  problem = null;
  backoff = 0;
  sync();
});
window.addEventListener('offline', function () {
  problem = text.offline;
  render();
});
if (channel) channel.onmessage = function () { render(); };
var signOut = document.querySelector('form[action="/signout"]');
if (signOut) {
  signOut.addEventListener('submit', function (e) {
    var waiting = Number(bar.dataset.waiting || 0);
    if (waiting > 0 && !confirm(text.unsentOnSignOut.replace('{n}', String(waiting)))) e.preventDefault();
    else forgetOfflineKit();
  });
}

storageStatus().then(function (granted) {
  field('storage').textContent = granted ? text.storagePersisted : text.storageNotPersisted;
  bar.dataset.persisted = String(granted);
});
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { type: 'module' }).catch(function () {}); // offline, the registered worker stays
  refreshOfflineKit(false);
}
render().then(function () { if (Number(bar.dataset.waiting) > 0) sync(); });
loadIssues();
