// @ts-check
// Every page's htmx glue (an ES module, run after htmx's deferred script).
// - htmx 2 does not swap 4xx/5xx answers. The ones that carry their form or section with its messages are swapped
//   (failures.js: swapsItself): a 422, the sign-in form's 429 and 503, the review section's 409.
// - Every other failure, and a request with no answer (offline, timeout), shows one message in the page's alert
//   region (#alerts, views/alerts.tsx) in the page's language; nothing is swapped, so what was typed stays.
//   A 401 links to sign-in and back to this page; following the link keeps what was typed (typed.js), put back
//   when the reader is back. The next request that succeeds clears the message.
import { failureText, signInHref, swapsItself } from './failures.js';
import { formKey, keeps, toRestore, typedKey } from './typed.js';
import './select-all.js';

/** @typedef {import('./failures.js').FailureKey} FailureKey */

/** @type {HTMLElement | null} */
var region = document.getElementById('alerts');
/** @type {Record<FailureKey | 'signIn' | 'dismiss' | 'restored', string>} */
var text = JSON.parse((region && region.dataset.text) || '{}');

/** @param {Event} event */
function detailOf(event) {
  return /** @type {CustomEvent<any>} */ (event).detail;
}

/**
 * The server's own sentence when it answered with an error fragment (views/error.tsx), e.g. "the form expired,
 * reload the page" for a 403: more precise than the status alone.
 * @param {XMLHttpRequest} xhr
 */
function serverMessage(xhr) {
  var type = xhr.getResponseHeader('content-type') || '';
  if (type.indexOf('text/html') !== 0 || !xhr.responseText) return '';
  var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
  var fragment = doc.querySelector('body > .alert[role="alert"]');
  return fragment ? (fragment.textContent || '').trim() : '';
}

/**
 * @param {number} status 0 when no answer came
 * @param {string} [detail] the server's sentence, if any
 */
function showFailure(status, detail) {
  if (!region) return;
  var failure = failureText(status, detail || '', text);
  var key = failure.key;
  var p = document.createElement('p');
  p.className = 'alert';
  p.dataset.failure = key;
  p.append(failure.text);
  if (key === 'session') {
    var link = document.createElement('a');
    link.href = signInHref(location.pathname, location.search);
    link.textContent = text.signIn;
    link.addEventListener('click', keepTyped);
    p.append(' ', link);
  }
  p.append(' ', closeButton());
  region.replaceChildren(p);
}

function closeButton() {
  var close = document.createElement('button');
  close.type = 'button';
  close.className = 'link';
  close.textContent = text.dismiss || '×';
  close.addEventListener('click', function () { region && region.replaceChildren(); });
  return close;
}

// ---- what was typed, across signing in again ----------------------------------------------------------
/** @returns {HTMLFormElement[]} */
function forms() {
  return Array.prototype.slice.call(document.forms);
}

/** Keeps the page's typed fields for when the reader comes back signed in (this tab only). */
function keepTyped() {
  /** @type {import('./typed.js').TypedField[]} */
  var fields = [];
  forms().forEach(function (form, i) {
    Array.prototype.forEach.call(form.elements, /** @param {any} el */ function (el) {
      if (!el.name || !keeps(el.type, el.name)) return;
      var field = { form: formKey(form.id, i), name: el.name, value: String(el.value) };
      if (el.type === 'checkbox' || el.type === 'radio') field = Object.assign(field, { checked: Boolean(el.checked) });
      fields.push(field);
    });
  });
  try {
    sessionStorage.setItem(typedKey, JSON.stringify({ page: location.pathname + location.search, at: Date.now(), fields: fields }));
  } catch (e) {
    // Storage full or refused: the reader signs in and types again.
  }
}

/** Puts back what was typed before signing in again, and says so. */
function restoreTyped() {
  var saved = null;
  try {
    saved = sessionStorage.getItem(typedKey);
  } catch (e) {
    return;
  }
  // Kept through the sign-in page until the reader is back on the page it was typed on; put back once.
  var fields = toRestore(saved, location.pathname + location.search, Date.now());
  if (fields.length === 0) return;
  sessionStorage.removeItem(typedKey);
  var byKey = new Map(forms().map(function (form, i) { return [formKey(form.id, i), form]; }));
  var restored = 0;
  fields.forEach(function (f) {
    var form = byKey.get(f.form);
    if (!form) return;
    Array.prototype.forEach.call(form.elements, /** @param {any} el */ function (el) {
      if (el.name !== f.name || !keeps(el.type, el.name)) return;
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.value === f.value && el.checked !== Boolean(f.checked)) { el.checked = Boolean(f.checked); restored += 1; }
      } else if (el.value !== f.value) {
        el.value = f.value;
        restored += 1;
      }
    });
  });
  if (restored > 0 && region && text.restored) {
    var p = document.createElement('p');
    p.className = 'alert info';
    p.dataset.failure = 'restored';
    p.append(text.restored, ' ', closeButton());
    region.replaceChildren(p);
  }
}
restoreTyped();

document.addEventListener('htmx:beforeSwap', function (event) {
  var detail = detailOf(event);
  var status = detail.xhr.status;
  var target = detail.target ? detail.target.id : '';
  if (status >= 400 && swapsItself(status, target)) {
    detail.shouldSwap = true;
    detail.isError = false;
  }
});

document.addEventListener('htmx:responseError', function (event) {
  var detail = detailOf(event);
  var status = detail.xhr.status;
  if (swapsItself(status, detail.target ? detail.target.id : '')) return;
  showFailure(status, serverMessage(detail.xhr));
});

document.addEventListener('htmx:sendError', function () { showFailure(0); });
document.addEventListener('htmx:timeout', function () { showFailure(0); });

document.addEventListener('htmx:afterRequest', function (event) {
  if (detailOf(event).successful && region) region.replaceChildren();
});
