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
  return new AppError('internal');
}

export const renderError: ErrorHandler<AppEnv> = (err, c) => {
  const error = toAppError(err);
  if (error.code === 'internal') console.error(err);
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
