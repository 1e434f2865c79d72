// @ts-check
// The field bar (views/layout.tsx, FieldBar) drawn from the queue: how many surveys wait, were sent or were
// refused, the last sync, why the last one failed, each refusal with what can be done about it, and the
// submissions sent back with issues. What its buttons do is given by field.js; nothing here reads IndexedDB.
import { correctionPage, isCorrection } from './corrections.js';
import { canFix, canSendAgain } from './sync-rules.js';

/**
 * @typedef {import('./outbox.js').QueueItem} QueueItem
 * @typedef {import('./sync.js').SyncState} SyncState
 * @typedef {{ id: string, commune: string, communeEn: string, instrument: string, comment: string | null, reviewer: string | null, revision: number }} Issue
 * @typedef {{ locale: 'vi' | 'en', text: Record<string, string>, sendAgain(item: QueueItem): void, reopenAsDraft(item: QueueItem): void,
 *   syncNow(): void, exportBackup(): void, importBackup(file: File): Promise<unknown> }} BarOptions
 */

/**
 * @param {HTMLElement} bar the #field-bar section
 * @param {BarOptions} options
 */
export function fieldBar(bar, options) {
  var text = options.text;
  var dateLocale = options.locale === 'vi' ? 'vi-VN' : 'en-GB';

  /**
   * @param {string} name
   * @returns {HTMLElement}
   */
  function field(name) { return /** @type {HTMLElement} */ (bar.querySelector('[data-field="' + name + '"]')); }

  /**
   * @param {QueueItem[]} all
   * @param {SyncState} sync
   * @param {string | null} lastSync ISO time of the last sync that went through
   * @param {Issue[] | null} issues
   */
  function render(all, sync, lastSync, issues) {
    var count = { waiting: 0, sent: 0, rejected: 0 };
    all.forEach(function (i) { count[i.state] += 1; });
    field('waiting').textContent = String(count.waiting);
    field('sent').textContent = String(count.sent);
    field('rejected').textContent = String(count.rejected);
    field('rejected-box').hidden = count.rejected === 0;
    field('last-sync').textContent = lastSync ? new Date(lastSync).toLocaleString(dateLocale) : text.never;
    if (lastSync) field('last-sync').setAttribute('datetime', lastSync);
    field('sync-now').textContent = sync.syncing ? text.syncing : text.syncNow;
    /** @type {HTMLButtonElement} */ (field('sync-now')).disabled = sync.syncing;
    var problem = problemText(sync);
    field('problem').hidden = !problem;
    field('problem').textContent = problem;
    renderRefused(all);
    renderIssues(all, issues);
    bar.hidden = false;
    bar.dataset.waiting = String(count.waiting);
    bar.dataset.sent = String(count.sent);
    bar.dataset.rejected = String(count.rejected);
  }

  /** @param {SyncState} sync */
  function problemText(sync) {
    if (sync.failure === 'signIn') return text.signInAgain;
    if (sync.failure === 'server') return text.serverError;
    if (sync.failure === 'offline') return text.offline;
    return '';
  }

  /** @param {QueueItem[]} all */
  function renderRefused(all) {
    var list = field('rejected-list');
    list.textContent = '';
    all.forEach(function (i) {
      if (i.state !== 'rejected' || !i.problem) return;
      var li = document.createElement('li');
      var errors = (i.problem.errors || []).map(function (e) { return e.question + ': ' + e.message; }).join('; ');
      var name = isCorrection(i) ? text.correction + ' ' + String(i.submission).slice(0, 8) : i.id.slice(0, 8);
      li.textContent = name + ' · ' + i.problem.status + ' ' + (i.problem.title || '') + (errors ? ' — ' + errors : '');
      li.dataset.status = String(i.problem.status);
      if (isCorrection(i)) {
        // A refused correction (changed since, or answers refused) is corrected again on its page.
        var open = document.createElement('a');
        open.href = correctionPage(i);
        open.textContent = text.fix;
        li.append(' ', open);
      } else if (canSendAgain(i.problem)) {
        // Refused because its round was closed or its evaluator is not assigned there: may go again later.
        li.append(' ', linkButton(text.sendAgain, function () { options.sendAgain(i); }));
      } else if (canFix(i.problem) && i.body.instrument) {
        // Answers the server refused (422) go back to a draft the evaluator can correct; a 409 stays as it is.
        li.append(' ', linkButton(text.fix, function () { options.reopenAsDraft(i); }));
      }
      list.appendChild(li);
    });
  }

  /**
   * @param {string} label
   * @param {() => void} onClick
   */
  function linkButton(label, onClick) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = label;
    button.addEventListener('click', onClick);
    return button;
  }

  /**
   * The evaluator's submissions sent back with issues, with the reviewer's comment, each linked to its correction.
   * @param {QueueItem[]} all
   * @param {Issue[] | null} issues
   */
  function renderIssues(all, issues) {
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
      li.append((options.locale === 'vi' ? issue.commune : issue.communeEn) + ' · ' + issue.id.slice(0, 8) + (issue.comment ? ' — ' + issue.comment : '') + ' ');
      var open = document.createElement('a');
      open.href = '/submissions/' + encodeURIComponent(issue.id) + '/edit';
      open.textContent = queued ? text.correction + ' · ' + text.waiting : text.correctIt;
      li.append(open);
      list.appendChild(li);
    });
    box.append(summary, list);
  }

  /** @param {string} message */
  function notify(message) {
    field('notice').textContent = message;
    field('notice').hidden = false;
  }

  field('sync-now').addEventListener('click', function () { options.syncNow(); });
  field('export').addEventListener('click', function () { options.exportBackup(); });
  field('import').addEventListener('change', function () {
    var input = /** @type {HTMLInputElement} */ (field('import'));
    var file = input.files && input.files[0];
    if (file) options.importBackup(file).finally(function () { input.value = ''; });
  });

  return {
    render: render,
    notify: notify,
    /** Everything the evaluator's open rounds need is on this device. */
    offlineReady: function () {
      bar.dataset.offlineReady = 'true';
      field('offline-ready').hidden = false;
    },
    /** @param {boolean} granted */
    storage: function (granted) {
      field('storage').textContent = granted ? text.storagePersisted : text.storageNotPersisted;
      bar.dataset.persisted = String(granted);
    },
    /** How many items wait, as last drawn. */
    waiting: function () { return Number(bar.dataset.waiting || 0); },
  };
}
