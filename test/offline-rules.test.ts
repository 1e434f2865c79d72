/**
 * What the service worker may keep (public/app/offline-rules.js), with plain values: only a 200 of the
 * evaluator's kit made for that same evaluator and not no-store; another person, nobody (empty X-Moc-User)
 * or a 401 drops every other kit and the old shared page cache.
 */
import { describe, expect, it } from 'vitest';
import { cachesToDrop, isNoStore, kitIsFresh, kitMaxAgeMs, kitPath, mayKeep, responseUser } from '../public/app/offline-rules.js';

const response = (status: number, headers: Record<string, string>, redirected = false) => ({
  status,
  redirected,
  headers: { get: (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null },
});
const kit = ['/', '/rounds/r1/survey/household', '/rounds/r1/households.json', '/instruments/household/v1.json'];
const kitPage = (user: string, cacheControl = 'private, no-cache') => response(200, { 'X-Moc-User': user, 'Cache-Control': cacheControl });

describe('whom a response is for', () => {
  it('reads X-Moc-User: an id, nobody (empty or a 401), or not said (static files)', () => {
    expect(responseUser(kitPage('7'))).toBe('7');
    expect(responseUser(response(200, { 'X-Moc-User': '' }))).toBeNull();
    expect(responseUser(response(401, {}))).toBeNull();
    expect(responseUser(response(200, { 'Content-Type': 'text/css' }))).toBeUndefined();
  });
});

describe('what goes when someone else, or nobody, is signed in', () => {
  const names = ['moc-shell-abc', 'moc-state', 'moc-pages', 'moc-kit-3', 'moc-kit-7'];
  it('keeps only the signed-in person’s kit and never the old shared cache', () => {
    expect(cachesToDrop(names, '7')).toEqual(['moc-pages', 'moc-kit-3']);
    expect(cachesToDrop(names, '3')).toEqual(['moc-pages', 'moc-kit-7']);
  });
  it('drops every kit when nobody is signed in', () => {
    expect(cachesToDrop(names, null)).toEqual(['moc-pages', 'moc-kit-3', 'moc-kit-7']);
  });
  it('does not take a longer id for a prefix of another', () => {
    expect(cachesToDrop(['moc-kit-7', 'moc-kit-77'], '7')).toEqual(['moc-kit-77']);
  });
});

describe('what may be kept', () => {
  it("keeps a 200 of the evaluator's kit made for them", () => {
    expect(mayKeep(kitPage('7'), 'http://h/rounds/r1/survey/household?draft=x', kit, '7')).toBe(true);
    expect(mayKeep(kitPage('7', 'private, max-age=31536000, immutable'), 'http://h/instruments/household/v1.json', kit, '7')).toBe(true);
  });
  it('never keeps a record page, another role’s page, or anything outside the kit', () => {
    expect(mayKeep(kitPage('7'), 'http://h/submissions/5b1e', kit, '7')).toBe(false);
    expect(mayKeep(kitPage('7'), 'http://h/models/m1', kit, '7')).toBe(false);
    expect(mayKeep(kitPage('7'), 'http://h/rounds/r1', kit, '7')).toBe(false);
  });
  it('honours no-store, whatever the URL', () => {
    for (const cc of ['no-store', 'private, no-store', 'No-Store, max-age=0']) {
      expect(isNoStore(cc)).toBe(true);
      expect(mayKeep(kitPage('7', cc), 'http://h/', kit, '7')).toBe(false);
    }
    expect(isNoStore('private, no-cache')).toBe(false);
    expect(isNoStore(null)).toBe(false);
  });
  it('keeps nothing made for someone else or for nobody, nor a redirect or an error', () => {
    expect(mayKeep(kitPage('3'), 'http://h/', kit, '7')).toBe(false);
    expect(mayKeep(kitPage(''), 'http://h/', kit, '7')).toBe(false);
    expect(mayKeep(kitPage('7'), 'http://h/', kit, null)).toBe(false);
    expect(mayKeep(response(200, { 'X-Moc-User': '7' }, true), 'http://h/', kit, '7')).toBe(false);
    expect(mayKeep(response(404, { 'X-Moc-User': '7' }), 'http://h/', kit, '7')).toBe(false);
    expect(mayKeep(response(200, { 'Cache-Control': 'private, no-cache' }), 'http://h/', kit, '7')).toBe(false);
  });
});

describe('the kit’s freshness', () => {
  it('serves a complete kit for an hour, then fetches it again', () => {
    expect(kitPath('http://h/rounds/r1/survey/household?draft=1')).toBe('/rounds/r1/survey/household');
    expect(kitIsFresh(null, 0)).toBe(false);
    expect(kitIsFresh({ urls: kit, fetchedAt: 1000 }, 1000 + kitMaxAgeMs - 1)).toBe(true);
    expect(kitIsFresh({ urls: kit, fetchedAt: 1000 }, 1000 + kitMaxAgeMs)).toBe(false);
  });
});
