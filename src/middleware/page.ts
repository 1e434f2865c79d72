import type { Context } from 'hono';
import type { PageContext } from '../../views/layout';
import type { AppEnv } from './env';

/** What every view needs from the request: language, who is signed in, the CSRF token, the path. */
export function pageContext(c: Context<AppEnv>): PageContext {
  return {
    locale: c.get('locale') ?? 'vi',
    actor: c.get('actor') ?? null,
    csrfToken: c.get('csrfToken') ?? '',
    path: new URL(c.req.url).pathname + new URL(c.req.url).search,
  };
}
