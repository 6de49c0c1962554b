import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** A canned answer for a path, instead of the file. */
export interface StaticResponse {
  status: number;
  body?: string | Uint8Array;
  contentType?: string;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every path asked for, in order (without the query). */
  readonly requests: string[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { json: 'application/json', html: 'text/html', js: 'text/javascript', mjs: 'text/javascript', wasm: 'application/wasm' };
const contentTypeOf = (path: string) => CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/**
 * Serves the files under `root` over HTTP on 127.0.0.1 (a random port), as a web host serves a model or a page: 404
 * for what is not there; `respond(path)` may answer a path itself (an HTML page, a 500, …). For model-loading tests.
 */
export async function serveDirectory(root: string, respond?: (path: string) => StaticResponse | undefined): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    const canned = respond?.(path);
    if (canned) {
      response.writeHead(canned.status, canned.contentType ? { 'content-type': canned.contentType } : {}).end(canned.body ?? '');
      return;
    }
    readFile(join(root, normalize(path).replace(/^(\.\.[/\\])+/, ''))).then(
      (body) => response.writeHead(200, { 'content-type': contentTypeOf(path) }).end(body),
      () => response.writeHead(404, 'Not Found').end(),
    );
  });
  // Keep idle connections open far longer than any pause between a test's requests on a loaded machine: with
  // Node's 5 s default, a request after a longer pause can meet a connection the server just closed (ECONNRESET).
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
