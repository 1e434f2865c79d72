// @ts-check
// Field collection that loses nothing and sends everything exactly once: the entry that wires the parts on every
// page where someone collects (views/layout.tsx loads it with the field bar).
// - outbox.js: drafts and the send queue in IndexedDB, per signed-in user.
// - sync.js (rules in sync-rules.js): sending with backoff under a Web Lock; any answer from the server while
//   items wait (htmx's, the service worker's) sends them at once.
// - backup-format.js: the backup file, exported and imported here, the same file /imports takes.
// - field-bar.js: the bar; offline-kit.js: the service worker's offline kit.
// - A correction of a stored submission (correction-page.js) is an item of the same queue, sent with PUT and its
//   `baseRevision` (corrections.js); the submissions sent back with issues are listed in the bar, also offline.
// The survey and correction pages (and the evaluator's home) import `fieldApi`.
import { backupFile, backupFileName, readBackup, submissionsUrl, unsentSurveys } from './backup-format.js';
import { correctionItem } from './corrections.js';
import { fieldBar } from './field-bar.js';
import { forgetOfflineKit, onWorkerReachedNetwork, persistStorage, refreshOfflineKit, registerWorker } from './offline-kit.js';
import { openOutbox } from './outbox.js';
import { createSync } from './sync.js';
import { canFix } from './sync-rules.js';

/**
 * @typedef {{ locale: 'vi' | 'en', user: string, text: Record<string, string> }} FieldConfig
 * @typedef {import('./outbox.js').QueueItem} QueueItem
 * @typedef {import('./outbox.js').Draft} Draft
 * @typedef {import('./outbox.js').SubmissionBody} SubmissionBody
 * @typedef {import('./sync.js').SyncSummary} SyncSummary
 * @typedef {import('./field-bar.js').Issue} Issue
 */

/** @type {FieldConfig} */
var config = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('field-config')).textContent || '{}');
var text = config.text;
var barElement = /** @type {HTMLElement} */ (document.getElementById('field-bar'));
var channel = 'BroadcastChannel' in window ? new BroadcastChannel('moc-field') : null;
var lastSyncKey = 'moc-last-sync:' + config.user;
var outbox = openOutbox(config.user);
/** @type {Issue[] | null} the evaluator's submissions sent back with issues (/field/issues.json, in the offline kit) */
var issues = null;

var bar = fieldBar(barElement, {
  locale: config.locale,
  text: text,
  syncNow: function () { syncer.sync(); },
  sendAgain: sendAgain,
  reopenAsDraft: reopenAsDraft,
  exportBackup: exportBackup,
  importBackup: importBackup,
});

var syncer = createSync({
  outbox: outbox,
  waiting: bar.waiting,
  changed: changed,
  show: function () { render(); },
  synced: function (at) { localStorage.setItem(lastSyncKey, at.toISOString()); },
  sessionEnded: forgetOfflineKit,
});

