#!/usr/bin/env node
// One Node cell of bench/web, kept alive for the whole run: loads a parser on one backend, then answers each
// `parse` line on stdin with one JSON line on stdout ({parseMs}); `quit` ends it. Its first line reports the
// load ({ready, loadMs, backend, threads}). The image is the same PNG the page fetches, decoded once.
//   node bench/web/node-cell.mjs <wasm|tensorflow|cpu> <jppnet|ssnan> <model.json> <image.png> [inputSize]
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createJppnetParser } from '@lip/jppnet/node';
import { createSsnanParser } from '@lip/nan-head/node';
import { decodeRgbImage } from '@lip/dataset/node';
import { useBackend } from '@lip/runtime';

const [backend, kind, modelJson, imagePng, inputSize] = process.argv.slice(2);
const options = inputSize ? { inputSize: Number(inputSize) } : undefined;
const reply = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

const choice = await useBackend(backend);
const image = await decodeRgbImage(readFileSync(imagePng), imagePng, null);
const factory = { jppnet: createJppnetParser, ssnan: createSsnanParser }[kind];
const t0 = performance.now();
const parser = await factory({ model: modelJson });
reply({ ready: true, loadMs: performance.now() - t0, backend: choice.backend, threads: choice.threads ?? null, winograd: choice.winograd ?? null });

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'quit') break;
  const start = performance.now();
  const result = await parser.parse(image, options);
  const parseMs = performance.now() - start;
  reply({ parseMs, width: result.width, height: result.height, peakRssMB: process.resourceUsage().maxRSS / 1024 });
}
parser.dispose();
process.exit(0);
