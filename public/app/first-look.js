// @ts-check
// The survey's first look (views/first-look.tsx): the first page drawn by the server as plain inputs, answerable
// before SurveyJS has arrived. When SurveyJS draws the form, what was typed there goes into it and the cursor
// stays on the question it was in.

/**
 * @typedef {{ name: string, kind: string, type: string, value: string }} LookField a question of the first look
 *   as read from the page: its kind (text, comment, radiogroup, dropdown), its input's type, its value ('' if none)
 */

/**
 * The answers typed into the first look, as SurveyJS holds them: unanswered questions left out, a number input's
 * value as a number. Pure. Example: [{ name: 'respondent_age', kind: 'text', type: 'number', value: '43' }] →
 * { respondent_age: 43 }.
 * @param {LookField[]} fields
 * @returns {Record<string, string | number>}
 */
export function lookAnswers(fields) {
  /** @type {Record<string, string | number>} */
  var answers = {};
  fields.forEach(function (f) {
    if (f.value === '') return;
    var n = Number(f.value);
    answers[f.name] = f.kind === 'text' && f.type === 'number' && Number.isFinite(n) ? n : f.value;
  });
  return answers;
}

/**
 * Reads the first look inside `root` (#survey), if it is there: its answers and the question the cursor is in.
 * @param {HTMLElement} root
 * @returns {{ answers: Record<string, string | number>, focused: string | null } | null}
 */
export function takeFirstLook(root) {
  var look = root.querySelector('[data-first-look]');
  if (!look) return null;
  /** @type {LookField[]} */
  var fields = Array.from(look.querySelectorAll('[data-name]')).map(function (q) {
    var name = q.getAttribute('data-name') || '';
    var kind = q.getAttribute('data-kind') || '';
    var checked = /** @type {HTMLInputElement | null} */ (q.querySelector('input[type=radio]:checked'));
    var input = /** @type {HTMLInputElement | null} */ (q.querySelector('input, textarea, select'));
    var value = kind === 'radiogroup' ? (checked ? checked.value : '') : input ? input.value : '';
    return { name: name, kind: kind, type: input ? input.type : '', value: value };
  });
  var active = document.activeElement;
  var focused = active && look.contains(active) ? active.closest('[data-name]') : null;
  return { answers: lookAnswers(fields), focused: focused ? focused.getAttribute('data-name') : null };
}

/**
 * Puts the cursor back in question `name` of the form SurveyJS drew, at the end of what was typed.
 * @param {HTMLElement} root
 * @param {string} name
 */
export function focusQuestion(root, name) {
  var question = Array.from(root.querySelectorAll('[data-name]')).filter(function (q) { return q.getAttribute('data-name') === name; })[0];
  if (!question) return;
  var input = /** @type {HTMLInputElement | null} */ (question.querySelector('input:checked, input:not([type=radio]), textarea, input'));
  if (!input) return;
  input.focus();
  try {
    input.setSelectionRange(input.value.length, input.value.length);
  } catch (e) {
    // number inputs have no selection: the cursor is where focus put it
  }
}