function render() {
  return outbox.items().then(function (all) { bar.render(all, syncer.state(), localStorage.getItem(lastSyncKey), issues); });
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

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  var b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

// ---- what the pages do with the queue -----------------------------------------------------------------
/** @param {Draft} draft */
function saveDraft(draft) { return outbox.saveDraft(draft, new Date()); }
/** @param {string} id */
function deleteDraft(id) { return outbox.deleteDraft(id).then(changed); }

/**
 * A finished survey into the queue (out of the drafts).
 * @param {SubmissionBody} body
 * @param {string} postUrl
 */
function enqueue(body, postUrl) { return outbox.enqueue(body, postUrl, new Date()).then(changed); }

/**
 * Queues a correction of a stored submission (one per submission: a later one replaces an unsent one).
 * @param {string} submissionId
 * @param {import('./corrections.js').CorrectionBody} body
 * @param {string} putUrl
 */
function enqueueCorrection(submissionId, body, putUrl) {
  return outbox.putItem(/** @type {any} */ (correctionItem(submissionId, body, putUrl, new Date()))).then(changed);
}

/** Takes an item out of the queue (the survey page turns a 422 back into a draft to fix). @param {string} id */
function takeBack(id) { return outbox.removeItem(id).then(changed); }

/**
 * A refused item back in the queue as it was, and sent again.
 * @param {QueueItem} item
 */
function sendAgain(item) {
  item.state = 'waiting';
  delete item.problem;
  return outbox.putItem(item).then(changed).then(function () { return syncer.sync(); });
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
  return outbox.items().then(function (all) {
    if (unsentSurveys(all).length === 0) return bar.notify(text.nothingToExport);
    var file = backupFile(all, config.user, new Date());
    var blob = new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = backupFileName(file);
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
}

/**
 * Queues a backup file's surveys collected by whoever is signed in (the others are for /imports, which stores
 * each as the evaluator it names), then sends them.
 * @param {File} file
 * @returns {Promise<unknown>}
 */
function importBackup(file) {
  return file.text().then(/** @param {string} content @returns {unknown} */ function (content) {
    var read = readBackup(content, config.user);
    if (!read) return bar.notify(text.badBackup);
    var others = read.others;
    return outbox.enqueueNew(read.mine, submissionsUrl, new Date()).then(function (added) {
      changed();
      bar.notify(text.imported.replace('{n}', String(added)) + (others > 0 ? ' ' + text.importedOthers.replace('{n}', String(others)) : ''));
      return syncer.sync();
    });
  });
}

// ---- start --------------------------------------------------------------------------------------------
function loadIssues() {
  return fetch('/field/issues.json', { headers: { Accept: 'application/json' } })
    .then(function (res) { return res.ok ? res.json() : { issues: [] }; })
    .then(/** @param {{ issues: Issue[] }} body */ function (body) { issues = body.issues || []; }, function () { issues = []; })
    .then(render);
}

export const fieldApi = {
  newId: newId,
  saveDraft: saveDraft,
  getDraft: outbox.getDraft,
  listDrafts: outbox.listDrafts,
  deleteDraft: deleteDraft,
  enqueue: enqueue,
  enqueueCorrection: enqueueCorrection,
  items: outbox.items,
  takeBack: takeBack,
  canFix: canFix,
  /** @returns {Promise<SyncSummary>} */
  sync: function () { return syncer.sync(); },
  exportBackup: exportBackup,
  importBackup: importBackup,
  /** @param {boolean} force */
  refreshOfflineKit: function (force) { return refreshOfflineKit(force).then(function (ready) { if (ready) bar.offlineReady(); }); },
  /** A sign that the network works (a page's own request answered): what waits is sent now. */
  networkWorked: function () { syncer.signal(); },
  text: text,
};

window.addEventListener('online', function () { syncer.online(); });
window.addEventListener('offline', function () { syncer.offline(); });
// Any answer from the server while items wait: the network works again, whatever `online` said.
document.addEventListener('htmx:afterRequest', function (event) {
  if (/** @type {CustomEvent<{ successful?: boolean }>} */ (event).detail.successful) syncer.signal();
});
onWorkerReachedNetwork(function () { syncer.signal(); });
if (channel) channel.onmessage = function () { render(); };
var signOut = document.querySelector('form[action="/signout"]');
if (signOut) {
  signOut.addEventListener('submit', function (e) {
    var waiting = bar.waiting();
    if (waiting > 0 && !confirm(text.unsentOnSignOut.replace('{n}', String(waiting)))) e.preventDefault();
    else forgetOfflineKit();
  });
}

persistStorage().then(bar.storage);
// Once the page's own files are in (the load event): on a slow first visit, the worker's copy of the app and the
// offline kit would otherwise share the phone's bandwidth with SurveyJS and hold up the first question.
if ('serviceWorker' in navigator) {
  var startWorker = function () {
    registerWorker();
    fieldApi.refreshOfflineKit(false);
  };
  if (document.readyState === 'complete') startWorker();
  else window.addEventListener('load', startWorker, { once: true });
}
render().then(function () { if (bar.waiting() > 0) syncer.sync(); });
loadIssues();
