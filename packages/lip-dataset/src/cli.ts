import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { encodeRgbPng } from './node/encode-images.js';
import { makeLabelsRev } from './node/make-labels-rev.js';
import { generateSyntheticSample } from './synthetic/generate-synthetic-sample.js';
import { renderContactSheet } from './synthetic/contact-sheet.js';
import { writeSyntheticLip } from './synthetic/write-synthetic-lip.js';

const USAGE = `lip-dataset <command> [options]

Commands:
  synth --out DIR [--train N] [--val N] [--size S] [--seed K] [--quality Q]
      Write a synthetic mini-LIP in the official layout (JPEG images, grayscale label PNGs,
      pose CSVs, id lists). Same options → byte-identical files. Defaults: 200 / 50 / 128 / 0 / 90.
  make-labels-rev --root DIR [--split train|val] [--out DIR]
      Write JPPNet labels_rev/<id>.png (label mirrored, 14↔15 16↔17 18↔19 swapped) for a split.
      Default output: <root>/labels_rev for the JPPNet layout, else <root>/labels_rev.
  contact-sheet --out FILE.png [--count N] [--columns C] [--size S] [--seed K]
      Render synthetic samples as image | colourized label | skeleton triptychs (palette PNG).
`;

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'synth') {
    const { values } = parseArgs({
      args: rest,
      options: { out: { type: 'string' }, train: { type: 'string' }, val: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' }, quality: { type: 'string' } },
    });
    if (!values.out) throw new Error('synth: --out DIR is required');
    const t0 = performance.now();
    const result = await writeSyntheticLip(values.out, {
      train: intOption(values.train, 'train', 200),
      val: intOption(values.val, 'val', 50),
      size: intOption(values.size, 'size', 128),
      seed: intOption(values.seed, 'seed', 0),
      jpegQuality: intOption(values.quality, 'quality', 90),
    });
    const seconds = ((performance.now() - t0) / 1000).toFixed(2);
    process.stdout.write(`wrote ${result.ids.train.length} train + ${result.ids.val.length} val images to ${values.out} in ${seconds} s\n`);
    return;
  }
  if (command === 'make-labels-rev') {
    const { values } = parseArgs({ args: rest, options: { root: { type: 'string' }, split: { type: 'string' }, out: { type: 'string' } } });
    if (!values.root) throw new Error('make-labels-rev: --root DIR is required');
    const split = values.split ?? 'train';
    if (split !== 'train' && split !== 'val') throw new Error(`make-labels-rev: --split must be train or val, got "${split}"`);
    const result = await makeLabelsRev(values.root, { split, ...(values.out ? { outDir: values.out } : {}) });
    process.stdout.write(`wrote ${result.written} labels_rev files to ${result.outDir}\n`);
    return;
  }
  if (command === 'contact-sheet') {
    const { values } = parseArgs({
      args: rest,
      options: { out: { type: 'string' }, count: { type: 'string' }, columns: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' } },
    });
    if (!values.out) throw new Error('contact-sheet: --out FILE is required');
    const count = intOption(values.count, 'count', 12);
    const size = intOption(values.size, 'size', 128);
    const seed = intOption(values.seed, 'seed', 0);
    const samples = Array.from({ length: count }, (_, i) => generateSyntheticSample(seed, i, size));
    const sheet = renderContactSheet(samples, intOption(values.columns, 'columns', 3));
    await writeFile(values.out, await encodeRgbPng(sheet, { palette: true }));
    process.stdout.write(`wrote ${values.out} (${sheet.width}x${sheet.height})\n`);
    return;
  }
  throw new Error(`unknown command "${command}"\n\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`lip-dataset: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
