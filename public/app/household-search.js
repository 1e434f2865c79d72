// @ts-check
// Finding a household of an earlier round on the survey page (follow-up rounds): accents and case ignored
// ("thon 4" finds "Thôn 4"), each result with the round and the date of the visit it comes from. Pure, no
// DOM: survey-page.js draws the results; unit-tested in Node (test/household-search.test.ts).
import { foldText } from './fold.js';

/**
 * @typedef {{ commune: { code: string, vi: string, en: string }, hamlet: string, householdNumber: string,
 *   from: { round: string, collectedAt: string } }} SearchableHousehold
 */

/**
 * The households whose hamlet, number or commune hold every word of the query, at most `limit` of them; those
 * holding the query as typed ("thon 4" in "Thôn 4 / 12") before those holding its words apart ("thôn 5 / 40").
 * Example: findHouseholds(list, 'thon 4')[0] is a household of "Thôn 4".
 * @template {SearchableHousehold} H
 * @param {H[]} households
 * @param {string} query
 * @param {number} [limit]
 * @returns {H[]}
 */
export function findHouseholds(households, query, limit = 20) {
  const phrase = foldText(query);
  const words = phrase.split(' ').filter(Boolean);
  if (words.length === 0) return [];
  /** @type {H[]} */ const whole = [];
  /** @type {H[]} */ const apart = [];
  for (const h of households) {
    const text = foldText([h.hamlet, h.householdNumber, h.commune.vi, h.commune.en].join(' '));
    if (text.includes(phrase)) whole.push(h);
    else if (words.every((w) => text.includes(w))) apart.push(h);
  }
  return whole.concat(apart).slice(0, limit);
}

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The calendar date in Vietnam (UTC+7) of an instant, as the page's language writes dates; the same text as
 * the server's formatDate (src/domain/format.ts). Example: ('2026-11-20T18:00:00Z', 'vi') → '21/11/2026'.
 * @param {string} at
 * @param {'vi' | 'en'} locale
 * @returns {string}
 */
export function visitDate(at, locale) {
  const time = new Date(at).getTime();
  if (Number.isNaN(time)) return at;
  const [y, m, d] = new Date(time + 7 * 3600_000).toISOString().slice(0, 10).split('-');
  return locale === 'vi' ? `${d}/${m}/${y}` : `${Number(d)} ${monthsEn[Number(m) - 1]} ${y}`;
}

/**
 * How a result reads: commune · hamlet / number — round, date. Example: 'Phú Châu · Thôn 4 / 12 — Đầu kỳ, 20/11/2026'.
 * @param {SearchableHousehold} h
 * @param {'vi' | 'en'} locale
 * @param {Record<string, string>} roundNames the page's names of round kinds (baseline → 'Đầu kỳ')
 * @returns {string}
 */
export function householdLabel(h, locale, roundNames) {
  const commune = locale === 'vi' ? h.commune.vi : h.commune.en;
  return `${commune} · ${h.hamlet} / ${h.householdNumber} — ${roundNames[h.from.round] ?? h.from.round}, ${visitDate(h.from.collectedAt, locale)}`;
}
