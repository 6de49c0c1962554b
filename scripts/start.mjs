#!/usr/bin/env node
// `npm start`: the main job. Until examples/quickstart exists this says what is coming.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const quickstart = new URL('../examples/quickstart/package.json', import.meta.url);
if (existsSync(quickstart)) {
  const run = spawnSync('npm', ['run', 'start', '--workspace', 'examples/quickstart'], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
console.log(`LIP parsing for TypeScript
The quickstart (examples/quickstart: synthetic mini-LIP -> train SS-NAN -> evaluate) is not built yet.
What works today:
  npx lip-runtime backends        which TensorFlow.js backend this machine uses, and why
  npx lip-runtime setup-native    build the native TensorFlow backend from a TensorFlow pip wheel
  npm test                        the test suite`);
