/**
 * `npm run admin:create -- email@example.org "Full name"`: the first admin of a fresh installation (no demo
 * data needed). Migrates the database, adds the reference data (places, model types: seed/reference.ts),
 * creates the account without a password and prints a one-time link (72 h) to set one. PUBLIC_URL (e.g.
 * https://moc.example.org) sets the link's origin; by default the local server's address. An email that
 * already has an account is refused.
 *
 * On Workers + D1: `npm run admin:create -- --d1 email@example.org "Full name"` writes to the local D1 of
 * `wrangler dev` (add `--persist-to DIR` for another local folder), `--d1 --remote` to the deployed database
 * (after `wrangler login`); the same query code runs, its SQL applied by `wrangler d1 execute`.
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
import { seedReference } from '../seed/reference';
import { copyRowsSql, executeD1, migrateD1, queryD1, recordSql, sqlLiteral, type D1Target } from './d1';

const usage = 'usage: npm run admin:create -- [--d1 [--remote] [--persist-to DIR]] email@example.org "Full name"';
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { d1: { type: 'boolean' }, remote: { type: 'boolean' }, 'persist-to': { type: 'string' }, database: { type: 'string' } },
});
const [email, ...name] = positionals;
const env = parseEnv(process.env);
const check = checkNewUser({ email, name: name.join(' ') || email, role: 'admin', locale: 'vi' }, 'en');
if (!check.ok) {
  console.error(`admin:create: ${check.errors.map((e) => `${e.question}: ${e.message}`).join(' ')}\n${usage}`);
  process.exit(1);
}
const now = new Date();
const token = randomToken();
const invitation = {
  tokenHash: sha256Hex(token),
  expiresAt: new Date(now.getTime() + invitationHours * 3600_000).toISOString(),
  createdBy: null,
  createdAt: now.toISOString(),
};

const created = flags.d1
  ? await createOnD1(check.user, { database: flags.database ?? 'moc', remote: Boolean(flags.remote), persistTo: flags['persist-to'] })
  : await createOnNode(check.user);
if (!created) {
  console.error(`admin:create: ${check.user.email} already has an account`);
  process.exit(1);
}
const origin = process.env.PUBLIC_URL?.replace(/\/$/, '') ?? `http://${env.HOST}:${env.PORT}`;
console.log(`admin ${check.user.email} created; set the password within ${invitationHours} hours at:\n  ${origin}/invitations/${token}`);

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
 * The same batch on D1, after the reference data (seed/reference.ts, built in a scratch SQLite file and copied
 * with its ids); the invitation exists afterwards only when the email was free.
 */
async function createOnD1(user: NewUser, target: D1Target): Promise<boolean> {
  migrateD1(target);
  const scratch = mkdtempSync(join(tmpdir(), 'moc-reference-'));
  try {
    const { db, close } = await openNodeDb(join(scratch, 'reference.sqlite'));
    await seedReference(db);
    executeD1(target, await copyRowsSql(db, ['places', 'place_successions', 'model_types']));
    close();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  executeD1(target, await recordSql((db) => createUserWithInvitation(db, user, invitation)));
  return queryD1(target, `SELECT 1 AS created FROM invitations WHERE token_hash = ${sqlLiteral(invitation.tokenHash)}`).length === 1;
}
