import type { AppDeps } from '../app';
import type { Actor, Scope } from '../domain/access';
import type { Locale } from '../domain/i18n';

/** What every request carries through the middleware chain. */
export type AppEnv = {
  Variables: {
    deps: AppDeps;
    locale: Locale;
    /** Set once the locale middleware has read the cookie; the session may still override it. */
    localeFromCookie: boolean;
    actor: Actor | null;
    scope: Scope;
    csrfToken: string;
  };
};
