// What `wrangler types` would generate for this worker, written out for the test's type check.
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
  interface Exports {
    default: Fetcher;
  }
}
