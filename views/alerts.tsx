import { type Locale, messages } from '../src/domain/i18n';

/**
 * The page's one alert region: public/app/moc.js writes the message of any failed htmx request into it (401, 403,
 * 404, 409, 413, 429, 5xx, no answer), in the page's language (`data-text`). Empty, it takes no room.
 */
export function AlertRegion(props: { locale: Locale }) {
  const t = messages[props.locale].failures;
  const text = { session: t.session, signIn: t.signIn, forbidden: t.forbidden, notFound: t.notFound, conflict: t.conflict, invalid: t.invalid, tooLarge: t.tooLarge, tooMany: t.tooMany, server: t.server, offline: t.offline, dismiss: t.dismiss, restored: t.restored };
  return <div id="alerts" class="alerts" role="alert" data-text={JSON.stringify(text)}></div>;
}
