import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { relativeError } from '@lip/runtime/testing';
import { createJppnet } from '../model/create-jppnet.js';
import type { Jppnet } from '../model/jppnet.js';
import { inferJppnet } from './infer-jppnet.js';
import { keypointsFromHeatmaps } from './keypoints.js';
import { toBgrMinusMean } from './bgr-minus-mean.js';
import { LIP_JOINT_FLIP_PERMUTATION, LIP_CLASS_FLIP_PERMUTATION } from '@lip/schema';

let jppnet: Jppnet;
const H = 30;
const W = 26;
const options = { inputSize: 32, scales: [1, 0.75, 1.25] };

/** A deterministic RGB image 0..255 [H, W, 3]. */
function image(seed: number, width = W): Float32Array {
  const data = new Float32Array(H * width * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = Math.floor((s / 2147483648) * 256);
  }
  return data;
}

/** An image equal to its own mirror: the left half reflected onto the right. */
function symmetricImage(): tf.Tensor3D {
  return tf.tidy(() => {
    const left = tf.tensor3d(image(3, W / 2), [H, W / 2, 3]);
    return tf.concat([left, tf.reverse(left, 1)], 1) as tf.Tensor3D;
  });
}

/** `t` mirrored with channels permuted: what the un-mirrored prediction must equal. */
function mirrored(t: tf.Tensor3D, permutation: readonly number[]): tf.Tensor3D {
  return tf.tidy(() => tf.reverse(tf.gather(t, [...permutation], 2), 1) as tf.Tensor3D);
}

beforeAll(async () => {
  await useBackend('cpu');
  jppnet = createJppnet({ widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 2, 1], headInitializer: 'he', seed: 7 });
});
afterAll(() => jppnet.dispose());

describe('inferJppnet: multi-scale + flip fusion', () => {
  it('on a left-right symmetric image, the fused parsing swaps 14↔15, 16↔17, 18↔19 and the pose swaps L/R joints under a mirror', async () => {
    const img = symmetricImage();
    const { parsing, pose } = inferJppnet(jppnet, img, options);
    expect(parsing.shape).toEqual([H, W, 20]);
    expect(pose.shape).toEqual([H, W, 16]);
    const p2 = mirrored(parsing, LIP_CLASS_FLIP_PERMUTATION);
    const q2 = mirrored(pose, LIP_JOINT_FLIP_PERMUTATION);
    expect(relativeError(p2.dataSync(), parsing.dataSync())).toBeLessThan(1e-6);
    expect(relativeError(q2.dataSync(), pose.dataSync())).toBeLessThan(1e-6);
    // A joint's peak, mirrored, is a peak of its partner with the same score (nearest upsampling makes
    // plateaus, so the first arg-max of the two need not be mirror pixels).
    const keypoints = await keypointsFromHeatmaps(pose);
    const values = pose.arraySync();
    for (const [k, partner] of LIP_JOINT_FLIP_PERMUTATION.entries()) {
      const { x, y, score } = keypoints[k]!;
      expect(values[y]![x]![k]).toBe(score);
      expect(values[y]![W - 1 - x]![partner]).toBe(score);
      expect(keypoints[partner]!.score).toBe(score);
    }
    // Without the flip, the random network itself is not symmetric: the property comes from the fusion.
    const direct = inferJppnet(jppnet, img, { ...options, flip: false });
    const d2 = mirrored(direct.parsing, LIP_CLASS_FLIP_PERMUTATION);
    expect(relativeError(d2.dataSync(), direct.parsing.dataSync())).toBeGreaterThan(1e-2);
    // A wrong permutation (no channel swap) breaks it too.
    const noSwap = mirrored(parsing, Array.from({ length: 20 }, (_, c) => c));
    expect(relativeError(noSwap.dataSync(), parsing.dataSync())).toBeGreaterThan(1e-3);
    tf.dispose([img, parsing, pose, p2, q2, direct.parsing, direct.pose, d2, noSwap]);
  });

  it('is mirror-equivariant on any image: infer(mirror(x)) = swap(mirror(infer(x)))', () => {
    const img = tf.tensor3d(image(11), [H, W, 3]);
    const flippedImg = tf.reverse(img, 1) as tf.Tensor3D;
    const a = inferJppnet(jppnet, img, options);
    const b = inferJppnet(jppnet, flippedImg, options);
    const back = mirrored(b.parsing, LIP_CLASS_FLIP_PERMUTATION);
    const backPose = mirrored(b.pose, LIP_JOINT_FLIP_PERMUTATION);
    expect(relativeError(back.dataSync(), a.parsing.dataSync())).toBeLessThan(1e-6);
    expect(relativeError(backPose.dataSync(), a.pose.dataSync())).toBeLessThan(1e-6);
    tf.dispose([img, flippedImg, a.parsing, a.pose, b.parsing, b.pose, back, backPose]);
  });

  it('averages the stages of every scale resized back (bilinear for parsing logits, nearest for the last pose stage)', () => {
    const img = tf.tensor3d(image(5), [H, W, 3]);
    const scales = [1, 0.5];
    const fused = inferJppnet(jppnet, img, { inputSize: [24, 40], scales, flip: false });
    const [parsing, pose] = tf.tidy(() => {
      const x = tf.expandDims(toBgrMinusMean(img), 0) as tf.Tensor4D;
      const ps: tf.Tensor[] = [];
      const qs: tf.Tensor[] = [];
      for (const s of scales) {
        const out = jppnet.predictStages(tf.image.resizeBilinear(x, [Math.trunc(24 * s), Math.trunc(40 * s)]));
        for (const p of out.parsing) ps.push(tf.image.resizeBilinear(p, [H, W]));
        qs.push(tf.image.resizeNearestNeighbor(out.pose[2]!, [H, W]));
      }
      return [tf.squeeze(tf.div(tf.addN(ps), ps.length), [0]), tf.squeeze(tf.div(tf.addN(qs), qs.length), [0])];
    });
    expect(relativeError(fused.parsing.dataSync(), parsing!.dataSync())).toBeLessThan(1e-5);
    expect(relativeError(fused.pose.dataSync(), pose!.dataSync())).toBeLessThan(1e-6);
    tf.dispose([img, fused.parsing, fused.pose, parsing!, pose!]);
  });

  it('rejects bad images, scales and permutations with clear errors', () => {
    expect(() => inferJppnet(jppnet, { width: 4, height: 4, data: new Uint8Array(10) })).toThrow(/image is 4×4 but has 10 bytes; expected 48 \(RGB\) or 64 \(RGBA\)/);
    const flat = tf.zeros([4, 4]);
    expect(() => inferJppnet(jppnet, flat as tf.Tensor3D)).toThrow(/RGB tensor \[height, width, 3\], got shape \[4,4\]/);
    flat.dispose();
    const img = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3) };
    expect(() => inferJppnet(jppnet, img, { scales: [] })).toThrow(/scales must be a non-empty list of positive numbers/);
    expect(() => inferJppnet(jppnet, img, { inputSize: 0 })).toThrow(/inputSize must be a positive integer/);
    expect(() => inferJppnet(jppnet, img, { parsingFlipPermutation: [0, 1] })).toThrow(/parsingFlipPermutation must be a permutation of 0..19/);
    expect(() => inferJppnet(jppnet, img, { inputSize: 8, scales: [0.01] })).toThrow(/test scale 0.01 of input 8×8 is empty/);
  });
});
