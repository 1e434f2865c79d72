// htmx 2 does not swap 4xx/5xx responses; a 422 carries the form with its messages, and so do the sign-in
// form's 429 (too many wrong passwords: wait) and 503 (too many sign-ins being checked), and a review's 409 (someone
// else reviewed it first: the section with the current state), so swap them.
document.addEventListener('htmx:beforeSwap', function (event) {
  const status = event.detail.xhr.status;
  const target = event.detail.target.id;
  if (status === 422 || status === 429 || (status === 503 && target === 'signin') || (status === 409 && target === 'review')) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
