// The orchestrator's side of node-cell.mjs: spawns it and turns its JSON lines into promises.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;

/** Starts a Node cell; resolves once its parser has loaded, to {parse(), info, close()}. */
export async function openNodeCell({ backend, kind, modelJson, imagePng, inputSize }) {
  const args = [join(here, 'node-cell.mjs'), backend, kind, modelJson, imagePng, ...(inputSize ? [String(inputSize)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const waiting = [];
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    waiting.shift()?.resolve(JSON.parse(line));
  });
  const next = () =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      exited.then((code) => reject(new Error(`node cell ${backend} ${kind} exited (${code}):\n${stderr}`)));
    });
  const info = await next();
  return {
    info,
    parse: () => {
      const reply = next();
      child.stdin.write('parse\n');
      return reply;
    },
    close: async () => {
      child.stdin.end('quit\n');
      await exited;
    },
  };
}
