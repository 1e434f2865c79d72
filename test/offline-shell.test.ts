/**
 * The service worker's shell cache is named after a hash of the shell files, so any change to them installs
 * a new worker and a fresh cache. This fails when a shell file changed and public/sw.js's BUILD did not.
 */
import { expect, it } from 'vitest';
import { shellBuild } from '../src/cli/sw-build.mjs';

it('public/sw.js names its shell cache after the current shell files', () => {
  const { recorded, actual, files } = shellBuild();
  expect(files).toContain('/vendor/survey.core.min.js');
  expect(recorded, 'run `npm run sw:build`').toBe(actual);
});
