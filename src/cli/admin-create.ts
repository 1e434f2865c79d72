/**
 * `npm run admin:create -- email@example.org "Full name"`: the first admin of a fresh installation (no demo
 * data needed). Migrates the database, adds the reference data (places, model types: seed/reference.ts),
 * creates the account without a password and prints a one-time link (72 h) to set one. PUBLIC_URL (e.g.
 * https://moc.example.org) sets the link's origin; by default the local server's address. An email that
 * already has an account is refused.
 *
 * On Workers + D1: `npm run admin:create -- --d1 email@example.org "Full name"` writes to the local D1 of
 * `wrangler dev` (add `--persist-to DIR` for another local folder), `--d1 --remote` to the deployed database
 * (after `wrangler login`); the same query code runs, its SQL applied by `wrangler d1 execute`, local and
 * remote alike. `--database NAME` names another database of wrangler.toml than `moc`.
 *
 * `--d1 --demo` also puts the demo programme and accounts on D1 (the email is then optional): what `npm start`
 * seeds on Node (prepareDatabase: programmes, demo accounts, synthetic submissions unless MOC_SEED_DEMO=false,
 * kept sums), built in a scratch SQLite file and copied with its ids; MOC_DEMO_PASSWORD sets the password, or
 * one is generated and printed. Only into a database that is the demo's (no accounts, or the demo's), as on Node.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseEnv } from '../config';
import { openNodeDb } from '../db-node';
import { checkNewUser, invitationHours, type NewUser } from '../domain/accounts';
import { randomToken, sha256Hex } from '../domain/crypto';
import { createUserWithInvitation } from '../queries/accounts';
import { isDemoInstallation } from '../queries/users';
import { seedReference } from '../seed/reference';
import { demoUsers } from '../seed/users';
import { copyRowsSql, d1Reader, dataTables, executeD1, migrateD1, queryD1, recordSql, sqlLiteral, type D1Target } from './d1';
import { prepareDatabase } from './prepare';

const usage = 'usage: npm run admin:create -- [--d1 [--remote] [--persist-to DIR] [--database NAME] [--demo]] email@example.org "Full name"';
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { d1: { type: 'boolean' }, remote: { type: 'boolean' }, 'persist-to': { type: 'string' }, database: { type: 'string' }, demo: { type: 'boolean' } },
});
const fail = (message: string): never => {
  console.error(`admin:create: ${message}\n${usage}`);
  process.exit(1);
};
if (flags.demo && !flags.d1) fail('--demo is for D1; on Node `npm start` and `npm run db:seed` seed the demo');
const [email, ...name] = positionals;
const env = parseEnv(process.env);
const check = email || !flags.demo ? checkNewUser({ email, name: name.join(' ') || email, role: 'admin', locale: 'vi' }, 'en') : undefined;
if (check && !check.ok) fail(check.errors.map((e) => `${e.question}: ${e.message}`).join(' '));
const user = check?.ok ? check.user : undefined;
const now = new Date();
const token = randomToken();
const invitation = {
  tokenHash: sha256Hex(token),
  expiresAt: new Date(now.getTime() + invitationHours * 3600_000).toISOString(),
  createdBy: null,
  createdAt: now.toISOString(),
};

const created = flags.d1
  ? await createOnD1(user, { database: flags.database ?? 'moc', remote: Boolean(flags.remote), persistTo: flags['persist-to'] }, Boolean(flags.demo))
  : await createOnNode(user!);
if (user && !created) fail(`${user.email} already has an account`);
const origin = process.env.PUBLIC_URL?.replace(/\/$/, '') ?? `http://${env.HOST}:${env.PORT}`;
if (user) console.log(`admin ${user.email} created; set the password within ${invitationHours} hours at:\n  ${origin}/invitations/${token}`);

async function createOnNode(user: NewUser): Promise<boolean> {
  const { db, close } = await openNodeDb(env.DATABASE_PATH);
  try {
    // The administrative units and model types to choose from when the admin sets up the first programme.
    await seedReference(db);
    return (await createUserWithInvitation(db, user, invitation)) !== null;
  } finally {
    close();
  }
}

/**
 * The same batch on D1, after the reference data or the demo (built in a scratch SQLite file and copied with
 * its ids), in one `wrangler d1 execute`; the invitation exists afterwards only when the email was free.
 */
async function createOnD1(user: NewUser | undefined, target: D1Target, demo: boolean): Promise<boolean> {
  migrateD1(target);
  if (demo && !(await isDemoInstallation(d1Reader(target), demoUsers.map((u) => u.email)))) {
    fail('the demo goes only into a database without accounts or with the demo\'s (as `npm start` on Node)');
  }
  let script = demo ? await demoSql() : await scratch(async (path) => {
    const { db, close } = await openNodeDb(path);
    await seedReference(db);
    const rows = await copyRowsSql(db, ['places', 'place_successions', 'model_types']);
    close();
    return rows;
  });
  if (user) script += await recordSql((db) => createUserWithInvitation(db, user, invitation));
  executeD1(target, script);
  return user !== undefined && queryD1(target, `SELECT 1 AS created FROM invitations WHERE token_hash = ${sqlLiteral(invitation.tokenHash)}`).length === 1;
}

/** The demo as `npm start` seeds it on Node, with passwords hashed at the Workers cost, as SQL for D1. */
async function demoSql(): Promise<string> {
  return scratch(async (path) => {
    const prepared = await prepareDatabase(parseEnv({ ...process.env, DATABASE_PATH: path }), { seed: true, platform: 'workers' });
    try {
      const rows = await copyRowsSql(prepared.db, await dataTables(prepared.db));
      console.log(`demo accounts ${prepared.created.join(', ')}: password ${prepared.demoPassword} (accounts already on D1 keep theirs)`);
      return rows;
    } finally {
      prepared.close();
    }
  });
}

/** `work` on a SQLite file in a folder of its own, removed afterwards. */
async function scratch<T>(work: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'moc-scratch-'));
  try {
    return await work(join(dir, 'scratch.sqlite'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
