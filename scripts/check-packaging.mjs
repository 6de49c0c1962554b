#!/usr/bin/env node
// Packs every publishable package, installs the tarballs into a scratch project outside the
// workspace, and loads every export of each with both `import` and `require`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishablePackages } from './publishable-packages.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'lip-packaging-'));
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const packages = publishablePackages();
  const tarballs = packages.map(({ dir }) => {
    const [packed] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', scratch], dir));
    return join(scratch, packed.filename);
  });
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'lip-packaging-check', private: true, type: 'module' }));
  // The heavy tfjs peers come from the registry, as they would for a user.
  const peers = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0'];
  console.log(`installing ${tarballs.length} tarballs into ${scratch}`);
  sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs, ...peers], scratch);

  let failures = 0;
  for (const { manifest } of packages) {
    const entries = Object.keys(manifest.exports ?? { '.': null })
      .filter((k) => k !== './package.json')
      .map((k) => (k === '.' ? manifest.name : `${manifest.name}/${k.slice(2)}`));
    for (const entry of entries) {
      for (const [style, code] of [
        ['import', `const m = await import(${JSON.stringify(entry)}); if (Object.keys(m).length === 0) throw new Error('no exports');`],
        ['require', `const m = require(${JSON.stringify(entry)}); if (Object.keys(m).length === 0) throw new Error('no exports');`],
      ]) {
        const args = style === 'import' ? ['--input-type=module', '-e', code] : ['--input-type=commonjs', '-e', code];
        try {
          sh(process.execPath, args, scratch);
          console.log(`ok   ${style.padEnd(7)} ${entry}`);
        } catch {
          failures++;
          console.error(`FAIL ${style.padEnd(7)} ${entry}`);
        }
      }
    }
  }
  if (failures > 0) process.exit(1);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
