import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';
import { lipTestEnv } from '../../scripts/vitest-test-env.js';

export default defineConfig({
  resolve: {
    // The train-ssnan library from its sources too, like every @lip/* package.
    alias: [{ find: /^@lip\/example-train-ssnan$/, replacement: fileURLToPath(new URL('../train-ssnan/src/index.ts', import.meta.url)) }, ...lipSourceAliases],
  },
  test: {
    env: lipTestEnv,
    include: ['src/**/*.test.ts'],
    // tfjs keeps global engine state and tfjs-node is a native addon: one process per test file.
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
