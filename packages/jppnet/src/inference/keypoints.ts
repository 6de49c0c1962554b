import * as tf from '@tensorflow/tfjs-core';
import { LIP_JOINT_NAMES } from '@lip/schema';

/** The peak of one heatmap channel: pixel coordinates of the image (x = column, y = row) and the value there. */
export interface HeatmapPeak {
  name: string;
  x: number;
  y: number;
  /** The heatmap's value at the peak (about 1 at a confident joint, as the training targets peak at 1); not clamped. */
  score: number;
}

/**
 * One keypoint per heatmap channel at its arg-max (first maximum in row-major order, as numpy's
 * `unravel_index(argmax)` in evaluate_pose_JPPNet-s2.py): integer pixel coordinates, the peak value as score.
 */
export async function keypointsFromHeatmaps(heatmaps: tf.Tensor3D, names: readonly string[] = LIP_JOINT_NAMES): Promise<HeatmapPeak[]> {
  const [height, width, joints] = heatmaps.shape;
  if (names.length !== joints) throw new Error(`@lip/jppnet: ${joints} heatmap channels but ${names.length} joint names`);
  const [index, peak] = tf.tidy(() => {
    const flat = tf.transpose(tf.reshape(heatmaps, [height * width, joints]));
    return [tf.argMax(flat, 1), tf.max(flat, 1)];
  });
  try {
    const [positions, scores] = await Promise.all([index.data(), peak.data()]);
    return Array.from({ length: joints }, (_, k) => {
      const at = positions[k]!;
      return { name: names[k]!, x: at % width, y: Math.floor(at / width), score: scores[k]! };
    });
  } finally {
    tf.dispose([index, peak]);
  }
}
