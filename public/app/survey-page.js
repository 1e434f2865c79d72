// The survey page: SurveyJS renders the instrument; on completion the answers are posted as JSON with a
// client-generated UUID, so a retry can never store the submission twice. Server errors (422) are put back
// on their questions and the survey stays open.
(function () {
  var config = JSON.parse(document.getElementById('survey-config').textContent);
  var status = document.getElementById('survey-status');
  var communeSelect = document.getElementById('commune');
  var submissionId = newId();
  var startedAt = new Date().toISOString();

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function show(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  var survey = new Survey.Model(config.survey);
  survey.locale = config.locale;
  survey.showTitle = false; // the page's own heading names the instrument
  var accepted = false;

  survey.onCompleting.add(function (sender, options) {
    if (accepted) return;
    options.allow = false;
    if (!communeSelect.value) {
      show(config.text.chooseCommune, true);
      communeSelect.focus();
      return;
    }
    send(sender);
  });

  function send(sender) {
    show(config.text.sending);
    fetch(config.postUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': config.csrfToken },
      body: JSON.stringify({
        id: submissionId,
        commune: communeSelect.value,
        instrument: config.instrument,
        version: config.version,
        answers: sender.data,
        startedAt: startedAt,
      }),
    })
      .then(function (res) {
        return res.json().then(function (body) { return { status: res.status, body: body }; });
      })
      .then(function (r) {
        if (r.status === 200 || r.status === 201) {
          accepted = true;
          show(config.text.sent);
          sender.doComplete();
          window.location.assign(r.body.redirect);
          return;
        }
        showServerErrors(sender, r.body);
      })
      .catch(function () { show(config.text.sendFailed, true); });
  }

  function showServerErrors(sender, body) {
    show(body.title || config.text.sendFailed, true);
    var firstPage = null;
    (body.errors || []).forEach(function (e) {
      var name = String(e.question).split('[')[0];
      var question = sender.getQuestionByName(name);
      if (!question) return;
      question.addError(e.message);
      if (!firstPage) firstPage = question.page;
    });
    if (firstPage) sender.currentPage = firstPage;
  }

  survey.render(document.getElementById('survey'));
})();
