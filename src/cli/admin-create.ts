/**
 * `npm run admin:create -- email@example.org "Full name"`: the first admin of a fresh installation (no demo
 * data needed). Migrates the database, creates the account without a password and prints a one-time link
 * (72 h) to set one. PUBLIC_URL (e.g. https://moc.example.org) sets the link's origin; by default the local
 * server's address. An email that already has an account is refused.
 */
import { parseEnv } from '../config';
import { openNodeDb } from '../db-node';
import { checkNewUser, invitationHours } from '../domain/accounts';
import { randomToken, sha256Hex } from '../domain/crypto';
import { createUserWithInvitation } from '../queries/accounts';

const [email, ...name] = process.argv.slice(2);
const env = parseEnv(process.env);
const check = checkNewUser({ email, name: name.join(' ') || email, role: 'admin', locale: 'vi' }, 'en');
if (!check.ok) {
  console.error(`admin:create: ${check.errors.map((e) => `${e.question}: ${e.message}`).join(' ')}\nusage: npm run admin:create -- email@example.org "Full name"`);
  process.exit(1);
}
const { db, close } = await openNodeDb(env.DATABASE_PATH);
const now = new Date();
const token = randomToken();
const expiresAt = new Date(now.getTime() + invitationHours * 3600_000).toISOString();
const id = await createUserWithInvitation(db, check.user, { tokenHash: sha256Hex(token), expiresAt, createdBy: null, createdAt: now.toISOString() });
close();
if (id === null) {
  console.error(`admin:create: ${check.user.email} already has an account`);
  process.exit(1);
}
const origin = process.env.PUBLIC_URL?.replace(/\/$/, '') ?? `http://${env.HOST}:${env.PORT}`;
console.log(`admin ${check.user.email} created; set the password within ${invitationHours} hours at:\n  ${origin}/invitations/${token}`);
