/**
 * The one error path: every failure becomes an AppError from the catalogue and is rendered for whoever asked —
 * application/problem+json for the API and for scripts that accept JSON, a fragment for htmx, a page otherwise.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorFragment, ErrorPage } from '../../views/error';
import { AppError, errorMessage } from '../domain/errors';
import { sameOriginPath } from '../domain/redirects';
import type { AppEnv } from './env';
import { pageContext } from './page';

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException && err.status === 413) return new AppError('too_large');
  if (err instanceof HTTPException && err.status === 400) return new AppError('malformed_json');
  if (isStorageFault(err)) return new AppError('storage_unavailable', [], storageRetryAfterSeconds);
  return new AppError('internal');
}

/** How long a client should wait after a storage fault: long enough for an operator to free space or remount. */
export const storageRetryAfterSeconds = 60;

// SQLite's result codes for a database that cannot be written now but may be soon: the disk is full, the file or
// its folder is read-only, another process holds the lock past the busy timeout, the disk failed to write.
const faultCodes = /^SQLITE_(FULL|READONLY|BUSY|LOCKED|IOERR|CANTOPEN)/;
// The same faults as D1 reports them, in its messages.
const faultMessages = /database or disk is full|readonly database|database is locked|SQLITE_(FULL|READONLY|BUSY|IOERR)/;

/**
 * Whether an error, or one that caused it (Drizzle wraps the driver's), is the database refusing writes for a
 * while. The batch that met it was rolled back whole (the driver's batch is one transaction), so asking again later
 * is safe.
 */
export function isStorageFault(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && faultCodes.test(code)) return true;
    if (faultMessages.test(e.message)) return true;
  }
  return false;
}

export const renderError: ErrorHandler<AppEnv> = (err, c) => {
  const error = toAppError(err);
  if (error.code === 'internal') console.error(err);
  if (error.code === 'storage_unavailable') console.error(`storage fault, answered 503: ${err instanceof Error ? (err.cause ?? err) : err}`);
  return respond(c, error);
};

export const renderNotFound: NotFoundHandler<AppEnv> = (c) => respond(c, new AppError('not_found'));

function respond(c: Context<AppEnv>, error: AppError) {
  const locale = c.get('locale') ?? 'vi';
  const message = errorMessage(error.code, locale);
  const status = error.status as 400;
  if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds));
  // The API, and scripts of our own pages that ask for JSON (the survey page), get problem+json.
  if (c.req.path.startsWith('/api/') || (c.req.header('accept') ?? '').includes('application/json')) {
    const body = { type: `urn:moc:problem:${error.code}`, title: message, status, code: error.code, errors: error.errors };
    return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json; charset=utf-8' });
  }
  if (error.code === 'unauthenticated' && c.req.method === 'GET' && !c.req.header('hx-request')) {
    return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`);
  }
  if (c.req.header('hx-request')) return c.html(<ErrorFragment message={message} />, status);
  const detail = !genericCodes.has(error.code);
  return c.html(<ErrorPage ctx={pageContext(c)} status={status} message={message} detail={detail} signInNext={comeBackTo(c)} errors={error.errors} />, status);
}

/** Codes whose message only repeats what the page's title and sentence say for their status. */
const genericCodes = new Set<string>(['unauthenticated', 'forbidden', 'not_found', 'too_large', 'internal', 'malformed_json', 'malformed_form']);

/** Where sign-in should come back to: this page for a GET, else the page the form was on (same origin only). */
function comeBackTo(c: Context<AppEnv>): string {
  if (c.req.method === 'GET') return sameOriginPath(new URL(c.req.url).pathname + new URL(c.req.url).search);
  const referer = c.req.header('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.origin === new URL(c.req.url).origin ? sameOriginPath(url.pathname + url.search) : '/';
  } catch {
    return '/';
  }
}
