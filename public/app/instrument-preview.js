// @ts-check
// Previews an uploaded instrument version before release, in the same SurveyJS renderer the survey page uses.
// Nothing is saved or sent: completing the preview only says so. An ES module, run after SurveyJS's classic
// scripts (deferred, in document order).

/** SurveyJS (survey.core.min.js), untyped here. @type {any} */
var Survey = /** @type {any} */ (window).Survey;
var container = /** @type {HTMLElement} */ (document.getElementById('survey'));
var statusLine = /** @type {HTMLElement} */ (document.getElementById('preview-status'));

// The CSP allows no style attribute; SurveyJS's timer icon has one (as on the survey page).
var icons = Survey.SvgRegistry.icons;
Object.keys(icons).forEach(function (id) { icons[id] = icons[id].replace(/\sstyle="[^"]*"/g, ''); });

// The `personal` mark of a question, as the server registers it (src/domain/personal.ts): loaded as a property,
// not reported as unknown.
if (!Survey.Serializer.findProperty('question', 'personal')) {
  Survey.Serializer.addProperty('question', { name: 'personal:boolean', default: false, category: 'general' });
}

fetch(container.dataset.jsonUrl || '', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
  .then(function (res) {
    if (!res.ok) throw new Error('instrument ' + res.status);
    return res.json();
  })
  .then(function (json) {
    var model = new Survey.Model(json);
    model.locale = container.dataset.locale || 'vi';
    model.showTitle = false;
    // Completing the preview stores and sends nothing.
    model.onCompleting.add(/** @param {any} _ @param {any} options */ function (_, options) {
      options.allow = false;
      statusLine.textContent = container.dataset.done || '';
    });
    model.render(container);
    /** @type {any} */ (window).MocPreview = { current: function () { return model; } };
  })
  .catch(function (error) {
    statusLine.textContent = String(error);
    statusLine.classList.add('error');
  });
