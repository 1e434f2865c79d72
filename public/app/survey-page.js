// @ts-check
// The survey page: SurveyJS renders the instrument; the answers are a draft in IndexedDB until the survey is
// finished, then an item of the send queue (field.js) with a client-generated UUID, so nothing is lost offline
// and a retry can never store a submission twice. Online, a finished survey is sent at once: the server's
// 422 messages go back on their questions; offline, the page is ready for the next household.
// An ES module, run after SurveyJS's classic scripts (deferred, in document order).
import { draftOfSameHousehold, draftsOf, householdText, onlyNamesHousehold, timeInVietnam } from './drafts.js';
import { fieldApi as field } from './field.js';
import { focusQuestion, takeFirstLook } from './first-look.js';
import { findHouseholds, householdLabel } from './household-search.js';

/**
 * @typedef {{ round: string, instrument: string, version: number, instrumentUrl: string, locale: 'vi' | 'en',
 *   postUrl: string, householdsUrl: string | null, communes: Record<string, string>,
 *   limits: { textMaxLength: number, commentMaxLength: number, maxPanels: number }, text: Record<string, string>,
 *   draftText: Record<string, string> }} SurveyConfig
 * @typedef {{ id: string, round: string, instrument: string, version: number, commune: string, data: Record<string, any>,
 *   pageNo: number, startedAt: string, prefilled?: { from: unknown, names: string[], agedOut: number }, updatedAt?: string }} SurveyDraft
 * @typedef {{ commune: { code: string, vi: string, en: string }, hamlet: string, householdNumber: string, from: { submission: string, round: string, collectedAt: string },
 *   prefill: { answers: Record<string, unknown>, prefilled: string[], agedOut: number } }} Household
 */

/** SurveyJS (survey.core.min.js), untyped here. @type {any} */
var Survey = /** @type {any} */ (window).Survey;
/** @param {string} id */
function byId(id) { return /** @type {HTMLElement} */ (document.getElementById(id)); }
/** @type {SurveyConfig} */
var config = JSON.parse(byId('survey-config').textContent || '{}');
var text = config.text;
var status = byId('survey-status');
var communeSelect = /** @type {HTMLSelectElement} */ (byId('commune'));
var draftsBox = byId('drafts');
/** @type {any} the SurveyJS model on screen */
var survey = null;
/** @type {SurveyDraft} */
var draft = /** @type {any} */ (null);
var dirty = false;

/**
 * @param {string | undefined} message
 * @param {boolean} [isError]
 */
function show(message, isError) {
  status.textContent = message || '';
  status.classList.toggle('error', Boolean(isError));
}

/**
 * @param {number} version
 * @returns {SurveyDraft}
 */
function freshDraft(version) {
  return { id: field.newId(), round: config.round, instrument: config.instrument, version: version, commune: communeSelect.value, data: {}, pageNo: 0, startedAt: new Date().toISOString() };
}

/** @param {number} version */
function instrumentJson(version) {
  return fetch(config.instrumentUrl.replace('{version}', String(version)), { headers: { Accept: 'application/json' } }).then(function (res) {
    if (!res.ok) throw new Error('instrument ' + res.status);
    return res.json();
  });
}

// ---- drafts -------------------------------------------------------------------------------------------
function saveDraft() {
  if (!dirty || !survey) return Promise.resolve();
  dirty = false;
  draft.data = survey.data;
  draft.pageNo = survey.currentPageNo;
  draft.commune = communeSelect.value;
  var saved = draft;
  return field.saveDraft(draft).then(function () {
    if (saved === draft) showInAddress(draft.id);
    return renderDrafts();
  });
}

