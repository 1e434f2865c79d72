// @ts-check
// "Select all" for lists with checkboxes (the round's submissions to approve): a checkbox with
// `data-select-all="NAME"` checks or clears every enabled checkbox named NAME in its form, and shows whether all,
// some or none are checked. Shown only when this script runs (it is `hidden` in the markup); works across htmx swaps.
// Checked in Chromium by test/e2e/bulk-approve.test.ts.

/**
 * The select-all box's look for `checked` of `total` boxes. Example: (0, 3) → none; (2, 3) → indeterminate;
 * (3, 3) → checked; (0, 0) → none.
 * @param {number} checked
 * @param {number} total
 */
function selectAllState(checked, total) {
  return { checked: total > 0 && checked === total, indeterminate: checked > 0 && checked < total };
}

/** @param {HTMLInputElement} all */
function boxesOf(all) {
  var form = all.form;
  if (!form) return [];
  var name = all.dataset.selectAll || '';
  return /** @type {HTMLInputElement[]} */ (Array.prototype.filter.call(form.elements, /** @param {any} el */ function (el) {
    return el.type === 'checkbox' && el.name === name && !el.disabled;
  }));
}

/** @param {HTMLInputElement} all */
function showState(all) {
  var boxes = boxesOf(all);
  var state = selectAllState(boxes.filter(function (b) { return b.checked; }).length, boxes.length);
  all.checked = state.checked;
  all.indeterminate = state.indeterminate;
}

function reveal() {
  document.querySelectorAll('input[data-select-all]').forEach(/** @param {any} all */ function (all) {
    all.hidden = false;
    showState(all);
  });
}

document.addEventListener('change', function (event) {
  var target = /** @type {HTMLInputElement} */ (event.target);
  if (!target || target.type !== 'checkbox' || !target.form) return;
  if (target.dataset.selectAll !== undefined) {
    boxesOf(target).forEach(function (b) { b.checked = target.checked; });
    return;
  }
  var all = /** @type {HTMLInputElement | null} */ (target.form.querySelector('input[data-select-all="' + CSS.escape(target.name) + '"]'));
  if (all) showState(all);
});
document.addEventListener('htmx:afterSettle', reveal);
reveal();
