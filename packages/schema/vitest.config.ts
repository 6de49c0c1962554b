import { defineConfig } from 'vitest/config';
import { lipTestEnv } from '../../scripts/vitest-test-env.js';

export default defineConfig({
  test: {
    env: lipTestEnv,
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
