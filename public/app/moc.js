// htmx 2 does not swap 4xx/5xx responses; a 422 carries the form with its messages, and so do the sign-in
// form's 429 (too many wrong passwords: wait) and 503 (too many sign-ins being checked), so swap them.
document.addEventListener('htmx:beforeSwap', function (event) {
  const status = event.detail.xhr.status;
  if (status === 422 || status === 429 || (status === 503 && event.detail.target.id === 'signin')) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
