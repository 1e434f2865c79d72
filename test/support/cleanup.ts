/** After each test file: the fresh apps it made are closed and their temporary folders deleted. */
import { afterAll } from 'vitest';
import { removeFreshApps } from './app';

afterAll(removeFreshApps);
