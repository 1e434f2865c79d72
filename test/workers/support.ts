/**
 * The Worker under test, called as a client would. A service binding's fetch follows redirects by default, which
 * turns a 302/303 into the followed page's 200; here, as for a client and app.request on Node, it does not.
 */
import { exports } from 'cloudflare:workers';

export const base = 'https://moc.example';

/** `await fetchWorker('/signin', { method: 'POST', body })`: the app's own answer, a redirect included. */
export const fetchWorker = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${base}${path}`, { ...init, redirect: 'manual' }));

/** `await call('POST', '/api/v1/models', model, token)`; no body for GET. */
export const call = (method: string, path: string, body?: unknown, token?: string) =>
  fetchWorker(path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
