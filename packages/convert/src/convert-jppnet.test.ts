import { copyFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { createJppnet, jppnetConfigOf, resolveJppnetConfig } from '@lip/jppnet';
import { createJppnetParser, loadJppnet, loadJppnetWeightsFile } from '@lip/jppnet/node';
import { convertToWebModel } from './convert-to-web-model.js';
import { HALF_SUBNORMAL_STEP, JPPNET_CHECKPOINT, halfPrecisionExcess, jppnetTinyConfig, parserAgreement, temporaryFolder, weightValues } from './testing/fixtures.js';

const config = jppnetTinyConfig();
let tmp: Awaited<ReturnType<typeof temporaryFolder>>;
let reference: Map<string, Float32Array>;

beforeAll(async () => {
  await useBackend('cpu');
  tmp = await temporaryFolder();
  const jppnet = createJppnet(config);
  await loadJppnetWeightsFile(jppnet, JPPNET_CHECKPOINT);
  reference = weightValues(jppnet.model);
  jppnet.dispose();
});

afterAll(async () => {
  await tmp.remove();
});

describe('convertToWebModel: JPPNet TF checkpoint', () => {
  it('writes a float32 web model in shards of at most shardSizeBytes, with the config under jppnet, that loadJppnet reloads bit for bit', async () => {
    const out = join(tmp.dir, 'jppnet-f32');
    const logs: string[] = [];
    const report = await convertToWebModel({ from: JPPNET_CHECKPOINT, out, config, shardSizeBytes: 100_000, onLog: (l) => logs.push(l) });
    expect(report).toMatchObject({ model: 'jppnet', dtype: 'float32', comparison: null, keptFloat32: [] });
    expect(logs.join('\n')).toMatch(/model: jppnet \(its layer names\); config: the config given/);
    const names = (await readdir(out)).sort();
    expect(names).toEqual(report.files.map((f) => f.name).sort());
    expect(report.shardCount).toBeGreaterThan(1);
    for (const f of report.files) expect((await stat(join(out, f.name))).size).toBe(f.bytes);
    for (const f of report.files.filter((f) => f.name !== 'model.json')) expect(f.bytes).toBeLessThanOrEqual(100_000);
    expect(report.weightBytes).toBe(report.float32WeightBytes);
    expect(report.totalBytes).toBe(report.files.reduce((n, f) => n + f.bytes, 0));

    const modelJson = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const expectedConfig = jppnetConfigOf(resolveJppnetConfig(config));
    expect(modelJson.userDefinedMetadata).toEqual({ jppnet: expectedConfig });
    expect(report.config).toEqual(expectedConfig);
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0]!.weights.every((w) => w.dtype === 'float32' && w.quantization == null)).toBe(true);

    const again = await loadJppnet(out); // config from the metadata
    const values = weightValues(again.model);
    expect([...values.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [name, v] of reference) expect(values.get(name), name).toEqual(v);
    again.dispose();
  });

  it('writes float16 (every float32 weight quantized) that tf.io.decodeWeights and loadJppnet read within half precision, with ≥ 99 % label agreement', async () => {
    const out = join(tmp.dir, 'jppnet-f16');
    const report = await convertToWebModel({ from: JPPNET_CHECKPOINT, out, config, dtype: 'float16', shardSizeBytes: 100_000 });
    expect(report.dtype).toBe('float16');
    expect(report.weightBytes).toBe(report.float32WeightBytes / 2);
    for (const f of report.files.filter((f) => f.name !== 'model.json')) expect(f.bytes).toBeLessThanOrEqual(100_000);

    const artifacts = await (await import('@lip/runtime/node')).nodeFileSystem(out).load();
    expect(artifacts.weightSpecs!.every((s) => s.dtype === 'float32' && (s.quantization as unknown as Record<string, string>)?.['dtype'] === 'float16' && (s.quantization as unknown as Record<string, string>)['original_dtype'] === 'float32')).toBe(true);
    const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
    for (const [name, v] of reference) {
      expect(decoded[name]!.dtype).toBe('float32');
      expect(halfPrecisionExcess(v, decoded[name]!.dataSync() as Float32Array), name).toBeLessThanOrEqual(HALF_SUBNORMAL_STEP);
    }
    tf.dispose(Object.values(decoded));

    const again = await loadJppnet(out);
    for (const [name, v] of weightValues(again.model)) expect(halfPrecisionExcess(reference.get(name)!, v), name).toBeLessThanOrEqual(HALF_SUBNORMAL_STEP);
    again.dispose();

    // The parser loads the float16 folder and parses as the float32 checkpoint does.
    const agreement = await parserAgreement(await createJppnetParser({ model: out }), await createJppnetParser({ model: JPPNET_CHECKPOINT, config }), 96);
    expect(agreement).toBeGreaterThanOrEqual(0.99);

    const c = report.comparison!;
    expect(c.image).toMatch(/synthetic sample 0 of seed 1 \(384×384\)/);
    expect(c.size).toEqual([384, 384]);
    expect(c.pixels).toBe(48 * 48);
    expect(c.labelAgreement).toBeGreaterThanOrEqual(0.99);
    expect(c.maxLogitDifference).toBeGreaterThan(0);
    expect(c.maxPoseDifference).toBeGreaterThanOrEqual(0);
    console.log(`JPPNet tiny: float32 ${report.float32WeightBytes} B, float16 folder ${report.totalBytes} B in ${report.shardCount} shards; agreement ${c.labelAgreement}, max logit diff ${c.maxLogitDifference} (max |logit| ${c.maxAbsLogit}), max heatmap diff ${c.maxPoseDifference}`);
  });

  it('writes uint8 (a quarter of the bytes) that tf.io.decodeWeights reads within half a level of each tensor, and that the parser loads', async () => {
    const out = join(tmp.dir, 'jppnet-u8');
    const report = await convertToWebModel({ from: JPPNET_CHECKPOINT, out, config, dtype: 'uint8' });
    expect(report.dtype).toBe('uint8');
    expect(report.weightBytes).toBe(report.float32WeightBytes / 4);

    const artifacts = await (await import('@lip/runtime/node')).nodeFileSystem(out).load();
    const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
    for (const spec of artifacts.weightSpecs!) {
      const { dtype, scale } = spec.quantization as { dtype: string; scale: number };
      expect(dtype, spec.name).toBe('uint8');
      const original = reference.get(spec.name)!;
      const values = decoded[spec.name]!.dataSync();
      let worst = 0;
      for (let i = 0; i < original.length; i++) worst = Math.max(worst, Math.abs(values[i]! - original[i]!));
      expect(worst, spec.name).toBeLessThanOrEqual(scale / 2 + 1e-7);
    }
    tf.dispose(Object.values(decoded));

    const agreement = await parserAgreement(await createJppnetParser({ model: out }), await createJppnetParser({ model: JPPNET_CHECKPOINT, config }), 96);
    const c = report.comparison!;
    expect(c.size).toEqual([384, 384]);
    console.log(`JPPNet tiny: uint8 folder ${report.totalBytes} B; agreement ${c.labelAgreement} (parser at 96²: ${agreement}), max logit diff ${c.maxLogitDifference} (max |logit| ${c.maxAbsLogit}), max heatmap diff ${c.maxPoseDifference}`);
    // Random tiny weights leave many near-ties (measured 0.974 and 0.971); a trained network agrees more.
    expect(agreement).toBeGreaterThanOrEqual(0.95);
    expect(c.labelAgreement).toBeGreaterThanOrEqual(0.95);
  });

  it('reads the checkpoint folder with its "checkpoint" state file, and re-converts its own web model (config from the metadata)', async () => {
    const folder = join(tmp.dir, 'JPPNet-s2');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    for (const suffix of ['.index', '.data-00000-of-00001']) await copyFile(`${JPPNET_CHECKPOINT}${suffix}`, join(folder, `model.ckpt-7${suffix}`));
    await writeFile(join(folder, 'checkpoint'), 'model_checkpoint_path: "model.ckpt-7"\nall_model_checkpoint_paths: "model.ckpt-7"\n');
    const first = await convertToWebModel({ from: folder, out: join(tmp.dir, 'from-folder'), config });
    expect(first.source).toMatch(/TF checkpoint folder/);

    const out = join(tmp.dir, 'from-web-model');
    const second = await convertToWebModel({ from: join(tmp.dir, 'from-folder'), out, dtype: 'float16' });
    expect(second).toMatchObject({ model: 'jppnet', config: first.config });
    expect(second.configSource).toMatch(/model\.json metadata/);
    expect(second.comparison!.labelAgreement).toBeGreaterThanOrEqual(0.99);
  });
});
