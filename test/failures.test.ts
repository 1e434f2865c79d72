/** The pure part of public/app/failures.js: which failed htmx answers swap themselves, and the message of the others. */
import { describe, expect, it } from 'vitest';
import { failureKey, failureText, signInHref, swapsItself } from '../public/app/failures.js';
import { messages } from '../src/domain/i18n';

describe('failureKey', () => {
  it.each([
    [0, 'offline'],
    [401, 'session'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [410, 'notFound'],
    [409, 'conflict'],
    [413, 'tooLarge'],
    [429, 'tooMany'],
    [400, 'invalid'],
    [415, 'invalid'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
  ])('%i → %s', (status, key) => {
    expect(failureKey(status)).toBe(key);
  });

  it('has a text in both languages for every key', () => {
    for (const status of [0, 400, 401, 403, 404, 409, 413, 429, 500]) {
      expect(messages.vi.failures[failureKey(status)]).toBeTruthy();
      expect(messages.en.failures[failureKey(status)]).toBeTruthy();
    }
  });
});

describe('swapsItself', () => {
  it('swaps every 422, the sign-in form’s 429 and 503, and the review section’s 409', () => {
    expect(swapsItself(422, 'counts')).toBe(true);
    expect(swapsItself(429, 'signin')).toBe(true);
    expect(swapsItself(503, 'signin')).toBe(true);
    expect(swapsItself(409, 'review')).toBe(true);
  });

  it('leaves every other failure to the alert region', () => {
    expect(swapsItself(401, 'counts')).toBe(false);
    expect(swapsItself(403, 'review')).toBe(false);
    expect(swapsItself(409, 'users')).toBe(false);
    expect(swapsItself(413, 'import-results')).toBe(false);
    expect(swapsItself(429, 'overview')).toBe(false);
    expect(swapsItself(500, 'signin')).toBe(false);
    expect(swapsItself(503, 'overview')).toBe(false);
  });
});

describe('failureText', () => {
  const texts = messages.en.failures;
  it('prefers the server’s reason for a 4xx about the request', () => {
    expect(failureText(403, 'The form expired; reload the page.', texts)).toEqual({ key: 'forbidden', text: 'The form expired; reload the page.' });
    expect(failureText(409, 'Someone else took it.', texts).text).toBe('Someone else took it.');
    expect(failureText(404, '', texts).text).toBe(texts.notFound);
  });

  it('says what to do in its own words for 401, 413, 5xx and no answer', () => {
    expect(failureText(401, 'You need to sign in.', texts)).toEqual({ key: 'session', text: texts.session });
    expect(failureText(413, 'The body is too large.', texts).text).toBe(texts.tooLarge);
    expect(failureText(500, 'Something went wrong.', texts).text).toBe(texts.server);
    expect(failureText(0, '', texts)).toEqual({ key: 'offline', text: texts.offline });
  });
});

it('signInHref comes back to the page, query included', () => {
  expect(signInHref('/rounds/r1/counts', '?x=1')).toBe('/signin?next=%2Frounds%2Fr1%2Fcounts%3Fx%3D1');
  expect(signInHref('/models')).toBe('/signin?next=%2Fmodels');
});
