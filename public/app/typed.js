// @ts-check
// What the reader typed on a page whose session ended. The alert's sign-in link (moc.js) keeps the page's typed
// fields in sessionStorage (this tab only, gone when it closes); when signing in brings the reader back to the same
// page, moc.js puts them back and says so, and the reader saves again. Pure: moc.js does the DOM and the storage.
// Passwords, hidden fields (the form's token) and files are never kept.

/**
 * @typedef {{ form: string, name: string, value: string, checked?: boolean }} TypedField one control: its form's key
 *   (formKey), its name, its value, and for a checkbox or radio button whether it was checked
 * @typedef {{ page: string, at: number, fields: TypedField[] }} Typed what a page held when its session ended
 */

/** The sessionStorage key. */
export const typedKey = 'moc-typed';
/** How long what was typed waits for the reader to sign in again. */
export const typedMaxAgeMs = 30 * 60 * 1000;

var neverKept = ['password', 'hidden', 'file', 'submit', 'button', 'reset', 'image'];

/**
 * Whether a control's value is the reader's typing worth keeping. Example: `keeps('text', 'count-09649-csc_total')`
 * → true; `keeps('password', 'password')` → false; `keeps('text', '')` → false.
 * @param {string} type the control's type ('text', 'select-one', 'textarea', 'checkbox'…)
 * @param {string} name
 */
export function keeps(type, name) {
  return name !== '' && neverKept.indexOf(type) < 0;
}

/**
 * A form's key on its page: its id, else its place among the page's forms. Example: `formKey('counts', 3)` →
 * '#counts'; `formKey('', 3)` → 'form 3'.
 * @param {string} id
 * @param {number} index
 */
export function formKey(id, index) {
  return id ? '#' + id : 'form ' + index;
}

/**
 * What to put back on `page` at `now`: the fields kept for this same page (path and query) less than
 * typedMaxAgeMs ago; none otherwise (another page, too old, or not readable).
 * Example: `toRestore('{"page":"/a","at":0,"fields":[…]}', '/a', 1000)` → those fields; `(…, '/b', 1000)` → [].
 * @param {string | null} saved the stored JSON
 * @param {string} page location.pathname + location.search
 * @param {number} now
 * @returns {TypedField[]}
 */
export function toRestore(saved, page, now) {
  if (!saved) return [];
  /** @type {Typed | null} */
  var typed = null;
  try {
    typed = JSON.parse(saved);
  } catch (e) {
    return [];
  }
  if (!typed || typed.page !== page || !Array.isArray(typed.fields)) return [];
  if (typeof typed.at !== 'number' || now - typed.at > typedMaxAgeMs || now < typed.at) return [];
  return typed.fields.filter(function (f) { return f && typeof f.form === 'string' && typeof f.name === 'string' && typeof f.value === 'string'; });
}
