import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTfCheckpointVariables, useBackend, type WeightSource } from '@lip/runtime';
import { readTfCheckpointFile } from '@lip/runtime/node';
import { createJppnet } from '../model/create-jppnet.js';
import { loadJppnet, saveJppnet } from '../io/jppnet-model-files.js';
import { jppnetFixtures, readJppnetFixture } from '../testing/fixture.js';
import { loadJppnetWeights } from './load-jppnet-weights.js';
import { loadJppnetWeightsFile } from './read-jppnet-weights-file.js';

const fixture = readJppnetFixture();
let checkpoint: WeightSource;
const dir = mkdtempSync(join(tmpdir(), 'jppnet-weights-'));

beforeAll(async () => {
  await useBackend('cpu');
  checkpoint = await readTfCheckpointFile(jppnetFixtures.path(fixture.checkpoint));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loading JPPNet weights', () => {
  it('reads the checkpoint from disk: Momentum slots skipped by the reader, global_step dropped, every value in place', async () => {
    const listed = listTfCheckpointVariables(new Uint8Array(readFileSync(jppnetFixtures.path('jppnet-tiny.ckpt.index'))));
    expect(listed.some((v) => v.name === 'global_step')).toBe(true);
    expect(listed.filter((v) => v.name.endsWith('/Momentum')).length).toBeGreaterThan(0);
    const jppnet = createJppnet(fixture.config);
    const report = await loadJppnetWeightsFile(jppnet, jppnetFixtures.path('jppnet-tiny.ckpt.index'));
    expect(report.loaded).toHaveLength(Object.keys(fixture.variables).length);
    expect(report.unexpected).toEqual([]);
    const source = checkpoint.tensors.find((t) => t.name === 'fc2_pose/conv4/w')!;
    expect(Array.from(jppnet.model.getLayer('fc2_pose/conv4').getWeights()[0]!.dataSync())).toEqual(Array.from(source.values as Float32Array));
    const bn = checkpoint.tensors.find((t) => t.name === 'bn4b1_branch2c/moving_variance')!;
    const trunkWeight = jppnet.trunk.getLayer('bn4b1_branch2c').getWeights()[3]!;
    expect(Array.from(trunkWeight.dataSync())).toEqual(Array.from(bn.values as Float32Array));
    jppnet.dispose();
  });

  it('is strict: other stage counts or widths throw naming the tensors; allow* options and rename relax it', () => {
    const s1 = createJppnet({ ...fixture.config, refinementStages: 1 });
    expect(() => loadJppnetWeights(s1, checkpoint)).toThrow(/38 tensor\(s\) in the file match no model weight: fc3_parsing\/parsing_conv1\/bias \(fc3_parsing\/parsing_conv1\/b\)/);
    const report = loadJppnetWeights(s1, checkpoint, { allowUnexpected: true });
    expect(report.missing).toEqual([]);
    expect(report.unexpected.every((k) => k.startsWith('fc3_'))).toBe(true);
    expect(report.unexpected).toHaveLength((8 + 11) * 2); // kernel and bias of fc3_pose (8 convs) and fc3_parsing (11)
    // The same through a rename that drops the third stage (top-level global_step is dropped before it).
    const renamed = loadJppnetWeights(s1, checkpoint, { rename: (layer) => (layer.startsWith('fc3_') ? null : layer) });
    expect(renamed.unexpected).toEqual([]);
    const wide = createJppnet({ ...fixture.config, headWidthMultiplier: 1 / 16 });
    expect(() => loadJppnetWeights(wide, checkpoint)).toThrow(/shape mismatch\(es\): .*res5d_branch2a_parsing\/kernel model \[3,3,64,32\] file \[3,3,64,16\]/s);
    expect(() => loadJppnetWeights({} as never, checkpoint)).toThrow(/expects a Jppnet \(from createJppnet\) or a tf.LayersModel/);
    s1.dispose();
    wide.dispose();
  });

  it('saves in the tfjs layers format with its config and loads back to the same outputs', async () => {
    const jppnet = createJppnet(fixture.config);
    loadJppnetWeights(jppnet, checkpoint);
    await saveJppnet(jppnet, join(dir, 'model'));
    const loaded = await loadJppnet(join(dir, 'model'));
    expect(loaded.config).toEqual(jppnet.config);
    const x = tf.randomUniform([1, 40, 32, 3], -100, 100, 'float32', 3) as tf.Tensor4D;
    const a = jppnet.predictStages(x);
    const b = loaded.predictStages(x);
    expect(Array.from(b.parsing[2]!.dataSync())).toEqual(Array.from(a.parsing[2]!.dataSync()));
    expect(Array.from(b.pose[2]!.dataSync())).toEqual(Array.from(a.pose[2]!.dataSync()));
    tf.dispose([x, ...a.parsing, ...a.pose, ...b.parsing, ...b.pose]);
    // A model written without the config (a train() checkpoint) needs it passed; a different one is refused.
    jppnet.model.setUserDefinedMetadata({});
    await saveJppnet(jppnet, join(dir, 'bare'));
    await expect(loadJppnet(join(dir, 'bare'))).rejects.toThrow(/bare\/model.json has no 'jppnet' config in its metadata; pass options.config/);
    const withConfig = await loadJppnet(join(dir, 'bare'), { config: fixture.config });
    expect(withConfig.stages).toBe(3);
    withConfig.dispose();
    await expect(loadJppnet(join(dir, 'model'), { config: { ...fixture.config, refinementStages: 1 } })).rejects.toThrow(/does not match the JPPNet of its config: .*unexpected .*fc3_/s);
    jppnet.dispose();
    loaded.dispose();
  });
});
