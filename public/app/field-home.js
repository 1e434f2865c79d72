// @ts-check
// The evaluator's home: the unfinished surveys and the send queue of this device, from IndexedDB (field.js), so
// also offline (the home page is in the offline kit). Each draft continues on its survey page (?draft=); refused
// items are dealt with in the field bar. Drawn again when the queue changes, here or in another tab.
// What is drawn and in which order: drafts.js (pure, unit-tested).
import { draftRows, queueRows } from './drafts.js';
import { fieldApi } from './field.js';

/**
 * @typedef {{ locale: 'vi' | 'en', names: import('./drafts.js').Names, text: Record<string, string> }} FieldWorkConfig
 */

/** At most this many queued surveys are listed (after a long time offline there can be hundreds). */
const listedAtMost = 20;

const configElement = document.getElementById('field-work-config');
/** @type {FieldWorkConfig} */
const config = JSON.parse((configElement && configElement.textContent) || '{}');
const text = config.text;

/**
 * @param {string} selector
 * @returns {HTMLElement}
 */
function part(selector) {
  return /** @type {HTMLElement} */ (document.querySelector(selector));
}

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [content]
 */
function element(tag, className, content) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (content !== undefined) e.textContent = content;
  return e;
}

/** @param {import('./drafts.js').DraftRow[]} rows */
function drawDrafts(rows) {
  part('[data-drafts-count]').textContent = String(rows.length);
  part('[data-no-drafts]').hidden = rows.length > 0;
  const list = part('[data-drafts]');
  list.textContent = '';
  for (const row of rows) {
    const li = element('li');
    li.dataset.draft = row.id;
    const household = row.household || text.noHousehold;
    const what = element('span', 'field-work-what');
    what.append(element('b', '', row.instrument), ' · ' + row.round);
    const where = element('span', 'field-work-where', [row.commune, household, text.page.replace('{n}', String(row.page))].filter(Boolean).join(' · ') + ' · ' + text.lastEdited + ' ');
    const when = element('time', '', row.edited);
    when.setAttribute('datetime', row.editedAt);
    where.append(when);
    const go = /** @type {HTMLAnchorElement} */ (element('a', 'button', text.continue));
    go.href = row.href;
    go.setAttribute('aria-label', text.continue + ': ' + [row.instrument, row.commune, household].filter(Boolean).join(', '));
    li.append(what, where, go);
    list.appendChild(li);
  }
}

/** @param {ReturnType<typeof queueRows>} queue */
function drawQueue(queue) {
  const summary = part('[data-queue-summary]');
  summary.textContent = '';
  summary.dataset.waiting = String(queue.waiting);
  summary.dataset.refused = String(queue.refused);
  if (queue.rows.length === 0) summary.append(text.nothingQueued);
  else {
    summary.append(text.waiting + ': ', element('b', '', String(queue.waiting)));
    if (queue.refused > 0) {
      summary.append(' · ' + text.refused + ': ', element('b', '', String(queue.refused)), ' ');
      const act = /** @type {HTMLAnchorElement} */ (element('a', '', text.act));
      act.href = '#field-bar';
      summary.append(act);
    }
    if (queue.waiting > 0) summary.append(element('span', 'muted field-work-hint', text.sendsItself));
  }
  const list = part('[data-queue]');
  list.textContent = '';
  for (const row of queue.rows.slice(0, listedAtMost)) {
    const li = element('li');
    li.dataset.state = row.state;
    const what = row.correction ? text.correction : row.instrument;
    const where = [row.commune, row.household].filter(Boolean).join(' · ');
    li.append(element('b', '', what), where ? ' · ' + where : '', ' · ' + text.queued + ' ' + row.queued);
    if (row.state === 'rejected') li.append(element('span', 'field-work-refused', ' — ' + text.refused + (row.problem ? ' (' + row.problem + ')' : '')));
    list.appendChild(li);
  }
  if (queue.rows.length > listedAtMost) list.appendChild(element('li', 'muted', '+ ' + (queue.rows.length - listedAtMost)));
}

function draw() {
  return Promise.all([fieldApi.listDrafts(), fieldApi.items()]).then(([drafts, items]) => {
    drawDrafts(draftRows(drafts, config.names, config.locale));
    drawQueue(queueRows(items, config.names, config.locale));
  });
}

if (configElement) {
  draw();
  // field.js says 'changed' on this channel after a send or a refusal; another tab's drafts change too.
  if ('BroadcastChannel' in window) new BroadcastChannel('moc-field').onmessage = () => { draw(); };
  window.addEventListener('pageshow', (e) => { if (e.persisted) draw(); });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') draw(); });
}
