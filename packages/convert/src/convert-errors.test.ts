import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend, WeightImportError } from '@lip/runtime';
import { convertToWebModel } from './convert-to-web-model.js';
import { ConvertError } from './convert-error.js';
import { JPPNET_CHECKPOINT, PSPNET_H5, PSPNET_TRUNK_H5, SSNAN_H5, jppnetTinyConfig, pspnetTinyConfig, temporaryFolder } from './testing/fixtures.js';

let tmp: Awaited<ReturnType<typeof temporaryFolder>>;
let n = 0;
const fresh = () => join(tmp.dir, `out-${++n}`);

beforeAll(async () => {
  await useBackend('cpu');
  tmp = await temporaryFolder();
});

afterAll(async () => {
  await tmp.remove();
});

describe('convertToWebModel: bad input', () => {
  it('names a missing input and an unknown format, and says what it expected', async () => {
    await expect(convertToWebModel({ from: '/nonexistent/model.ckpt-5', out: fresh() })).rejects.toThrow(
      /\/nonexistent\/model.ckpt-5 not found: expected a JPPNet TF checkpoint .* a Keras \.h5 file/,
    );
    const notes = join(tmp.dir, 'notes.txt');
    await writeFile(notes, 'not weights');
    await expect(convertToWebModel({ from: notes, out: fresh() })).rejects.toThrow(ConvertError);
    await expect(convertToWebModel({ from: notes, out: fresh() })).rejects.toThrow(/notes\.txt: unknown format \(neither an HDF5 file/);
    const empty = join(tmp.dir, 'empty');
    await mkdir(empty);
    await expect(convertToWebModel({ from: empty, out: fresh() })).rejects.toThrow(/empty is a folder without model\.json, a TF "checkpoint" state file/);
  });

  it('keeps the loaders\' messages for a checkpoint missing variables or with mis-shaped tensors', async () => {
    const config = jppnetTinyConfig();
    const more = convertToWebModel({ from: JPPNET_CHECKPOINT, out: fresh(), config: { ...config, refinementStages: 3 } });
    await expect(more).rejects.toThrow(WeightImportError);
    await expect(convertToWebModel({ from: JPPNET_CHECKPOINT, out: fresh(), config: { ...config, refinementStages: 3 } })).rejects.toThrow(/jppnet-tiny\.ckpt.*missing.*fc4_/s);
    await expect(convertToWebModel({ from: JPPNET_CHECKPOINT, out: fresh(), config: { ...config, headWidthMultiplier: 1 / 16 } })).rejects.toThrow(/jppnet-tiny\.ckpt.*shape mismatch/s);
    // The published JPPNet-s2 (the default config) against the width-1/32 checkpoint.
    await expect(convertToWebModel({ from: JPPNET_CHECKPOINT, out: fresh() })).rejects.toThrow(/shape mismatch.*\(the network was built from the default config, JPPNet-s2; give the file's config with --config\)$/s);
  });

  it('refuses a network that does not fit the file, and a file whose network cannot be told', async () => {
    await expect(convertToWebModel({ from: PSPNET_H5, out: fresh(), model: 'ssnan', config: { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] } })).rejects.toThrow(
      /pspnet-41\.h5 is a PSPNet-Keras file: it holds a trunk but no SS-NAN head .* convert it with --model pspnet/,
    );
    await expect(convertToWebModel({ from: SSNAN_H5, out: fresh(), model: 'pspnet', config: { ...pspnetTinyConfig(), numClasses: 20 } })).rejects.toThrow(/ssnan_tiny\.h5.*missing from the file/s);
    await expect(convertToWebModel({ from: PSPNET_TRUNK_H5, out: fresh() })).rejects.toThrow(/cannot tell which network .*pspnet-trunk\.h5 holds .* pass --model jppnet\|ssnan\|pspnet/);
    await expect(convertToWebModel({ from: PSPNET_TRUNK_H5, out: fresh(), model: 'pspnet' })).rejects.toThrow(/pspnet-trunk\.h5 has no conv6 kernel to take PSPNet's class count from; give a config with numClasses/);
  });

  it('names a bad config file or field', async () => {
    await expect(convertToWebModel({ from: PSPNET_H5, out: fresh(), config: join(tmp.dir, 'none.json') })).rejects.toThrow(/config file .*none\.json not found/);
    const broken = join(tmp.dir, 'broken.json');
    await writeFile(broken, '{"numClasses": 5,');
    await expect(convertToWebModel({ from: PSPNET_H5, out: fresh(), config: broken })).rejects.toThrow(/config file .*broken\.json is not valid JSON/);
    await expect(convertToWebModel({ from: JPPNET_CHECKPOINT, out: fresh(), config: { depth: 7 } as never })).rejects.toThrow(/cannot build jppnet from the config \(the config given\): .*depth/);
    await expect(convertToWebModel({ from: PSPNET_H5, out: fresh(), dtype: 'float16', testImage: join(tmp.dir, 'none.png') })).rejects.toThrow(/test image .*none\.png not found/);
    await expect(convertToWebModel({ from: PSPNET_H5, out: fresh(), dtype: 'float64' as never })).rejects.toThrow(/dtype must be one of float32, float16, uint8, got "float64"/);
  });

  it('refuses an output folder that is not a web model unless force, and never one that holds the input', async () => {
    const out = join(tmp.dir, 'work');
    await mkdir(out);
    await writeFile(join(out, 'notes.md'), 'mine');
    await expect(convertToWebModel({ from: PSPNET_H5, out })).rejects.toThrow(/the output folder .*work exists and is not a web model \(it holds notes\.md\); pass --force/);
    expect(await readdir(out)).toEqual(['notes.md']);
    const forced = await convertToWebModel({ from: PSPNET_H5, out, config: pspnetTinyConfig(), force: true });
    expect((await readdir(out)).sort()).toEqual(forced.files.map((f) => f.name).sort());
    // A previous web model is replaced without force.
    const again = await convertToWebModel({ from: PSPNET_H5, out, config: pspnetTinyConfig(), dtype: 'float16' });
    expect((await readdir(out)).sort()).toEqual(again.files.map((f) => f.name).sort());

    const holder = join(tmp.dir, 'holder');
    await mkdir(holder);
    const inside = join(holder, 'weights.h5');
    await writeFile(inside, await import('node:fs/promises').then((fs) => fs.readFile(PSPNET_H5)));
    await expect(convertToWebModel({ from: inside, out: holder, force: true })).rejects.toThrow(/refusing to replace .*holder even with --force: it holds the input/);
    const file = join(tmp.dir, 'a-file');
    await writeFile(file, '');
    await expect(convertToWebModel({ from: PSPNET_H5, out: file })).rejects.toThrow(/the output .*a-file is a file; expected a folder/);
  });
});
