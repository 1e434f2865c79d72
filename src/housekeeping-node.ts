/** Node's housekeeping schedule (the Workers' is the cron trigger in wrangler.toml): the same passes on a timer. */
import type { Db } from './db';
import { housekeeping } from './workflows/housekeeping';

/**
 * Node's schedule: every `everyMs`, passes until nothing more remains (one at a time). The timer is unref'd, so
 * it never keeps the process alive; `stop()` ends it and resolves once a pass under way has finished.
 */
export function startHousekeeping(deps: { db: Db; clock: () => Date }, everyMs: number, onError: (err: unknown) => void) {
  let stopped = false;
  let running: Promise<void> | undefined;
  const passes = async () => {
    while (!stopped && (await housekeeping(deps, deps.clock())).moreRemains);
  };
  const timer = setInterval(() => {
    running ??= passes()
      .catch(onError)
      .finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
