// Test support: runs a TypeScript script of this package in a separate Node process, so tests can
// SIGKILL it mid-save or mid-training. The script is bundled with esbuild (our sources inlined,
// @tensorflow/* left as imports) next to the installed node_modules, so those imports resolve.
import { build } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

const cacheDir = (): string => {
  const require = createRequire(import.meta.url);
  // …/node_modules/@tensorflow/tfjs-core/package.json → …/node_modules/.cache/lip-runtime-tests
  const nodeModules = dirname(dirname(dirname(require.resolve('@tensorflow/tfjs-core/package.json'))));
  return join(nodeModules, '.cache', 'lip-runtime-tests');
};

/** Bundles `entry` (a .ts file path) into an ESM script runnable with `node`; returns its path. */
export async function bundleChildScript(entry: string): Promise<string> {
  const dir = cacheDir();
  await mkdir(dir, { recursive: true });
  const outfile = join(dir, `${basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['@tensorflow/*', 'esbuild'],
    logLevel: 'error',
  });
  return outfile;
}

export interface RunningChild {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line matching `pattern` (rejects if the child exits first). */
  waitForLine(pattern: RegExp): Promise<string>;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startChild(script: string, args: readonly string[], env: Record<string, string> = {}): RunningChild {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`child exited (${code ?? signal}) before printing ${w.pattern}; stderr:\n${stderr}`));
      resolve({ code, signal, stderr });
    });
  });
  return {
    process: child,
    lines,
    exited,
    waitForLine(pattern) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen != null) return Promise.resolve(seen);
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}
