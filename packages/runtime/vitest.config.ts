import { defineConfig } from 'vitest/config';
import { tfjsTestOptions } from '../../scripts/vitest-test-env.js';

export default defineConfig({
  test: tfjsTestOptions,
});
