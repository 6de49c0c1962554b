#!/usr/bin/env node
// Runs the built CLI (dist/cli.js). In a clone of the repository, run `npm run build` (or `npm start`) first.
import { existsSync } from 'node:fs';
const cli = new URL('../dist/cli.js', import.meta.url);
if (existsSync(cli)) await import(cli.href);
else (console.error(`${process.argv[1]}: not built yet (no ${cli.pathname}): run \`npm run build\` at the repository root`), (process.exitCode = 1));
