import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';
import { lipTestEnv } from '../../scripts/vitest-test-env.js';

const source = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export default defineConfig({
  // @lip/dataset is not in the shared alias list; resolve it to its sources too, so these tests never
  // depend on its build state.
  resolve: {
    alias: [
      ...lipSourceAliases,
      { find: /^@lip\/dataset\/node$/, replacement: source('lip-dataset/src/node.ts') },
      { find: /^@lip\/dataset\/synthetic$/, replacement: source('lip-dataset/src/synthetic.ts') },
      { find: /^@lip\/dataset$/, replacement: source('lip-dataset/src/index.ts') },
    ],
  },
  test: {
    env: lipTestEnv,
    include: ['src/**/*.test.ts'],
    // tfjs keeps global engine state and tfjs-node is a native addon: one process per test file.
    pool: 'forks',
    testTimeout: 600_000, // far above the worst test measured under load (91 s: two suites and two CPU hogs at once)
    hookTimeout: 600_000,
  },
});
