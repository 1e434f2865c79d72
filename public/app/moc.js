// htmx 2 does not swap 4xx responses; a 422 carries the form with its messages, so swap it.
document.addEventListener('htmx:beforeSwap', function (event) {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
