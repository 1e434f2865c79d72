// htmx 2 does not swap 4xx responses; a 422 carries the form with its messages, and so does a 429 from the
// sign-in form (too many wrong passwords: wait), so swap them.
document.addEventListener('htmx:beforeSwap', function (event) {
  if (event.detail.xhr.status === 422 || event.detail.xhr.status === 429) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
