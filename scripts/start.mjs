#!/usr/bin/env node
// `npm start`: the main job. Builds the quickstart and the packages it uses (turbo, cached after the first
// time), then runs it from the repository root: synthetic mini-LIP -> SS-NAN's three training steps ->
// evaluation -> runs/quickstart/report.html. Arguments after `npm start --` go to the quickstart
// (e.g. `npm start -- --backend wasm`, `npm start -- --smoke`, `npm start -- --help`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
console.error('Building the quickstart and its packages (turbo; cached after the first run)…');
const build = spawnSync('npx', ['--no-install', 'turbo', 'run', 'build', '--filter=@lip/example-quickstart...', '--output-logs=errors-only'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('npm start: the build failed (see above); run `npm run build` for the full log.');
  process.exit(build.status ?? 1);
}
console.error(`Built in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
const run = spawnSync(process.execPath, ['examples/quickstart/dist/cli.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