// ---- the draft in the address ------------------------------------------------------------------------
// Once saved, the draft being filled is in the address (?draft=), so a reload, Back, or the language switch (which
// comes back to the address it was given) reopens it, on the page it was left at.
/** @param {string | null} id */
function showInAddress(id) {
  var address = location.pathname + (id ? '?draft=' + encodeURIComponent(id) : '');
  if (location.pathname + location.search !== address) history.replaceState(null, '', address);
  var lang = /** @type {HTMLAnchorElement | null} */ (document.querySelector('a.lang'));
  if (lang) {
    var target = new URL(lang.href);
    target.searchParams.set('back', address);
    lang.href = target.pathname + target.search;
  }
}

// The language switch leaves the page: what was typed since the last save is saved first.
var langLink = document.querySelector('a.lang');
if (langLink) {
  langLink.addEventListener('click', function (e) {
    if (!survey) return;
    e.preventDefault();
    var link = /** @type {HTMLAnchorElement} */ (e.currentTarget);
    if (survey.currentPageNo !== draft.pageNo) dirty = true;
    saveDraft().finally(function () { location.assign(link.href); });
  });
}

// ---- continuing an unfinished survey -------------------------------------------------------------------
var offerBox = byId('draft-offer');
var offerText = config.draftText;

/**
 * How a draft's household reads in the offer: commune · hamlet / number, or '' before any is answered.
 * @param {SurveyDraft} d
 */
function householdOf(d) {
  return householdText(d.data);
}

/**
 * Shows the offer: a sentence, then buttons.
 * @param {string} sentence
 * @param {{ label: string, secondary?: boolean, act: () => void }[]} choices
 */
function offer(sentence, choices) {
  offerBox.textContent = '';
  var p = document.createElement('p');
  p.textContent = sentence;
  var buttons = document.createElement('div');
  buttons.className = 'choices';
  choices.forEach(function (c) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = c.label;
    if (c.secondary) b.className = 'secondary';
    b.addEventListener('click', c.act);
    buttons.appendChild(b);
  });
  offerBox.append(p, buttons);
  offerBox.hidden = false;
}

function withdrawOffer() {
  offerBox.hidden = true;
  offerBox.textContent = '';
}

/**
 * Opened without ?draft= while this device holds unfinished surveys of this one: a clear choice between the one
 * edited last (the household the evaluator was at) and a new household, rather than a blank form alone.
 */
function offerDrafts() {
  return field.listDrafts().then(function (all) {
    var others = draftsOf(all, config.round, config.instrument).filter(function (d) { return d.id !== draft.id; });
    if (others.length === 0) return;
    var last = /** @type {SurveyDraft} */ (others[0]);
    var household = householdOf(last);
    var where = [config.communes[last.commune] || '', household].filter(Boolean).join(' · ') || offerText.noHousehold;
    offer(offerText.offer.replace('{n}', String(others.length)).replace('{household}', where).replace('{when}', timeInVietnam(last.updatedAt, config.locale)), [
      { label: household ? offerText.continueHousehold.replace('{household}', household) : offerText.continueUnnamed, act: function () { resume(last); } },
      { label: offerText.startNew, secondary: true, act: function () { withdrawOffer(); focusFirstQuestion(); } },
    ]);
  });
}

function focusFirstQuestion() {
  var first = /** @type {HTMLElement | null} */ (document.querySelector('#survey input, #survey textarea'));
  if (first) first.focus();
}

/**
 * Puts `found` on screen in place of the survey being filled (which stays a draft if it holds anything).
 * @param {SurveyDraft} found
 * @param {string} [message]
 */
function resume(found, message) {
  var leaving = saveDraft();
  survey = null; // nothing of the form leaving is saved over the one coming
  dirty = false;
  draft = found;
  if (found.commune) communeSelect.value = found.commune;
  withdrawOffer();
  return leaving.then(function () {
    showInAddress(found.id);
    return build(found.version);
  }).then(function () {
    show(message || '');
    focusFirstQuestion();
  });
}

