import { writeFile } from 'node:fs/promises';
import { choiceOption, integerOption, parseOptions, reportCliError, requiredOption, UsageError } from '@lip/schema/node';
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

const count = (value: string | undefined, name: string, fallback: number): number => integerOption(value, name, { min: 0, default: fallback });

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'synth') {
    const { values } = parseOptions(rest, {
      out: { type: 'string' },
      train: { type: 'string' },
      val: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
      quality: { type: 'string' },
    });
    const out = requiredOption(values.out, 'out');
    const t0 = performance.now();
    const result = await writeSyntheticLip(out, {
      train: count(values.train, 'train', 200),
      val: count(values.val, 'val', 50),
      size: count(values.size, 'size', 128),
      seed: count(values.seed, 'seed', 0),
      jpegQuality: integerOption(values.quality, 'quality', { min: 1, max: 100, default: 90 }),
    });
    const seconds = ((performance.now() - t0) / 1000).toFixed(2);
    process.stdout.write(`wrote ${result.ids.train.length} train + ${result.ids.val.length} val images to ${out} in ${seconds} s\n`);
    return;
  }
  if (command === 'make-labels-rev') {
    const { values } = parseOptions(rest, { root: { type: 'string' }, split: { type: 'string' }, out: { type: 'string' } });
    const root = requiredOption(values.root, 'root');
    const split = choiceOption(values.split, 'split', ['train', 'val'], { default: 'train' });
    const result = await makeLabelsRev(root, { split, ...(values.out ? { outDir: values.out } : {}) });
    process.stdout.write(`wrote ${result.written} labels_rev files to ${result.outDir}\n`);
    return;
  }
  if (command === 'contact-sheet') {
    const { values } = parseOptions(rest, {
      out: { type: 'string' },
      count: { type: 'string' },
      columns: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
    });
    const out = requiredOption(values.out, 'out');
    const size = count(values.size, 'size', 128);
    const seed = count(values.seed, 'seed', 0);
    const samples = Array.from({ length: count(values.count, 'count', 12) }, (_, i) => generateSyntheticSample(seed, i, size));
    const sheet = renderContactSheet(samples, integerOption(values.columns, 'columns', { min: 1, default: 3 }));
    await writeFile(out, await encodeRgbPng(sheet, { palette: true }));
    process.stdout.write(`wrote ${out} (${sheet.width}x${sheet.height})\n`);
    return;
  }
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Usage errors: the message and the usage, exit code 2; other errors: the message, exit code 1.
  process.exitCode = reportCliError('lip-dataset', error, { usage: USAGE });
});
