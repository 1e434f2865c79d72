/** The Worker under test, called as a client would: JSON in, an optional Bearer token. */
import { exports } from 'cloudflare:workers';

export const base = 'https://moc.example';

/** `await call('POST', '/api/v1/models', model, token)`; no body for GET. */
export const call = (method: string, path: string, body?: unknown, token?: string) =>
  exports.default.fetch(
    new Request(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
