/**
 * Long loops in a request (a 5,000-item import) hand the event loop back now and then, so that other requests
 * (a sign-in, /healthz, another evaluator's send) are not kept waiting behind them. Replays of stored items
 * never wait on I/O, so without this an import of known items held the only thread for a second.
 * Example: `const pace = pacer(); for (const item of items) { await pace(); … }`.
 */
export function pacer(sliceMs = 10, sliceItems = 50): () => Promise<void> {
  let since = performance.now();
  let items = 0;
  return async () => {
    // Workers freeze the clock while code runs, so the item count also ends a slice.
    if (++items < sliceItems && performance.now() - since < sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    since = performance.now();
    items = 0;
  };
}
