// Run before each test file: the folders it made with tempDir() (test/helpers.ts) are removed after it, also when
// a test failed.
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers.js';

afterAll(() => removeTempDirs());
