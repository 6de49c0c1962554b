import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { relativeError, seededTensor } from '@lip/runtime/testing';
import { maskedSoftmaxCrossEntropy } from '@lip/ssl-loss';
import { jppnetTrainingLoss } from '@lip/ssl-loss/training';
import type { JppnetTrainingOutputs } from './forward-jppnet-training.js';
import { flattenTrainingOutputs, unflattenTrainingOutputs } from './forward-jppnet-training.js';
import { jppnetLoss } from './jppnet-loss.js';
import { caffeStructureError, resizeLabelsNearest } from '@lip/ssl-loss/internal';

beforeAll(async () => {
  await useBackend('cpu');
});

const GRIDS = [6, 5, 3]; // 48 / 36 / 24 inputs

/** Random training outputs of a 2-stage net at 3 scales, batch 2; the fused grid is the first scale's. */
function fakeOutputs(seed: number, stages = 2): JppnetTrainingOutputs {
  const make = (channels: number, s: number) => ({
    fused: seededTensor([2, 6, 6, channels], s) as tf.Tensor4D,
    perScale: GRIDS.map((g, i) => tf.mul(seededTensor([2, g, g, channels], s + i + 1), 3) as tf.Tensor4D),
  });
  return {
    scales: [1, 0.75, 0.5],
    parsing: Array.from({ length: stages }, (_, t) => make(20, seed + 10 * t)),
    pose: Array.from({ length: stages }, (_, t) => make(16, seed + 100 + 10 * t)),
  };
}

function labels(seed: number): tf.Tensor3D {
  return tf.tidy(() => {
    const ids = tf.cast(tf.floor(tf.mul(tf.add(seededTensor([2, 48, 48], seed), 1), 10)), 'int32');
    const pad = tf.greater(tf.tile(tf.reshape(tf.range(0, 48), [1, 1, 48]), [2, 48, 1]), 40);
    return tf.where(pad, tf.fill([2, 48, 48], 255, 'int32'), ids) as tf.Tensor3D;
  });
}

const value = (t: tf.Tensor) => t.dataSync()[0]!;

