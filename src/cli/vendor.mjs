// Copies the browser files Mốc serves from node_modules into public/vendor (run by `npm install`).
// Plain JavaScript so that it runs before any TypeScript tooling is in place.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const files = {
  'htmx.min.js': 'htmx.org/dist/htmx.min.js',
  'idb.umd.js': 'idb/build/umd.js',
  'survey.core.min.js': 'survey-core/survey.core.min.js',
  'survey.vietnamese.min.js': 'survey-core/i18n/vietnamese.min.js',
  'survey-js-ui.min.js': 'survey-js-ui/survey-js-ui.min.js',
  'survey-core.min.css': 'survey-core/survey-core.fontless.min.css',
};
const out = join(root, 'public', 'vendor');
mkdirSync(out, { recursive: true });
for (const [name, from] of Object.entries(files)) {
  const target = join(out, name);
  copyFileSync(join(root, 'node_modules', from), target);
  // Compressed once here at the highest levels, served as they are (serveStatic `precompressed`).
  const bytes = readFileSync(target);
  writeFileSync(`${target}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(`${target}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
console.log(`vendor: copied ${Object.keys(files).length} browser files to public/vendor, with .gz and .br`);
