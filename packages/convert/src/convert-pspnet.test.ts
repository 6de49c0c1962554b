import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { createPspnet } from '@lip/pspnet';
import { createPspnetParser, loadPspnetWeightsFile } from '@lip/pspnet/node';
import { encodeRgbPng } from '@lip/dataset/node';
import { generateSyntheticSample } from '@lip/dataset/synthetic';
import { convertToWebModel } from './convert-to-web-model.js';
import { HALF_SUBNORMAL_STEP, PSPNET_H5, PSPNET_LIP_H5, halfPrecisionExcess, parserAgreement, pspnetTinyConfig, temporaryFolder, weightValues } from './testing/fixtures.js';

const config = pspnetTinyConfig();
let tmp: Awaited<ReturnType<typeof temporaryFolder>>;
let reference: Map<string, Float32Array>;

beforeAll(async () => {
  await useBackend('cpu');
  tmp = await temporaryFolder();
  const pspnet = createPspnet(config);
  await loadPspnetWeightsFile(pspnet, PSPNET_H5);
  reference = weightValues(pspnet.model);
  pspnet.dispose();
});

afterAll(async () => {
  await tmp.remove();
});

describe('convertToWebModel: PSPNet-Keras .h5', () => {
  it('writes float32 with the config under pspnet; tf.loadLayersModel reloads it bit for bit and createPspnet rebuilds it from the metadata', async () => {
    const out = join(tmp.dir, 'pspnet-f32');
    const report = await convertToWebModel({ from: PSPNET_H5, out, config, shardSizeBytes: 50_000 });
    expect(report).toMatchObject({ model: 'pspnet', dtype: 'float32', comparison: null, config });
    expect(report.shardCount).toBeGreaterThan(1);
    for (const f of report.files.filter((f) => f.name !== 'model.json')) expect(f.bytes).toBeLessThanOrEqual(50_000);
    const modelJson = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    expect(modelJson.userDefinedMetadata).toEqual({ pspnet: config });

    const model = await tfl.loadLayersModel(nodeFileSystem(out));
    const values = weightValues(model);
    expect([...values.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [name, v] of reference) expect(values.get(name), name).toEqual(v);
    const rebuilt = createPspnet((model.getUserDefinedMetadata() as Record<string, unknown>)['pspnet'] as never);
    expect(rebuilt.model.countParams()).toBe(model.countParams());
    rebuilt.dispose();
    model.dispose();
  });

  it('takes the class count from conv6 without a config, writes float16 within half precision, compares on a --test-image PNG', async () => {
    const out = join(tmp.dir, 'pspnet-f16');
    const png = join(tmp.dir, 'person.png');
    await import('node:fs/promises').then(async (fs) => fs.writeFile(png, await encodeRgbPng(generateSyntheticSample(4, 2, 64).image)));
    const report = await convertToWebModel({ from: PSPNET_H5, out, config: { ...config, numClasses: undefined as never }, dtype: 'float16', testImage: png });
    expect(report.config).toEqual(config); // numClasses 5 from conv6/kernel [1, 1, 16, 5]
    const model = await tfl.loadLayersModel(nodeFileSystem(out));
    for (const [name, v] of weightValues(model)) expect(halfPrecisionExcess(reference.get(name)!, v), name).toBeLessThanOrEqual(HALF_SUBNORMAL_STEP);
    model.dispose();
    const c = report.comparison!;
    expect(c.image).toBe(`${png} (64×64)`);
    expect(c.size).toEqual([41, 41]);
    expect(c.labelAgreement).toBeGreaterThanOrEqual(0.99);
    console.log(`PSPNet tiny: float32 ${report.float32WeightBytes} B, float16 folder ${report.totalBytes} B in ${report.shardCount} shard; agreement ${c.labelAgreement}, max logit diff ${c.maxLogitDifference} (max |logit| ${c.maxAbsLogit})`);
  });

  it('writes a 20-class PSPNet-Keras file as float16 that createPspnetParser loads and parses as the .h5 does (≥ 99 % of labels)', async () => {
    const out = join(tmp.dir, 'pspnet-lip-f16');
    const network = { inputSize: 41, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] } as const;
    await convertToWebModel({ from: PSPNET_LIP_H5, out, config: { ...config, ...network, numClasses: 20 }, dtype: 'float16' });
    const agreement = await parserAgreement(await createPspnetParser({ model: out }), await createPspnetParser({ model: PSPNET_LIP_H5, config: network }), 64);
    expect(agreement).toBeGreaterThanOrEqual(0.99);
  });
});
