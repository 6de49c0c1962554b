import { defineConfig } from 'vitest/config';
import { lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';
import { lipTestEnv } from '../../scripts/vitest-test-env.js';

export default defineConfig({
  resolve: { alias: lipSourceAliases },
  test: {
    env: lipTestEnv,
    include: ['src/**/*.test.ts'],
    // tfjs keeps global engine state and tfjs-node is a native addon: one process per test file.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
