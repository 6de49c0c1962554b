#!/usr/bin/env node
// publint and are-the-types-wrong on every publishable package (run after `npm run build`).
import { spawnSync } from 'node:child_process';
import { publishablePackages, root } from './publishable-packages.mjs';

let failed = 0;
for (const { dir, manifest } of publishablePackages()) {
  for (const [tool, args] of [
    ['publint', [dir, '--strict']],
    ['attw', ['--pack', dir, '--profile', 'node16', '--format', 'ascii']],
  ]) {
    console.log(`\n== ${tool} ${manifest.name}`);
    const run = spawnSync('npx', ['--no-install', tool, ...args], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) {
      failed++;
      console.error(`!! ${tool} failed for ${manifest.name}`);
    }
  }
}
if (failed > 0) {
  console.error(`\n${failed} package check(s) failed`);
  process.exit(1);
}
