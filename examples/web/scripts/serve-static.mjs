#!/usr/bin/env node
// A tiny static server for the built page, on 127.0.0.1 only, with the cross-origin isolation headers
// (COOP/COEP) that let tfjs-backend-wasm use threads. `node scripts/serve-static.mjs [dir] [--port N]`;
// the port defaults to LIP_WEB_PORT, else 5180 (0: any free port). The browser test imports serveStatic.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * Serves `root` on 127.0.0.1:`port` (0: a free port). Resolves to {url, close()}. `onRequest(path, status)` sees
 * every request.
 */
export function serveStatic(root, { port = 0, onRequest } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    let file = normalize(join(base, path));
    let status = 200;
    if (file !== base && !file.startsWith(base + sep)) status = 403;
    else {
      try {
        if (statSync(file).isDirectory()) file = join(file, 'index.html');
        statSync(file);
      } catch {
        status = 404;
      }
    }
    onRequest?.(path, status);
    const headers = { ...ISOLATION_HEADERS, 'Cross-Origin-Resource-Policy': 'same-origin', 'Cache-Control': 'no-cache' };
    if (status !== 200) {
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${status} ${path}\n`);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolvePromise({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const portAt = args.indexOf('--port');
  const port = portAt >= 0 ? Number(args[portAt + 1]) : Number(process.env.LIP_WEB_PORT ?? 5180);
  const root = args.find((a, i) => !a.startsWith('--') && i !== portAt + 1) ?? 'dist';
  const { url } = await serveStatic(root, { port });
  console.log(`examples/web: serving ${resolve(root)} at ${url}/ (Ctrl-C stops)`);
}
