import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJointHeatmaps } from '../heatmaps/create-joint-heatmaps.js';
import { generateSyntheticSample } from '../synthetic/generate-synthetic-sample.js';
import { writeSyntheticLip } from '../synthetic/write-synthetic-lip.js';
import { detectLipLayout } from './detect-lip-layout.js';
import { LipDatasetError } from './lip-dataset-error.js';
import { makeLabelsRev } from './make-labels-rev.js';
import { openLipDataset, validateLabelValues } from './open-lip-dataset.js';
import { mirrorLabelMap } from '@lip/schema';
import { encodeLabelPng, encodePalettePng } from '@lip/schema/node';

const SIZE = 48;
let base: string;
let official: string;
const trainIds = ['100000_1', '100001_1', '100002_1', '100003_1'];

const O = {
  img: (split: string, id: string) => `TrainVal_images/TrainVal_images/${split}_images/${id}.jpg`,
  lab: (split: string, id: string) => `TrainVal_parsing_annotations/TrainVal_parsing_annotations/${split}_segmentations/${id}.png`,
};

async function fresh(name: string): Promise<string> {
  const dir = join(base, name);
  await cp(official, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lip-reader-'));
  official = join(base, 'official');
  await writeSyntheticLip(official, { train: 4, val: 2, size: SIZE, seed: 9 });
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('openLipDataset: layouts', () => {
  it('reads the official layout: ids, RGB image, exact labels, joints', async () => {
    const ds = await openLipDataset(official, { split: 'train' });
    expect(ds.layout.kind).toBe('official');
    expect(ds.ids).toEqual(trainIds);
    expect(ds.hasPose).toBe(true);
    const s = await ds.read('100002_1');
    const truth = generateSyntheticSample(9, 2, SIZE);
    expect(s.image.width).toBe(SIZE);
    expect(s.image.data.length).toBe(SIZE * SIZE * 3);
    expect(Buffer.from(s.label!.data).equals(Buffer.from(truth.label.data))).toBe(true);
    expect([...s.joints!.x]).toEqual([...truth.joints.x]);
    // JPEG is lossy but close.
    let diff = 0;
    for (let i = 0; i < s.image.data.length; i++) diff += Math.abs(s.image.data[i]! - truth.image.data[i]!);
    expect(diff / s.image.data.length).toBeLessThan(12);
    const val = await openLipDataset(official, { split: 'val' });
    expect(val.ids).toEqual(['900000_1', '900001_1']);
  });

  it('reads palette label PNGs as class ids (what encodePalettePng writes and PIL reads)', async () => {
    const d = await fresh('palette');
    const truth = generateSyntheticSample(9, 1, SIZE).label;
    await writeFile(join(d, O.lab('train', '100001_1')), encodePalettePng(truth));
    const s = await (await openLipDataset(d, { split: 'train' })).read('100001_1');
    expect(Buffer.from(s.label!.data).equals(Buffer.from(truth.data))).toBe(true);
  });

  it('detects the JPPNet, SS-NAN and SCHP layouts', async () => {
    const truth = generateSyntheticSample(9, 1, SIZE).label.data;
    // JPPNet: datasets/lip/{images,labels,list}
    const j = join(base, 'jpp', 'datasets', 'lip');
    // SS-NAN: LIP_dataset/train_set/images, parsing/train_segmentations, lists/
    const s = join(base, 'ssnan');
    // SCHP: train_images, train_segmentations, train_id.txt
    const c = join(base, 'schp');
    for (const d of [join(j, 'images'), join(j, 'labels'), join(j, 'list'), join(s, 'LIP_dataset/train_set/images'), join(s, 'parsing/train_segmentations'), join(s, 'lists'), join(c, 'train_images'), join(c, 'train_segmentations')]) {
      await mkdir(d, { recursive: true });
    }
    for (const id of trainIds) {
      for (const [img, lab] of [[join(j, 'images'), join(j, 'labels')], [join(s, 'LIP_dataset/train_set/images'), join(s, 'parsing/train_segmentations')], [join(c, 'train_images'), join(c, 'train_segmentations')]] as const) {
        await cp(join(official, O.img('train', id)), join(img, `${id}.jpg`));
        await cp(join(official, O.lab('train', id)), join(lab, `${id}.png`));
      }
    }
    const list = `${trainIds.join('\n')}\n`;
    await writeFile(join(j, 'list', 'train_id.txt'), list);
    await writeFile(join(s, 'lists', 'train_id.txt'), list);
    await writeFile(join(c, 'train_id.txt'), list);
    await cp(join(official, 'TrainVal_pose_annotations/lip_train_set.csv'), join(j, 'lip_train_set.csv'));
    for (const [root, kind] of [[join(base, 'jpp'), 'jppnet'], [s, 'ssnan'], [c, 'schp']] as const) {
      const ds = await openLipDataset(root, { split: 'train' });
      expect(ds.layout.kind).toBe(kind);
      expect(ds.ids).toEqual(trainIds);
      expect(Buffer.from((await ds.read('100001_1')).label!.data).equals(Buffer.from(truth))).toBe(true);
    }
    expect((await openLipDataset(join(base, 'jpp'))).hasPose).toBe(true);
    expect((await openLipDataset(c)).hasPose).toBe(false);
    await expect((await openLipDataset(c)).read('100001_1').then((x) => x.joints)).resolves.toBeNull();
  });

  it('lists image files when there is no id list, and reports unknown roots', async () => {
    const d = await fresh('nolist');
    await rm(join(d, 'TrainVal_images/train_id.txt'));
    expect((await openLipDataset(d)).ids).toEqual(trainIds);
    await mkdir(join(base, 'empty'));
    expect(() => detectLipLayout(join(base, 'empty'))).toThrow(/no LIP layout recognised/);
  });
});

describe('openLipDataset: bad input', () => {
  async function expectReadError(root: string, id: string, pattern: RegExp, file: string): Promise<void> {
    const ds = await openLipDataset(root);
    const error = await ds.read(id).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(LipDatasetError);
    expect((error as LipDatasetError).id).toBe(id);
    expect((error as LipDatasetError).file).toBe(join(root, file));
    expect((error as Error).message).toMatch(pattern);
  }

  it('corrupt and truncated JPEGs', async () => {
    const d = await fresh('corrupt');
    await writeFile(join(d, O.img('train', '100000_1')), Buffer.from('this is not a jpeg'));
    const jpeg = await readFile(join(d, O.img('train', '100001_1')));
    await writeFile(join(d, O.img('train', '100001_1')), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    await expectReadError(d, '100000_1', /corrupt or unreadable image/, O.img('train', '100000_1'));
    await expectReadError(d, '100001_1', /corrupt or unreadable image/, O.img('train', '100001_1'));
  });

  it('corrupt, RGB and size-mismatched label PNGs; values outside 0–19/255', async () => {
    const d = await fresh('labels');
    await writeFile(join(d, O.lab('train', '100000_1')), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    await writeFile(
      join(d, O.lab('train', '100001_1')),
      await sharp(Buffer.alloc(SIZE * SIZE * 3, 7), { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toBuffer(),
    );
    await writeFile(join(d, O.lab('train', '100002_1')), encodeLabelPng({ width: SIZE - 1, height: SIZE, data: new Uint8Array((SIZE - 1) * SIZE) }));
    const bad = new Uint8Array(SIZE * SIZE);
    bad[5 * SIZE + 3] = 25;
    await writeFile(join(d, O.lab('train', '100003_1')), encodeLabelPng({ width: SIZE, height: SIZE, data: bad }));
    await expectReadError(d, '100000_1', /corrupt or unreadable label PNG/, O.lab('train', '100000_1'));
    await expectReadError(d, '100001_1', /expected an 8-bit single-channel label PNG \(grayscale or palette\), got a 8-bit 3-channel image/, O.lab('train', '100001_1'));
    await expectReadError(d, '100002_1', /label is 47x48 but the image is 48x48/, O.lab('train', '100002_1'));
    await expectReadError(d, '100003_1', /label value 25 at \(x=3, y=5\) is outside 0–19 and 255/, O.lab('train', '100003_1'));
  });

  it('ids listed without their files, and ids with path separators or ..', async () => {
    const d = await fresh('ids');
    await rm(join(d, O.img('train', '100001_1')));
    await rm(join(d, O.lab('train', '100002_1')));
    const list = join(d, 'TrainVal_images/train_id.txt');
    await writeFile(list, `${trainIds.join('\n')}\n../../etc/passwd\nsub/dir\n`);
    const err = await openLipDataset(d).then(() => null, (e: unknown) => e as LipDatasetError);
    expect(err).toBeInstanceOf(LipDatasetError);
    expect(err!.id).toBe('100001_1');
    expect(err!.file).toBe(join(d, O.img('train', '100001_1')));
    expect(err!.message).toMatch(/listed but its image file is missing/);

    const skipped: LipDatasetError[] = [];
    const ds = await openLipDataset(d, { skipInvalid: true, onInvalid: (e) => skipped.push(e) });
    expect(ds.ids).toEqual(['100000_1', '100003_1']);
    expect(ds.invalid.length).toBe(4);
    expect(skipped.map((e) => e.id)).toEqual(['100001_1', '100002_1', '../../etc/passwd', 'sub/dir']);
    expect(skipped[1]!.message).toMatch(/label file is missing/);
    expect(skipped[2]!.message).toMatch(/path separator or "\.\."/);
    expect(skipped[2]!.file).toBe(list);
    await expect(ds.read('100001_1')).rejects.toThrow(/not an id of the train split/);
  });
});

describe('labels_rev and heatmaps', () => {
  it('make-labels-rev writes mirrored, swapped labels that the JPPNet reader then uses', async () => {
    const d = await fresh('rev');
    const { written, outDir } = await makeLabelsRev(d, { split: 'train' });
    expect(written).toBe(4);
    expect(outDir).toBe(join(d, 'labels_rev'));
    const ds = await openLipDataset(d);
    const { label } = await ds.read('100003_1');
    const png = await readFile(join(outDir, '100003_1.png'));
    const expected = encodeLabelPng(mirrorLabelMap(label!));
    expect(png.equals(expected)).toBe(true);
    // Without a labels_rev folder the reader mirrors on the fly.
    expect([...(await ds.readLabelRev('100003_1', label!)).data]).toEqual([...mirrorLabelMap(label!).data]);
  });

  it('heatmaps: generated from the CSV, or read from heatmap/<id>_<k>.png when present', async () => {
    const d = join(base, 'jpp'); // JPPNet layout from the test above
    const ds = await openLipDataset(d);
    const s = await ds.read('100000_1');
    const generated = await ds.readHeatmaps('100000_1', SIZE, SIZE);
    expect(generated).toEqual(createJointHeatmaps(s.joints!, SIZE, SIZE));
    const hdir = join(d, 'datasets/lip/heatmap');
    await mkdir(hdir, { recursive: true });
    for (let k = 0; k < 16; k++) {
      const m = new Uint8Array(SIZE * SIZE).fill(k * 10);
      await writeFile(join(hdir, `100000_1_${k}.png`), encodeLabelPng({ width: SIZE, height: SIZE, data: m }));
    }
    const fromFiles = (await (await openLipDataset(d)).readHeatmaps('100000_1', SIZE, SIZE))!;
    expect(fromFiles[0]).toBe(0);
    expect(fromFiles[15]).toBe(150);
    expect(fromFiles[16 * 100 + 3]).toBe(30);
  });
});

describe('validateLabelValues', () => {
  it('accepts 0–19 and 255 and names the first bad value, at any alignment of the data', () => {
    const width = 13;
    const height = 7;
    const backing = new Uint8Array(width * height + 8);
    for (let shift = 0; shift < 4; shift++) {
      for (const [at, value] of [[0, 20], [5, 254], [width * height - 1, 128], [40, 21], [41, 100]] as const) {
        const data = backing.subarray(shift, shift + width * height);
        data.forEach((_, i) => (data[i] = i % 3 === 0 ? 255 : i % 20));
        validateLabelValues({ width, height, data }, 'f.png', 'id');
        data[at] = value;
        expect(() => validateLabelValues({ width, height, data }, 'f.png', 'id')).toThrow(
          `label value ${value} at (x=${at % width}, y=${Math.floor(at / width)}) is outside 0–19 and 255`,
        );
      }
    }
  });
});
