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
    testTimeout: 600_000, // far above the worst test measured under load (91 s: two suites and two CPU hogs at once)
    hookTimeout: 600_000,
  },
});
