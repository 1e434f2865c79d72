/**
 * Where a page may send someone after signing in or switching language: only a path of this app. The value
 * is read as a browser reads a URL (WHATWG parsing: `\` counts as `/`, tabs and line breaks are dropped), so
 * `/\evil.example`, `/%09/evil.example` or `/\t/evil.example` cannot leave the site, and what comes back is
 * re-serialised (no CR/LF can reach a Location header).
 * Example: `sameOriginPath('/rounds/x?page=2')` → '/rounds/x?page=2'; `sameOriginPath('/\\evil.example/x')` → '/'.
 */
const origin = 'http://moc.invalid';

export function sameOriginPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that begins with `//` would be read as another host once it is sent back as Location.
  return path.startsWith('//') ? fallback : path;
}
