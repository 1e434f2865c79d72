/**
 * The runtime-neutral harness of the contract suite (test/contract/*.test.ts): the same test files run on Node
 * + SQLite (`npx vitest run test/contract`) and on workerd + local D1 (`npm run test:workers`), each config
 * resolving `#contract-runtime` to its runtime (node.ts, workerd.ts). Example:
 * `const t = await seededApp(); const lan = await t.api(people.evaluatorLan); await lan.get('/api/v1/models')`.
 *
 * Clients get their session straight from the sessions query (what sign-in stores): a password check costs
 * seconds of pure-JS scrypt on workerd, so only the sign-in tests pay for one.
 */
import { seededRuntime } from '#contract-runtime';
import { sessionCookie } from '../../src/middleware/auth';
import { createSession, sessionByToken } from '../../src/queries/sessions';
import { userByEmail } from '../../src/queries/users';
import { people, testPassword } from '../support/seeded';

export { people, testPassword };

const hour = 3600_000;

export async function seededApp() {
  const { name, db, fetch } = await seededRuntime();
  async function sessionOf(email: string, kind: 'web' | 'api') {
    const user = await userByEmail(db, email);
    if (!user) throw new Error(`no account ${email}`);
    return (await createSession(db, user.id, kind, new Date(), hour)).token;
  }
  // A string body goes as it is (e.g. JSON that does not parse).
  const json = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    runtime: name,
    db,
    fetch,
    /** An API client acting as `email`, with a Bearer token. */
    async api(email: string) {
      const headers = { authorization: `Bearer ${await sessionOf(email, 'api')}` };
      return {
        get: (path: string, extra: Record<string, string> = {}) => fetch(path, { headers: { ...headers, ...extra } }),
        /** POST of `body` as JSON; a string as it is. */
        post: (path: string, body: unknown, extra: Record<string, string> = {}) => fetch(path, json('POST', body, { ...headers, ...extra })),
        put: (path: string, body: unknown) => fetch(path, json('PUT', body, headers)),
      };
    },
    /** A browser-like client of `email`: the session cookie (and `moc_lang`), the session's CSRF token on forms. */
    async web(email: string, locale?: 'vi' | 'en') {
      const token = await sessionOf(email, 'web');
      const { csrfToken } = (await sessionByToken(db, token, 'web', new Date()))!;
      const cookie = `${sessionCookie}=${token}${locale ? `; moc_lang=${locale}` : ''}`;
      return {
        get: (path: string, headers: Record<string, string> = {}) => fetch(path, { headers: { cookie, ...headers } }),
        postForm: (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
          fetch(path, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
            body: new URLSearchParams({ ...fields, _csrf: csrfToken }),
          }),
      };
    },
  };
}

export type SeededApp = Awaited<ReturnType<typeof seededApp>>;
