import * as tf from '@tensorflow/tfjs-core';
import type { Jppnet } from '../model/jppnet.js';
import { inferJppnet, type JppnetInferenceOptions } from './infer-jppnet.js';
import { keypointsFromHeatmaps, type Keypoint } from './keypoints.js';
import type { PixelInput } from './pixel-input.js';
import { LIP_JOINT_NAMES, type LabelMap } from '@lip/schema';

export interface JppnetParseOptions extends JppnetInferenceOptions {
  /** Joint names, one per heatmap channel; default the 16 LIP joints (R_Ankle … L_Wrist). */
  jointNames?: readonly string[];
}

export interface JppnetParseResult {
  width: number;
  height: number;
  /** Class id per pixel (arg-max of the fused logits), `data[y * width + x]`, as `@lip/schema`'s LabelMap. */
  labels: LabelMap;
  /** One per joint, in LIP order: `{name, x, y, score}` in pixels of the image. */
  keypoints: Keypoint[];
}

/** Runs `inferJppnet` and reads the labels and keypoints off the backend. */
export async function parseWithJppnet(jppnet: Jppnet, image: PixelInput, options: JppnetParseOptions = {}): Promise<JppnetParseResult> {
  const { parsing, pose } = inferJppnet(jppnet, image, options);
  try {
    const [height, width] = [parsing.shape[0], parsing.shape[1]];
    const ids = tf.tidy(() => tf.argMax(parsing, 2));
    const data = Uint8Array.from(await ids.data());
    ids.dispose();
    const keypoints = await keypointsFromHeatmaps(pose, options.jointNames ?? LIP_JOINT_NAMES);
    return { width, height, labels: { width, height, data }, keypoints };
  } finally {
    tf.dispose([parsing, pose]);
  }
}
