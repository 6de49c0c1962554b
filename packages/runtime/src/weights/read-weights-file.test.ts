import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFileSystem, readWeightsFile } from '../node.js';
import { WeightImportError } from './weight-source.js';
import { weightFixtures } from './testing/weight-fixtures.js';

describe('readWeightsFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lip-read-weights-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .h5 files as Keras weights and anything else as a TF checkpoint', async () => {
    expect((await readWeightsFile(weightFixtures.path('keras2_model.h5'))).format).toBe('keras2');
    expect((await readWeightsFile(weightFixtures.path('keras3_legacy.h5'))).format).toBe('keras3-legacy');
    expect((await readWeightsFile(weightFixtures.path('jppnet_like.ckpt'))).format).toBe('tf-checkpoint');
    expect((await readWeightsFile(weightFixtures.path('jppnet_like.ckpt.index'))).format).toBe('tf-checkpoint');
  });

  it('reads a tfjs model folder, or its model.json, by layer/role', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [2], name: 'fc1' })] });
    const modelDir = join(dir, 'model');
    await model.save(nodeFileSystem(modelDir));
    const expected = model.getWeights().map((w) => Array.from(w.dataSync()));
    for (const path of [modelDir, join(modelDir, 'model.json')]) {
      const source = await readWeightsFile(path);
      expect(source.description).toBe(join(modelDir, 'model.json'));
      expect(source.tensors.map((t) => [t.layer, t.role, t.shape])).toEqual([['fc1', 'kernel', [2, 3]], ['fc1', 'bias', [3]]]);
      source.tensors.forEach((t, i) => expect(Array.from(t.values as Float32Array)).toEqual(expected[i]));
    }
    model.dispose();
  });

  it('names the model.json of a tfjs model it cannot read', async () => {
    const broken = join(dir, 'broken');
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1], name: 'fc' })] });
    await model.save(nodeFileSystem(broken));
    model.dispose();
    writeFileSync(join(broken, 'model.json'), '{"modelTopology": {}, "weightsManifest": []}');
    await expect(readWeightsFile(broken)).rejects.toThrow(WeightImportError);
    await expect(readWeightsFile(broken)).rejects.toThrow(`${join(broken, 'model.json')} lists no weights`);
    writeFileSync(join(broken, 'model.json'), '{"modelTopology": ');
    await expect(readWeightsFile(broken)).rejects.toThrow(`cannot read the tfjs model ${join(broken, 'model.json')}`);
  });
});