/**
 * Once the household is named (hamlet and number typed, the commune chosen, or a follow-up household picked):
 * when that household already has an unfinished survey here, it is that one the evaluator continues. With
 * nothing else typed yet it opens at once (the empty copy goes); otherwise it is offered.
 * @param {Record<string, unknown>} answers what names the household now
 * @param {string} [commune] its commune (a picked household's), when not the one chosen on the page
 * @returns {Promise<boolean>} whether that household's draft was opened
 */
function toSameHousehold(answers, commune) {
  var current = { id: draft.id, round: config.round, instrument: config.instrument, commune: commune || communeSelect.value, data: answers };
  return field.listDrafts().then(function (all) {
    var match = /** @type {SurveyDraft | null} */ (draftOfSameHousehold(all, current));
    if (!match) return false;
    const same = match;
    var household = householdOf(same);
    var when = timeInVietnam(same.updatedAt, config.locale);
    var message = offerText.resumedSame.replace('{household}', household).replace('{when}', when);
    if (onlyNamesHousehold(survey ? survey.data : {}) && !draft.prefilled) {
      var copy = draft.id;
      dirty = false;
      return resume(same, message).then(function () { return field.deleteDraft(copy); }).then(renderDrafts).then(function () { return true; });
    }
    offer(offerText.sameHousehold.replace('{household}', household).replace('{when}', when), [
      { label: offerText.openIt, act: function () { resume(same, message); } },
    ]);
    return false;
  });
}

function renderDrafts() {
  return field.listDrafts().then(function (all) {
    var mine = all
      .filter(function (d) { return d.round === config.round && d.instrument === config.instrument; })
      .sort(function (a, b) { return a.updatedAt < b.updatedAt ? 1 : -1; });
    /** @type {HTMLElement} */ (draftsBox.querySelector('[data-drafts-count]')).textContent = String(mine.length);
    var list = /** @type {HTMLElement} */ (draftsBox.querySelector('[data-drafts-list]'));
    list.textContent = '';
    if (mine.length === 0) {
      var none = document.createElement('li');
      none.textContent = text.noDrafts;
      list.appendChild(none);
    }
    mine.forEach(function (d) {
      var li = document.createElement('li');
      li.dataset.draft = d.id;
      var household = d.data.hamlet || d.data.household_number ? text.household + ' ' + [d.data.hamlet, d.data.household_number].filter(Boolean).join(' / ') : '—';
      var when = new Date(d.updatedAt).toLocaleString(config.locale === 'vi' ? 'vi-VN' : 'en-GB');
      var label = document.createElement('span');
      label.textContent = (config.communes[d.commune] || '—') + ' · ' + household + ' · ' + text.lastEdited + ' ' + when + (d.id === draft.id ? ' ✎' : '');
      var resume = document.createElement('a');
      resume.href = '?draft=' + d.id;
      resume.textContent = text.resume;
      var discard = document.createElement('button');
      discard.type = 'button';
      discard.className = 'link';
      discard.textContent = text.discard;
      discard.addEventListener('click', function () {
        if (!confirm(text.confirmDiscard)) return;
        field.deleteDraft(d.id).then(function () {
          if (d.id === draft.id) startNew();
          else renderDrafts();
        });
      });
      li.append(label, ' ', resume, ' ', discard);
      list.appendChild(li);
    });
  });
}

