// Copies the browser files Mốc serves from node_modules into public/vendor (run by `npm install`).
// Plain JavaScript so that it runs before any TypeScript tooling is in place.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
for (const [name, from] of Object.entries(files)) copyFileSync(join(root, 'node_modules', from), join(out, name));
console.log(`vendor: copied ${Object.keys(files).length} browser files to public/vendor`);