describe('jppnetLoss', () => {
  it('equals @lip/ssl-loss jppnetTrainingLoss over the stages × {fused, 100, 075, 050} outputs', () => {
    const outputs = fakeOutputs(1);
    const targets = { labels: labels(2), heatmaps: tf.abs(seededTensor([2, 6, 6, 16], 3)) as tf.Tensor4D };
    const ours = jppnetLoss(outputs, targets);
    const flat = flattenTrainingOutputs(outputs);
    const reference = jppnetTrainingLoss({
      labels: targets.labels,
      heatmaps: targets.heatmaps,
      parsing: outputs.parsing.flatMap((s) => [s.fused, ...s.perScale]),
      pose: outputs.pose.flatMap((s) => [s.fused, ...s.perScale]),
    });
    expect(flat).toHaveLength(16);
    expect(value(ours.parsing)).toBeCloseTo(value(reference.parsing), 4);
    expect(value(ours.pose)).toBeCloseTo(value(reference.pose), 4);
    expect(value(ours.total)).toBeCloseTo(value(reference.total), 3);
    // Round trip of the flat layout train() sees.
    const back = unflattenTrainingOutputs(flat, 2, [1, 0.75, 0.5]);
    expect(back.pose[1]!.perScale[2]).toBe(outputs.pose[1]!.perScale[2]);
    tf.dispose([ours.total, ours.parsing, ours.pose, reference.total, reference.parsing, reference.pose, targets.labels, targets.heatmaps, ...flat]);
  });

  it('leaves the pose terms out without heatmaps, and weights the two families', () => {
    const outputs = fakeOutputs(4);
    const y = labels(5);
    const noPose = jppnetLoss(outputs, { labels: y });
    expect(value(noPose.pose)).toBe(0);
    expect(value(noPose.total)).toBeCloseTo(value(noPose.parsing), 5);
    const heatmaps = tf.zeros([2, 6, 6, 16]) as tf.Tensor4D;
    const weighted = jppnetLoss(outputs, { labels: y, heatmaps }, { parsingWeight: 2, poseWeight: 0.5 });
    expect(value(weighted.total)).toBeCloseTo(2 * value(weighted.parsing) + 0.5 * value(weighted.pose), 3);
    tf.dispose([noPose.total, noPose.parsing, noPose.pose, weighted.total, weighted.parsing, weighted.pose, y, heatmaps, ...flattenTrainingOutputs(outputs)]);
  });

  it('SS-JPPNet structure loss: CE weighted per image by the joint structure error of the last fused output; caffe keeps the plain gradient', () => {
    const outputs = fakeOutputs(6, 1);
    const y = labels(7);
    const plain = jppnetLoss(outputs, { labels: y });
    const ssl = jppnetLoss(outputs, { labels: y }, { structure: true });
    const caffe = jppnetLoss(outputs, { labels: y }, { structure: { gradient: 'caffe' } });
    const y6 = resizeLabelsNearest(y, [6, 6]);
    const error = caffeStructureError(y6, outputs.parsing[0]!.fused);
    expect(Array.from(ssl.structureError!.dataSync())).toEqual(Array.from(error.dataSync()));
    expect(error.dataSync().every((e) => e > 0)).toBe(true);
    // Value: Σ_n E_n Σ_pixels CE / N_valid per output (the same for both gradients).
    expect(value(caffe.parsing)).toBeCloseTo(value(ssl.parsing), 3);
    const byHand = tf.tidy(() => {
      // maskedSoftmaxCrossEntropy of one image = Σ CE / its own N; rescale to the batch's N.
      const valid = (n: number) => tf.sum(tf.cast(tf.less(tf.slice(y6, [n, 0, 0], [1, 6, 6]), 20), 'float32')).dataSync()[0]!;
      const total = valid(0) + valid(1);
      const [e0, e1] = error.dataSync();
      const ce = (n: number) => value(maskedSoftmaxCrossEntropy(tf.slice(y6, [n, 0, 0], [1, 6, 6]), tf.slice(outputs.parsing[0]!.fused, [n, 0, 0, 0], [1, 6, 6, 20]))) * valid(n);
      return (e0! * ce(0) + e1! * ce(1)) / total;
    });
    const fusedTerm = jppnetLoss({ scales: [1], parsing: [{ fused: outputs.parsing[0]!.fused, perScale: [] }], pose: [] }, { labels: y }, { structure: true });
    expect(value(fusedTerm.parsing)).toBeCloseTo(byHand, 4);
    tf.dispose([fusedTerm.total, fusedTerm.parsing, fusedTerm.pose, fusedTerm.structureError!]);
    // Gradients with respect to the fused logits: 'weighted' scales image n's CE gradient by E_n, 'caffe' does not.
    const gradOf = (options: Parameters<typeof jppnetLoss>[2]) =>
      tf.grad((z: tf.Tensor) => {
        const o = { ...outputs, parsing: [{ fused: z as tf.Tensor4D, perScale: outputs.parsing[0]!.perScale }] };
        return jppnetLoss(o, { labels: y }, { ...options, validateLabels: false }).total;
      })(outputs.parsing[0]!.fused);
    const gPlain = gradOf({});
    const gCaffe = gradOf({ structure: { gradient: 'caffe' } });
    const gWeighted = gradOf({ structure: true });
    expect(relativeError(gCaffe.dataSync(), gPlain.dataSync())).toBeLessThan(1e-5);
    const [e0, e1] = error.dataSync();
    const expected = tf.tidy(() => tf.mul(gPlain, tf.tensor4d([e0!, e1!], [2, 1, 1, 1])));
    // The structure error of the last output also depends on the logits only through an arg-max (no gradient).
    expect(relativeError(gWeighted.dataSync(), expected.dataSync())).toBeLessThan(1e-4);
    tf.dispose([plain.total, plain.parsing, plain.pose, ssl.total, ssl.parsing, ssl.pose, ssl.structureError!, caffe.total, caffe.parsing, caffe.pose, caffe.structureError!]);
    tf.dispose([y, y6, error, gPlain, gCaffe, gWeighted, expected, ...flattenTrainingOutputs(outputs)]);
  });

  it('gives 0 structure loss when the prediction puts every joint in place', () => {
    const y = labels(8);
    const y6 = resizeLabelsNearest(y, [6, 6]);
    const perfect = tf.tidy(() => tf.mul(tf.oneHot(tf.where(tf.equal(y6, 255), tf.zerosLike(y6), y6) as tf.Tensor3D, 20), 50)) as tf.Tensor4D;
    const outputs: JppnetTrainingOutputs = { scales: [1], parsing: [{ fused: perfect, perScale: [perfect] }], pose: [] };
    const loss = jppnetLoss(outputs, { labels: y }, { structure: true });
    expect(Array.from(loss.structureError!.dataSync())).toEqual([0, 0]);
    expect(value(loss.parsing)).toBe(0);
    tf.dispose([y, y6, perfect, loss.total, loss.parsing, loss.pose, loss.structureError!]);
  });

  it('names what it expected for bad targets and options', () => {
    const outputs = fakeOutputs(9, 1);
    expect(() => jppnetLoss(outputs, { labels: tf.zeros([2, 48]) as unknown as tf.Tensor3D })).toThrow(/targets.labels must be \[batch, height, width\] class ids, got shape \[2,48\]/);
    expect(() => jppnetLoss(outputs, { labels: labels(1), heatmaps: tf.zeros([2, 6, 6]) as unknown as tf.Tensor4D })).toThrow(/targets.heatmaps must be \[batch, height, width, joints\] or null/);
    expect(() => jppnetLoss(outputs, { labels: labels(1) }, { poseWeight: Number.NaN })).toThrow(/poseWeight must be a finite number/);
    expect(() => jppnetLoss(outputs, { labels: labels(1) }, { structure: { gradient: 'none' as 'caffe' } })).toThrow(/structure.gradient must be 'weighted' or 'caffe'/);
    const bad = tf.fill([2, 48, 48], 30, 'int32') as tf.Tensor3D;
    expect(() => jppnetLoss(outputs, { labels: bad })).toThrow(/30/);
    tf.dispose([bad, ...flattenTrainingOutputs(outputs)]);
  });
});