// ---- follow-up households -----------------------------------------------------------------------------
/** @type {Household[] | null} */
var households = null;
function setupFollowUp() {
  var search = /** @type {HTMLInputElement | null} */ (document.getElementById('household-search'));
  if (!search || !config.householdsUrl) return;
  var url = config.householdsUrl;
  var input = search;
  var results = byId('household-results');
  /** @returns {Promise<Household[]>} */
  var load = function () {
    if (households) return Promise.resolve(households);
    return fetch(url, { headers: { Accept: 'application/json' } })
      .then(function (res) { return res.json(); })
      .then(/** @param {{ households: Household[] }} body */ function (body) { households = body.households; return body.households; });
  };
  search.addEventListener('input', function () {
    var q = input.value;
    results.textContent = '';
    if (!q.trim()) return;
    load().then(function (list) {
      // Accents and case ignored ("thon 4" finds "Thôn 4"): household-search.js, shared folding with the server.
      var found = findHouseholds(list, q);
      if (found.length === 0) {
        var none = document.createElement('li');
        none.textContent = text.noHouseholds;
        results.appendChild(none);
      }
      found.forEach(function (h) {
        var li = document.createElement('li');
        var use = document.createElement('button');
        use.type = 'button';
        use.textContent = text.useHousehold;
        use.addEventListener('click', function () {
          toSameHousehold({ hamlet: h.hamlet, household_number: h.householdNumber }, h.commune.code).then(function (opened) { if (!opened) usePrefill(h); });
          results.textContent = '';
          input.value = '';
        });
        li.append(householdLabel(h, config.locale, text) + ' ', use);
        results.appendChild(li);
      });
    });
  });
}

/** @param {Household} household */
function usePrefill(household) {
  if (config.communes[household.commune.code]) communeSelect.value = household.commune.code;
  survey.data = Object.assign({}, household.prefill.answers);
  draft.prefilled = { from: household.from, names: household.prefill.prefilled, agedOut: household.prefill.agedOut };
  markPrefilled();
  dirty = true;
  saveDraft();
  show(household.prefill.agedOut > 0 ? text.agedOut.replace('{n}', String(household.prefill.agedOut)) : text.prefilled);
}

function markPrefilled() {
  if (!draft.prefilled) return;
  draft.prefilled.names.forEach(function (name) {
    var q = survey.getQuestionByName(name);
    if (q) q.description = text.prefilled;
  });
}

// ---- finishing ----------------------------------------------------------------------------------------
var accepted = false;
/**
 * @param {any} sender the SurveyJS model
 * @param {{ allow: boolean }} options
 */
function onCompleting(sender, options) {
  if (accepted) return;
  options.allow = false;
  if (!communeSelect.value) {
    show(text.chooseCommune, true);
    communeSelect.focus();
    return;
  }
  var signedOut = false;
  var body = { id: draft.id, round: config.round, commune: communeSelect.value, instrument: config.instrument, version: draft.version, answers: sender.data, startedAt: draft.startedAt };
  dirty = false;
  show(text.sending);
  field
    .enqueue(body, config.postUrl)
    .then(function () { return navigator.onLine ? field.sync() : null; })
    .then(function (summary) { signedOut = Boolean(summary && summary.signIn); return field.items(); })
    .then(function (all) {
      var item = all.filter(function (i) { return i.id === body.id; })[0];
      if (item && item.state === 'sent') {
        accepted = true;
        show(text.sent);
        window.location.assign('/submissions/' + encodeURIComponent(item.id) + '/sent');
      } else if (item && item.state === 'rejected' && field.canFix(item.problem)) {
        // The evaluator is here to fix it: back to a draft, messages on the questions.
        return reopen(item);
      } else if (item && item.state === 'rejected') {
        // Nothing to correct here (the round is closed, or the id was sent with other answers): the survey stays
        // in the queue, refused, and the form is read-only so that no second copy of it starts as a draft.
        show(((item.problem && item.problem.title) || '') + ' ' + text.keptRefused, true);
        sender.mode = 'display';
      } else {
        // Kept in the queue either way; a 401 says only that the session ended (not "sent when online").
        show(signedOut ? text.signInAgain : text.queuedOffline, signedOut);
        startNew();
      }
    })
    .catch(function () { show(text.sendFailed, true); });
}

/** @param {import('./field.js').QueueItem} item */
function reopen(item) {
  dirty = true;
  return field.saveDraft(Object.assign(draft, { data: item.body.answers, commune: item.body.commune }))
    .then(function () { return field.takeBack(item.id); })
    .then(function () {
      var problem = item.problem || { status: 0, errors: [] };
      show(problem.title, true);
      /** @type {any} */
      var firstPage = null;
      (problem.errors || []).forEach(function (e) {
        var question = survey.getQuestionByName(String(e.question).split('[')[0]);
        if (!question) return;
        question.addError(e.message);
        if (!firstPage) firstPage = question.page;
      });
      if (firstPage) survey.currentPage = firstPage;
    });
}

