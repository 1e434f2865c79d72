// @ts-check
// The stable code of a household (commune + hamlet + household number), defined once for the server, which links
// a household's submissions across rounds by it (src/domain/household.ts), and the survey page, which finds the
// unfinished survey of the household being typed (drafts.js). Pure, no DOM: unit-tested in Node.

/** @param {string} part */
function normalise(part) {
  return part.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

/**
 * The stable code of the household these answers describe, or null when hamlet or number is missing.
 * Example: householdCode('09649', { hamlet: ' Thôn  3', household_number: '017' }) → '09649|thôn 3|017'.
 * @param {string} communeCode
 * @param {Record<string, unknown>} answers
 * @returns {string | null}
 */
export function householdCode(communeCode, answers) {
  const hamlet = answers.hamlet;
  const number = answers.household_number;
  if (typeof hamlet !== 'string' || typeof number !== 'string') return null;
  if (!normalise(hamlet) || !normalise(number)) return null;
  return `${communeCode}|${normalise(hamlet)}|${normalise(number)}`;
}
