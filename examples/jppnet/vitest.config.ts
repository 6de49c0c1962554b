import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';
import { lipTestEnv } from '../../scripts/vitest-test-env.js';

const source = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export default defineConfig({
  // @lip/dataset and @lip/metrics are not in the shared alias list; resolve them to their sources too, so
  // these tests never depend on their build state.
  resolve: {
    alias: [
      ...lipSourceAliases,
      { find: /^@lip\/dataset\/node$/, replacement: source('packages/lip-dataset/src/node.ts') },
      { find: /^@lip\/dataset\/synthetic$/, replacement: source('packages/lip-dataset/src/synthetic.ts') },
      { find: /^@lip\/dataset$/, replacement: source('packages/lip-dataset/src/index.ts') },
      { find: /^@lip\/metrics\/node$/, replacement: source('packages/metrics/src/node/index.ts') },
      { find: /^@lip\/metrics$/, replacement: source('packages/metrics/src/index.ts') },
    ],
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