// ---- start --------------------------------------------------------------------------------------------
function startNew() {
  survey = null; // until the new one is on screen
  draft = freshDraft(config.version);
  showInAddress(null);
  return build(config.version);
}

// The CSP allows no style attribute, and SurveyJS's timer icon has one (this app shows no timer): the icons
// go into the page without it; the timer's look, were it shown, is in style.css.
function iconsWithoutStyleAttributes() {
  var icons = Survey.SvgRegistry.icons;
  Object.keys(icons).forEach(function (id) { icons[id] = icons[id].replace(/\sstyle="[^"]*"/g, ''); });
}

/** @param {number} version */
function build(version) {
  // Busy (for assistive technology) until the form is drawn: the form on screen may be about to go.
  byId('survey').setAttribute('aria-busy', 'true');
  return instrumentJson(version).then(function (json) {
    // A fresh element each time: the renderer keeps state on the element it rendered into.
    var container = document.createElement('div');
    container.id = 'survey';
    // What was typed into the first look (the plain first page) goes into a new survey; a resumed draft keeps its own.
    var look = takeFirstLook(byId('survey'));
    var typed = look && Object.keys(draft.data).length === 0 ? look.answers : {};
    draft.data = Object.assign({}, draft.data, typed);
    byId('survey').replaceWith(container);
    var model = new Survey.Model(json);
    model.locale = config.locale;
    model.showTitle = false; // the page's own heading names the instrument
    applyLimits(model, json);
    model.data = draft.data;
    if (draft.pageNo) model.currentPageNo = draft.pageNo;
    // A resumed draft's earlier pages show as done in the step dots, as they did when they were left.
    model.visiblePages.slice(0, model.currentPageNo).forEach(/** @param {any} p */ function (p) { if (p.validate(false)) p.passed = true; });
    model.onValueChanged.add(/** @param {any} _ @param {{ name: string }} o */ function (_, o) {
      // Saved at once (one small IndexedDB write): leaving the page right after an answer keeps it.
      dirty = true;
      saveDraft();
      if (o.name === 'hamlet' || o.name === 'household_number') toSameHousehold(model.data);
    });
    // Saved once the new page is drawn: copying the answers into IndexedDB is not what the evaluator waits for.
    model.onCurrentPageChanged.add(function () { dirty = true; requestAnimationFrame(function () { setTimeout(saveDraft); }); });
    model.onCompleting.add(onCompleting);
    model.render(container);
    container.setAttribute('aria-busy', 'false');
    survey = model;
    if (look && look.focused) focusQuestion(container, look.focused);
    if (Object.keys(typed).length) {
      dirty = true;
      saveDraft();
      if ('hamlet' in typed || 'household_number' in typed) toSameHousehold(model.data);
    }
    markPrefilled();
    renderDrafts();
  });
}

// The server refuses what is past its limits where the instrument is silent; the form stops there too.
/**
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


communeSelect.addEventListener('change', function () {
  dirty = true;
  saveDraft();
  if (survey) toSameHousehold(survey.data);
});
setInterval(saveDraft, 3000);
document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') saveDraft(); });
window.addEventListener('pagehide', saveDraft);
setupFollowUp();
iconsWithoutStyleAttributes();

var wanted = new URLSearchParams(location.search).get('draft');
(wanted ? field.getDraft(wanted) : Promise.resolve(null))
  .then(function (found) {
    draft = found || freshDraft(config.version);
    if (found && found.commune) communeSelect.value = found.commune;
    return build(draft.version).then(function () { if (!found) return offerDrafts(); });
  })
  .catch(function () { show(text.sendFailed, true); });
