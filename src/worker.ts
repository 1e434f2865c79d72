/// <reference types="@cloudflare/workers-types" />
/**
 * The Workers entry: the same app over the D1 binding `DB`; static files come from wrangler's [assets].
 * Passwords are hashed by the pure-JS scrypt (createApp's default) at the Workers cost (domain/crypto.ts).
 * With the nodejs_compat flag (not set in wrangler.toml) workerd offers node:crypto's scrypt, native and
 * ~2.5× faster (local workerd: 180 ms against 480 ms at N=2^14, r=8, p=5), but it runs on the isolate's own
 * thread all the same, and the flag changes how the whole bundle resolves node: modules.
 * The cron trigger (wrangler.toml) runs one housekeeping pass per invocation, sized to D1's per-invocation limits.
 */
import { drizzle } from 'drizzle-orm/d1';
import * as schema from '../db/schema';
import { createApp } from './app';
import { appConfigFrom, parseEnv } from './config';
import type { Db } from './db';
import { housekeeping } from './workflows/housekeeping';

export interface WorkerEnv {
  DB: D1Database;
  [name: string]: unknown;
}

let cached: { binding: D1Database; app: ReturnType<typeof createApp> } | undefined;

// D1 and libSQL share Drizzle's async SQLite API, including batch; the cast names that common shape.
const dbOf = (env: WorkerEnv) => drizzle(env.DB, { schema }) as unknown as Db;

function appFor(env: WorkerEnv) {
  if (cached?.binding !== env.DB) {
    const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const db = dbOf(env);
    const config = appConfigFrom(parseEnv({ SECURE_COOKIES: 'true', ...vars }), 'workers');
    cached = { binding: env.DB, app: createApp({ db, clock: () => new Date(), config, peerAddress: (c) => c.req.header('cf-connecting-ip') }) };
  }
  return cached.app;
}

export default {
  fetch(request, env, ctx) {
    return appFor(env).fetch(request, env, ctx);
  },
  async scheduled(controller, env) {
    const report = await housekeeping({ db: dbOf(env) }, new Date(controller.scheduledTime));
    console.log(`housekeeping (${controller.cron}): ${JSON.stringify(report)}`);
  },
} satisfies ExportedHandler<WorkerEnv>;
