// @ts-check
// The correction page: SurveyJS renders the submission's own instrument version prefilled with its stored
// answers (or with a correction of it still on this device); "Save" puts the correction, with its reason and the
// revision it corrects, into the field queue (field.js) and sends it at once when online. Online, the server's
// 422 messages go back on their questions and a 409 says the submission changed since; offline, the correction
// waits in the queue and is sent on the next sync, a refusal then kept with the server's message.
// An ES module, run after SurveyJS's classic scripts (deferred, in document order).
import { fieldApi as field } from './field.js';
import { correctionKey, startingPoint } from './corrections.js';

/**
 * @typedef {{ id: string, round: string, commune: string, instrument: string, version: number, instrumentUrl: string,
 *   putUrl: string, recordUrl: string, baseRevision: number, answers: Record<string, unknown>, locale: 'vi' | 'en',
 *   limits: { textMaxLength: number, commentMaxLength: number, maxPanels: number }, text: Record<string, string> }} CorrectionConfig
 */

/** SurveyJS (survey.core.min.js), untyped here. @type {any} */
var Survey = /** @type {any} */ (window).Survey;
/** @param {string} id */
function byId(id) { return /** @type {HTMLElement} */ (document.getElementById(id)); }
/** @type {CorrectionConfig} */
var config = JSON.parse(byId('correction-config').textContent || '{}');
var text = config.text;
var status = byId('survey-status');
var reason = /** @type {HTMLTextAreaElement} */ (byId('reason'));
/** @type {any} the SurveyJS model on screen */
var survey = null;
var accepted = false;

/**
 * @param {string | undefined} message
 * @param {boolean} [isError]
 */
function show(message, isError) {
  status.textContent = message || '';
  status.classList.toggle('error', Boolean(isError));
}

/**
 * @param {any} sender the SurveyJS model
 * @param {{ allow: boolean }} options
 */
function onCompleting(sender, options) {
  if (accepted) return;
  options.allow = false;
  if (!reason.value.trim()) {
    show(text.reasonRequired, true);
    reason.focus();
    return;
  }
  var body = { answers: sender.data, reason: reason.value.trim(), baseRevision: config.baseRevision };
  show(text.sending);
  field
    .enqueueCorrection(config.id, body, config.putUrl)
    .then(function () { return navigator.onLine ? field.sync() : null; })
    .then(function () { return field.items(); })
    .then(function (all) {
      var item = all.filter(function (i) { return i.id === correctionKey(config.id); })[0];
      if (item && item.state === 'sent') {
        accepted = true;
        show(text.saved);
        window.location.assign(config.recordUrl);
      } else if (item && item.state === 'rejected') {
        refused(item);
      } else {
        show(text.queued);
      }
    })
    .catch(function () { show(text.sendFailed, true); });
}

/**
 * The server refused the correction while the corrector is on its page: its messages on the questions (422), or
 * why (409: changed since). It stays in the queue, refused, until corrected again from here.
 * @param {import('./field.js').QueueItem} item
 */
function refused(item) {
  var problem = item.problem || { status: 0, errors: [] };
  show((problem.title || '') + ' ' + (problem.errors || []).map(function (e) { return e.question + ': ' + e.message; }).join('; '), true);
  /** @type {any} */
  var firstPage = null;
  (problem.errors || []).forEach(function (e) {
    var question = survey.getQuestionByName(String(e.question).split(/[[.]/)[0]);
    if (!question) return;
    question.addError(e.message);
    if (!firstPage) firstPage = question.page;
  });
  if (firstPage) survey.currentPage = firstPage;
}

// The CSP allows no style attribute, and SurveyJS's timer icon has one (this app shows no timer).
function iconsWithoutStyleAttributes() {
  var icons = Survey.SvgRegistry.icons;
  Object.keys(icons).forEach(function (id) { icons[id] = icons[id].replace(/\sstyle="[^"]*"/g, ''); });
}

/**
 * The server refuses what is past its limits where the instrument is silent; the form stops there too.
 * @param {any} model
 * @param {Record<string, unknown>} json
 */
function applyLimits(model, json) {
  if (!json.maxTextLength) model.maxTextLength = config.limits.textMaxLength;
  if (!json.maxCommentLength) model.maxCommentLength = config.limits.commentMaxLength;
  model.getAllQuestions().forEach(/** @param {any} q */ function (q) {
    if (q.getType() === 'paneldynamic' && !q.toJSON().maxPanelCount) q.maxPanelCount = config.limits.maxPanels;
  });
}

/**
 * @param {Record<string, unknown>} json
 * @param {{ answers: Record<string, unknown>, reason: string, item: import('./field.js').QueueItem | null }} start
 */
function build(json, start) {
  var model = new Survey.Model(json);
  model.locale = config.locale;
  model.showTitle = false;
  model.completeText = text.save;
  applyLimits(model, json);
  model.data = start.answers;
  model.onCompleting.add(onCompleting);
  model.render(byId('survey'));
  byId('survey').setAttribute('aria-busy', 'false');
  survey = model;
  if (start.reason && !reason.value) reason.value = start.reason;
  if (start.item && start.item.state === 'rejected') refused(start.item);
  else if (start.item) show(text.queued);
}

iconsWithoutStyleAttributes();
// Busy (for assistive technology) until the form is drawn.
byId('survey').setAttribute('aria-busy', 'true');
Promise.all([
  fetch(config.instrumentUrl, { headers: { Accept: 'application/json' } }).then(function (res) {
    if (!res.ok) throw new Error('instrument ' + res.status);
    return res.json();
  }),
  field.items(),
])
  .then(function (both) { build(both[0], /** @type {any} */ (startingPoint(/** @type {any} */ (both[1]), config.id, config.baseRevision, config.answers))); })
  .catch(function () { show(text.sendFailed, true); });
