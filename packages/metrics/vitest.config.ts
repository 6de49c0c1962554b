import { defineConfig } from 'vitest/config';
import { lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';
import { lipTestEnv } from '../../scripts/vitest-test-env.js';

export default defineConfig({
  resolve: { alias: lipSourceAliases },
  test: {
    env: lipTestEnv,
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
