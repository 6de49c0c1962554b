import * as tf from '@tensorflow/tfjs-core';
import { toPixelTensor, type PixelInput } from '@lip/runtime';
import type { Jppnet } from '../model/jppnet.js';
import { toBgrMinusMean } from './bgr-minus-mean.js';
import { JPPNET_EVAL_SCALES, JPPNET_INPUT_SIZE, JPPNET_MEAN_BGR, LIP_JOINT_FLIP_PERMUTATION, LIP_CLASS_FLIP_PERMUTATION } from '@lip/schema';

export interface JppnetInferenceOptions {
  /** Test scales of the network input side; default [1.0, 0.75, 1.25] (384², 288², 480²). */
  scales?: readonly number[];
  /** Also run the mirrored image and average it back (channel swap / joint permutation); default true. */
  flip?: boolean;
  /** Input side at scale 1, or [height, width]; default 384. The image is resized to it ignoring its aspect ratio. */
  inputSize?: number | readonly [number, number];
  /** BGR mean subtracted from the image; default JPPNet's IMG_MEAN. */
  meanBgr?: readonly number[];
  /** `flipped[c] = original[perm[c]]` for the parsing classes; default LIP's 14↔15, 16↔17, 18↔19. */
  parsingFlipPermutation?: readonly number[];
  /** The same for the joints; default LIP's (R/L ankles, knees, hips, wrists, elbows, shoulders). */
  poseFlipPermutation?: readonly number[];
}

/** Fused predictions of one image, at its own size. Dispose both. */
export interface JppnetInference {
  /** Parsing logits [H, W, classes]: mean over scales and stages, then over the flip (`evaluate_parsing_JPPNet-s2.py`). No softmax. */
  parsing: tf.Tensor3D;
  /** Last-stage pose heatmaps [H, W, joints]: mean over scales, then over the flip (`evaluate_pose_JPPNet-s2.py`). */
  pose: tf.Tensor3D;
}

function checkPermutation(perm: readonly number[], size: number, what: string): void {
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== size || sorted.some((v, i) => v !== i)) {
    throw new Error(`@lip/jppnet: ${what} must be a permutation of 0..${size - 1} (the model has ${size} channels), got ${JSON.stringify(perm)}`);
  }
}

/** Undoes the mirror of the second image of a pair: permute channels, reverse the width, average with the first. */
function fuseFlip(pair: tf.Tensor4D, permutation: readonly number[]): tf.Tensor3D {
  return tf.tidy(() => {
    const [direct, mirrored] = tf.unstack(pair, 0) as [tf.Tensor3D, tf.Tensor3D];
    const back = tf.reverse(tf.gather(mirrored, [...permutation], 2), 1);
    return tf.div(tf.add(direct, back), 2) as tf.Tensor3D;
  });
}

/**
 * JPPNet's test-time procedure (evaluate_parsing_JPPNet-s2.py, evaluate_pose_JPPNet-s2.py):
 * 1. the image at its own size, BGR − mean, and its mirror as a batch of two;
 * 2. that batch resized (bilinear, TF1 corners, aspect ratio not kept) to each test scale's square;
 * 3. the network; every stage's parsing logits resized (bilinear) back to the image size and averaged over
 *    scales and stages; the last stage's heatmaps resized (nearest) back and averaged over scales;
 * 4. the mirrored half's channels permuted (parsing 14↔15, 16↔17, 18↔19; joints L↔R), its width reversed,
 *    and averaged with the direct half.
 * Resizing is linear, so the stages of a scale are summed before the one resize back (the mean is the same).
 */
export function inferJppnet(jppnet: Jppnet, image: PixelInput, options: JppnetInferenceOptions = {}): JppnetInference {
  const scales = [...(options.scales ?? JPPNET_EVAL_SCALES)];
  if (scales.length === 0 || scales.some((s) => !(Number.isFinite(s) && s > 0))) {
    throw new Error(`@lip/jppnet: scales must be a non-empty list of positive numbers, got ${JSON.stringify(options.scales)}`);
  }
  const size = options.inputSize ?? JPPNET_INPUT_SIZE;
  const [inH, inW] = typeof size === 'number' ? [size, size] : [size[0], size[1]];
  if (![inH, inW].every((s) => Number.isInteger(s) && s >= 1)) throw new Error(`@lip/jppnet: inputSize must be a positive integer or [height, width], got ${JSON.stringify(size)}`);
  const flip = options.flip ?? true;
  const { numClasses, numJoints } = jppnet.config;
  const parsingPerm = options.parsingFlipPermutation ?? LIP_CLASS_FLIP_PERMUTATION;
  const posePerm = options.poseFlipPermutation ?? LIP_JOINT_FLIP_PERMUTATION;
  if (flip) {
    checkPermutation(parsingPerm, numClasses, 'parsingFlipPermutation');
    checkPermutation(posePerm, numJoints, 'poseFlipPermutation');
  }
  const meanBgr = options.meanBgr ?? JPPNET_MEAN_BGR;

  const batch = tf.tidy(() => {
    const x = toBgrMinusMean(toPixelTensor(image), meanBgr) as tf.Tensor3D;
    return (flip ? tf.stack([x, tf.reverse(x, 1)]) : tf.expandDims(x, 0)) as tf.Tensor4D;
  });
  const [height, width] = [batch.shape[1], batch.shape[2]];
  let parsingSum: tf.Tensor4D | null = null;
  let poseSum: tf.Tensor4D | null = null;
  try {
    for (const s of scales) {
      const side: [number, number] = [Math.trunc(inH * s), Math.trunc(inW * s)];
      if (side[0] < 1 || side[1] < 1) throw new Error(`@lip/jppnet: test scale ${s} of input ${inH}×${inW} is empty`);
      const [parsing, pose] = tf.tidy(() => {
        const out = jppnet.predictStages(tf.image.resizeBilinear(batch, side, false, false));
        const stagesSum = out.parsing.length === 1 ? out.parsing[0]! : (tf.addN(out.parsing) as tf.Tensor4D);
        const p = tf.image.resizeBilinear(stagesSum, [height, width], false, false);
        const q = tf.image.resizeNearestNeighbor(out.pose[out.pose.length - 1]!, [height, width], false, false);
        return [parsingSum == null ? p : tf.add(parsingSum, p), poseSum == null ? q : tf.add(poseSum, q)] as [tf.Tensor4D, tf.Tensor4D];
      });
      tf.dispose([parsingSum, poseSum].filter((t): t is tf.Tensor4D => t != null));
      parsingSum = parsing;
      poseSum = pose;
    }
    const ps = parsingSum!;
    const qs = poseSum!;
    return tf.tidy(() => {
      const parsingMean = tf.div(ps, scales.length * jppnet.stages) as tf.Tensor4D;
      const poseMean = tf.div(qs, scales.length) as tf.Tensor4D;
      if (!flip) return { parsing: tf.squeeze(parsingMean, [0]) as tf.Tensor3D, pose: tf.squeeze(poseMean, [0]) as tf.Tensor3D };
      return { parsing: fuseFlip(parsingMean, parsingPerm), pose: fuseFlip(poseMean, posePerm) };
    });
  } finally {
    tf.dispose([batch, ...[parsingSum, poseSum].filter((t): t is tf.Tensor4D => t != null)]);
  }
}
