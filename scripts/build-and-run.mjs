// Builds a workspace and the packages it uses (turbo; cached after the first time), then runs one of its built
// scripts from the repository root with the given arguments, and exits with its status.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export function buildAndRun(workspace, script, args, what) {
  const started = performance.now();
  console.error(`Building ${workspace} and its packages (turbo; cached after the first run)…`);
  const build = spawnSync('npx', ['--no-install', 'turbo', 'run', 'build', `--filter=${workspace}...`, '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`${what}: the build failed (see above); run \`npm run build\` for the full log.`);
    process.exit(build.status ?? 1);
  }
  console.error(`Built in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
  const run = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
