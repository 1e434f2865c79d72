// @ts-check
// Vietnamese folding for search, defined once for the server (src/domain/place-search.ts: places, model entry)
// and the browser (household-search.js: follow-up households): lower case, diacritics stripped, đ → d, spaces
// collapsed, so that "thon 4" finds "Thôn 4" and "duc" finds "Đức Giang". Pure, no DOM: unit-tested in Node.

/**
 * Lower case without Vietnamese diacritics (đ → d), spaces collapsed. Example: foldText('  Đức  Giang') → 'duc giang'.
 * @param {string} text
 * @returns {string}
 */
export function foldText(text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
