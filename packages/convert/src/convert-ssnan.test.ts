import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { createSsnan, resolveSsnanConfig, ssnanFromModel } from '@lip/nan-head';
import { loadSsnanWeightsFile } from '@lip/nan-head/node';
import { convertToWebModel } from './convert-to-web-model.js';
import { HALF_SUBNORMAL_STEP, SSNAN_H5, halfPrecisionExcess, ssnanTinyConfig, temporaryFolder, weightValues } from './testing/fixtures.js';

const config = ssnanTinyConfig();
let tmp: Awaited<ReturnType<typeof temporaryFolder>>;
let reference: Map<string, Float32Array>;

beforeAll(async () => {
  await useBackend('cpu');
  tmp = await temporaryFolder();
  const ssnan = createSsnan(config);
  await loadSsnanWeightsFile(ssnan, SSNAN_H5);
  reference = weightValues(ssnan.model);
  ssnan.dispose();
});

afterAll(async () => {
  await tmp.remove();
});

describe('convertToWebModel: SS-NAN Keras .h5', () => {
  it('writes float32 with the resolved config under ssnan; tf.loadLayersModel + ssnanFromModel reload it bit for bit', async () => {
    const out = join(tmp.dir, 'ssnan-f32');
    const report = await convertToWebModel({ from: SSNAN_H5, out, config, shardSizeBytes: 64 * 1024 });
    expect(report).toMatchObject({ model: 'ssnan', dtype: 'float32', comparison: null, configSource: 'the config given' });
    expect(report.shardCount).toBeGreaterThan(1);
    for (const f of report.files.filter((f) => f.name !== 'model.json')) expect(f.bytes).toBeLessThanOrEqual(64 * 1024);
    const modelJson = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    expect(modelJson.userDefinedMetadata).toEqual({ ssnan: { ...resolveSsnanConfig(config) } });

    const ssnan = ssnanFromModel(await tfl.loadLayersModel(nodeFileSystem(out)));
    expect(ssnan.config).toMatchObject({ widthMultiplier: config.widthMultiplier, attentionWidth: config.attentionWidth, scales: [0.5, 0.75, 1] });
    const values = weightValues(ssnan.model);
    expect([...values.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [name, v] of reference) expect(values.get(name), name).toEqual(v);
    ssnan.dispose();
  });

  it('writes float16 that reloads within half precision, and agrees with float32 on ≥ 99 % of the labels', async () => {
    const out = join(tmp.dir, 'ssnan-f16');
    const report = await convertToWebModel({ from: SSNAN_H5, out, config, dtype: 'float16' });
    expect(report.shardCount).toBe(1);
    expect(report.weightBytes).toBe(report.float32WeightBytes / 2);
    const ssnan = ssnanFromModel(await tfl.loadLayersModel(nodeFileSystem(out)));
    for (const [name, v] of weightValues(ssnan.model)) expect(halfPrecisionExcess(reference.get(name)!, v), name).toBeLessThanOrEqual(HALF_SUBNORMAL_STEP);
    ssnan.dispose();
    const c = report.comparison!;
    expect(c.size).toEqual([320, 320]);
    expect(c.pixels).toBe(320 * 320);
    expect(c.labelAgreement).toBeGreaterThanOrEqual(0.99);
    console.log(`SS-NAN tiny: float32 ${report.float32WeightBytes} B, float16 folder ${report.totalBytes} B in ${report.shardCount} shard; agreement ${c.labelAgreement}, max logit diff ${c.maxLogitDifference} (max |logit| ${c.maxAbsLogit})`);
  });
});
