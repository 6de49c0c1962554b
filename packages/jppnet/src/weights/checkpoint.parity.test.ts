import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend, type WeightSource } from '@lip/runtime';
import { readTfCheckpointFile } from '@lip/runtime/node';
import { relativeError, testBackends, decodeFloat32, decodeInt32, fixtureTensor, type EncodedArray } from '@lip/runtime/testing';
import { createJppnet } from '../model/create-jppnet.js';
import { inferJppnet } from '../inference/infer-jppnet.js';
import { forwardJppnetTraining } from '../training/forward-jppnet-training.js';
import { jppnetLoss } from '../training/jppnet-loss.js';
import { jppnetFixtures, readJppnetFixture } from '../testing/fixture.js';
import { loadJppnetWeights } from './load-jppnet-weights.js';
import { JPPNET_MEAN_BGR } from '@lip/schema';

/**
 * JPPNet-s2 at width 1/32 against the same graph built in TensorFlow 1.x graph mode with the reference
 * variable names (fixtures/jppnet_tf1.py, make_fixtures.py) and random weights, loaded from its
 * tf.compat.v1 Saver checkpoint (with Momentum slots and global_step, as a training run leaves them).
 */
const fixture = readJppnetFixture();
let checkpoint: WeightSource;

beforeAll(async () => {
  checkpoint = await readTfCheckpointFile(jppnetFixtures.path(fixture.checkpoint));
});

function expectClose(actual: tf.Tensor, expected: EncodedArray, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  expect(relativeError(actual.dataSync(), decodeFloat32(expected)), what).toBeLessThanOrEqual(1e-4);
}

describe.each(testBackends())('JPPNet-s2 matches TensorFlow on %s', (backend) => {
  it('loads every variable of the checkpoint by name and reproduces each stage, the training fusion, the losses and the test-time fusion', async () => {
    await useBackend(backend);
    const jppnet = createJppnet(fixture.config);
    const report = loadJppnetWeights(jppnet, checkpoint);
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.shapeMismatch).toEqual([]);
    // Every model variable of the TF graph (kaffe weights/biases, ops w/b, slim BN) lands in a tfjs weight.
    const role = (leaf: string) => ({ weights: 'kernel', w: 'kernel', biases: 'bias', b: 'bias' })[leaf] ?? leaf;
    const tfNames = Object.keys(fixture.variables).map((n) => `${n.slice(0, n.lastIndexOf('/'))}/${role(n.slice(n.lastIndexOf('/') + 1))}`);
    expect(report.loaded.sort()).toEqual(tfNames.sort());
    const before = tf.memory().numTensors;

    const stages = tf.tidy(() => jppnet.predictStages(fixtureTensor(fixture.stages.input) as tf.Tensor4D));
    stages.parsing.forEach((p, t) => expectClose(p, fixture.stages.parsing[t]!, `parsing stage ${t + 1}`));
    stages.pose.forEach((p, t) => expectClose(p, fixture.stages.pose[t]!, `pose stage ${t + 1}`));
    tf.dispose([...stages.parsing, ...stages.pose]);

    const tr = fixture.training;
    const images = fixtureTensor(tr.images) as tf.Tensor4D;
    const labels = tf.tensor3d(decodeInt32(tr.labels), tr.labels.shape as [number, number, number], 'int32');
    const heatmaps = fixtureTensor(tr.heatmaps) as tf.Tensor4D;
    const outputs = forwardJppnetTraining(jppnet, images, { training: false });
    expect(outputs.parsing).toHaveLength(3);
    for (const [family, list] of [['parsing', outputs.parsing], ['pose', outputs.pose]] as const) {
      list.forEach((stage, t) => {
        const expected = tr[family][t]!;
        expectClose(stage.fused, expected.fused, `${family} ${t + 1} fused`);
        (['100', '075', '050'] as const).forEach((v, s) => expectClose(stage.perScale[s]!, expected[v], `${family} ${t + 1} ${v}`));
      });
    }
    const loss = jppnetLoss(outputs, { labels, heatmaps });
    expect(Math.abs(loss.parsing.dataSync()[0]! - tr.parsingLoss) / tr.parsingLoss).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(loss.pose.dataSync()[0]! - tr.poseLoss) / tr.poseLoss).toBeLessThanOrEqual(1e-4);
    expect(loss.total.dataSync()[0]).toBeCloseTo(tr.parsingLoss + tr.poseLoss, 1);
    tf.dispose([images, labels, heatmaps, loss.total, loss.parsing, loss.pose]);
    tf.dispose([...outputs.parsing, ...outputs.pose].flatMap((s) => [s.fused, ...s.perScale]));

    // The fixture's input is already BGR − mean; give inferJppnet the RGB image it came from.
    const inf = fixture.inference;
    const rgb = tf.tidy(() => tf.reverse(tf.add(tf.squeeze(fixtureTensor(inf.input), [0]), tf.tensor1d([...JPPNET_MEAN_BGR])), -1) as tf.Tensor3D);
    const fused = inferJppnet(jppnet, rgb, { inputSize: inf.inputSize, scales: inf.scales });
    expectClose(fused.parsing, inf.parsing, 'fused parsing logits');
    expectClose(fused.pose, inf.pose, 'fused pose heatmaps');
    tf.dispose([rgb, fused.parsing, fused.pose]);
    expect(tf.memory().numTensors).toBe(before);
    jppnet.dispose();
  });
});
