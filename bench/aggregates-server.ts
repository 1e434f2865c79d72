/**
 * One revision's app over the dataset of bench/aggregates.ts, served over HTTP in a process of its own:
 * `tsx bench/aggregates-server.ts <project folder> <database file>` prints "listening <port>". The app, its
 * database driver and its test settings come from the project folder, so that two revisions read the same file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';

const [project, databasePath] = process.argv.slice(2);
const from = <T>(path: string): Promise<T> => import(pathToFileURL(join(project, path)).href);
const { createApp } = await from<typeof import('../src/app')>('src/app.ts');
const { openNodeDb } = await from<typeof import('../src/db-node')>('src/db-node.ts');
const { testConfig } = await from<typeof import('../test/support/app')>('test/support/app.ts');
const { db } = await openNodeDb(databasePath);
const app = createApp({ db, clock: () => new Date('2026-11-20T09:00:00Z'), config: testConfig });
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log(`listening ${info.port}`));
