import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { keypointsFromHeatmaps, type Keypoint } from '../inference/keypoints.js';
import { colorizeLabels, drawKeypoints, keypointsToPoseRecord, overlayLabels } from './render-parse.js';
import { LIP_JOINT_NAMES, LIP_PALETTE } from '@lip/schema';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('keypoints and rendering', () => {
  it('takes the first arg-max of each heatmap channel (row-major) and its value as the score', async () => {
    const h = 5;
    const w = 7;
    const values = new Float32Array(h * w * 16);
    for (let k = 0; k < 16; k++) {
      values[((k % h) * w + (k % w)) * 16 + k] = 0.5 + k / 100;
      values[((h - 1) * w + (w - 1)) * 16 + k] = k === 3 ? 0.53 : 0; // joint 3: a tie later in the map
    }
    const keypoints = await keypointsFromHeatmaps(tf.tensor3d(values, [h, w, 16]));
    expect(keypoints.map((k) => k.name)).toEqual(LIP_JOINT_NAMES);
    keypoints.forEach((k, i) => {
      expect([k.x, k.y]).toEqual([i % w, i % h]);
      expect(k.score).toBeCloseTo(0.5 + i / 100, 6);
    });
    await expect(keypointsFromHeatmaps(tf.zeros([2, 2, 3]) as tf.Tensor3D)).rejects.toThrow(/3 heatmap channels but 16 joint names/);
  });

  it('colourises with the LIP palette, blends over the image and draws the skeleton of confident joints', () => {
    const labels = { width: 4, height: 1, data: Uint8Array.from([0, 2, 15, 255]) };
    const colour = colorizeLabels(labels);
    expect(Array.from(colour.data.slice(3, 9))).toEqual([...LIP_PALETTE[2]!, ...LIP_PALETTE[15]!]);
    const image = { width: 4, height: 1, data: new Uint8Array(12).fill(100) };
    expect(Array.from(overlayLabels(image, labels, 0.5).data.slice(0, 6))).toEqual([100, 100, 100, 178, 50, 50]);
    const keypoints: Keypoint[] = LIP_JOINT_NAMES.map((name, i) => ({ name, x: 10 + i, y: 20, score: i === 4 ? 0.1 : 0.9 }));
    const joints = keypointsToPoseRecord('a', keypoints, 0.5);
    expect(joints.x[3]).toBe(13);
    expect(Number.isNaN(joints.x[4]!)).toBe(true);
    const canvas = { width: 40, height: 40, data: new Uint8Array(40 * 40 * 3) };
    const drawn = drawKeypoints(canvas, keypoints, { minScore: 0.5 });
    expect(drawn.data.some((v) => v > 0)).toBe(true);
    expect(canvas.data.every((v) => v === 0)).toBe(true);
    expect(() => keypointsToPoseRecord('a', keypoints.slice(0, 3))).toThrow(/expected 16 LIP keypoints, got 3/);
  });
});
