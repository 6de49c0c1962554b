#!/usr/bin/env node
// `npm run bench`: every benchmark suite found under bench/*/run.mjs, one after another.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const only = process.argv[2];
const suites = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'run.mjs')) && (!only || d.name === only))
  .map((d) => d.name)
  .sort();
let failed = 0;
for (const suite of suites) {
  console.log(`\n#### bench/${suite}`);
  const run = spawnSync(process.execPath, [join(here, suite, 'run.mjs')], { stdio: 'inherit', cwd: join(here, '..') });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
