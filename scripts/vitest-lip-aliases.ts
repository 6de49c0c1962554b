import { fileURLToPath } from 'node:url';

// Tests resolve @lip/* to sources, so one package's tests never depend on another's build state
// (the packaging check exercises the built dist files).
const source = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const lipSourceAliases = [
  { find: /^@lip\/schema\/testing$/, replacement: source('packages/schema/src/testing.ts') },
  { find: /^@lip\/schema\/node$/, replacement: source('packages/schema/src/node/index.ts') },
  { find: /^@lip\/schema$/, replacement: source('packages/schema/src/index.ts') },
  { find: /^@lip\/image\/internal$/, replacement: source('packages/image/src/internal.ts') },
  { find: /^@lip\/image$/, replacement: source('packages/image/src/index.ts') },
  { find: /^@lip\/runtime\/node$/, replacement: source('packages/runtime/src/node.ts') },
  { find: /^@lip\/runtime\/testing$/, replacement: source('packages/runtime/src/testing.ts') },
  { find: /^@lip\/runtime\/training$/, replacement: source('packages/runtime/src/training.ts') },
  { find: /^@lip\/runtime\/internal$/, replacement: source('packages/runtime/src/internal.ts') },
  { find: /^@lip\/runtime$/, replacement: source('packages/runtime/src/index.ts') },
  { find: /^@lip\/pspnet\/node$/, replacement: source('packages/pspnet/src/node.ts') },
  { find: /^@lip\/pspnet\/internal$/, replacement: source('packages/pspnet/src/internal.ts') },
  { find: /^@lip\/pspnet$/, replacement: source('packages/pspnet/src/index.ts') },
  { find: /^@lip\/ssl-loss\/training$/, replacement: source('packages/ssl-loss/src/training.ts') },
  { find: /^@lip\/ssl-loss\/internal$/, replacement: source('packages/ssl-loss/src/internal.ts') },
  { find: /^@lip\/ssl-loss$/, replacement: source('packages/ssl-loss/src/index.ts') },
  { find: /^@lip\/nan-head\/node$/, replacement: source('packages/nan-head/src/node.ts') },
  { find: /^@lip\/nan-head\/training$/, replacement: source('packages/nan-head/src/training.ts') },
  { find: /^@lip\/nan-head\/internal$/, replacement: source('packages/nan-head/src/internal.ts') },
  { find: /^@lip\/nan-head$/, replacement: source('packages/nan-head/src/index.ts') },
  { find: /^@lip\/jppnet\/node$/, replacement: source('packages/jppnet/src/node.ts') },
  { find: /^@lip\/jppnet\/training$/, replacement: source('packages/jppnet/src/training.ts') },
  { find: /^@lip\/jppnet\/internal$/, replacement: source('packages/jppnet/src/internal.ts') },
  { find: /^@lip\/jppnet$/, replacement: source('packages/jppnet/src/index.ts') },
  { find: /^@lip\/convert$/, replacement: source('packages/convert/src/index.ts') },
];

/**
 * @lip/dataset to its sources too, for the packages whose tests read or generate data with it (convert, jppnet,
 * examples/jppnet), so that those tests never depend on its build state.
 */
export const lipDatasetSourceAliases = [
  { find: /^@lip\/dataset\/node$/, replacement: source('packages/lip-dataset/src/node.ts') },
  { find: /^@lip\/dataset\/synthetic$/, replacement: source('packages/lip-dataset/src/synthetic.ts') },
  { find: /^@lip\/dataset$/, replacement: source('packages/lip-dataset/src/index.ts') },
];
