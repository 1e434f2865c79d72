/** After each test file: the fresh apps it made are closed, and its temporary folders deleted. */
import { afterAll } from 'vitest';
import { removeFreshApps } from './app';
import { removeTempDirs } from './temp';

afterAll(() => {
  removeFreshApps();
  removeTempDirs();
});
