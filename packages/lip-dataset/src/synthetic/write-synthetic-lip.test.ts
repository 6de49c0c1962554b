import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeLabelPng } from '@lip/schema/node';
import { generateSyntheticSample } from './generate-synthetic-sample.js';
import { syntheticId, syntheticSampleIndex, writeSyntheticLip } from './write-synthetic-lip.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lip-synth-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function digest(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(relative(root, p), createHash('sha256').update(await readFile(p)).digest('hex'));
    }
  };
  await walk(root);
  return out;
}

describe('writeSyntheticLip', () => {
  it('draws the i-th image of a split as generateSyntheticSample(seed, syntheticSampleIndex(split, i), size)', async () => {
    const root = await tempDir();
    await writeSyntheticLip(root, { train: 2, val: 2, size: 48, seed: 3 });
    for (const split of ['train', 'val'] as const) {
      for (const i of [0, 1]) {
        const png = await readFile(join(root, 'TrainVal_parsing_annotations', 'TrainVal_parsing_annotations', `${split}_segmentations`, `${syntheticId(split, i)}.png`));
        expect(decodeLabelPng(png).data).toEqual(generateSyntheticSample(3, syntheticSampleIndex(split, i), 48).label.data);
      }
    }
  });

  it('writes the official layout, byte-identical for the same seed', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const c = await tempDir();
    const opts = { train: 6, val: 3, size: 64, seed: 5 };
    const result = await writeSyntheticLip(a, opts);
    await writeSyntheticLip(b, opts);
    await writeSyntheticLip(c, { ...opts, seed: 6 });
    const da = await digest(a);
    expect([...da.keys()].sort()).toContain('TrainVal_images/TrainVal_images/train_images/100000_1.jpg');
    expect(da.has('TrainVal_parsing_annotations/TrainVal_parsing_annotations/val_segmentations/900002_1.png')).toBe(true);
    expect(da.has('TrainVal_pose_annotations/lip_train_set.csv')).toBe(true);
    expect(da.has('TrainVal_images/val_id.txt')).toBe(true);
    expect(da.size).toBe(6 * 2 + 3 * 2 + 4);
    expect(await digest(b)).toEqual(da);
    const dc = await digest(c);
    expect(dc.get('TrainVal_images/TrainVal_images/train_images/100000_1.jpg')).not.toBe(da.get('TrainVal_images/TrainVal_images/train_images/100000_1.jpg'));
    expect(result.ids.train).toEqual(['100000_1', '100001_1', '100002_1', '100003_1', '100004_1', '100005_1']);
    const ids = await readFile(join(a, 'TrainVal_images/train_id.txt'), 'utf8');
    expect(ids).toBe(`${result.ids.train.join('\n')}\n`);
    const png = await readFile(join(a, 'TrainVal_parsing_annotations/TrainVal_parsing_annotations/train_segmentations/100000_1.png'));
    expect(png[25]).toBe(0); // IHDR colour type 0: grayscale
    expect(png[24]).toBe(8); // bit depth 8
  });

  it('rejects negative counts', async () => {
    await expect(writeSyntheticLip(await tempDir(), { train: -1, val: 0 })).rejects.toThrow(/train must be a non-negative integer/);
  });
});
