import { type LabelMap, type RgbImage, LIP_IGNORE_LABEL, LIP_JOINT_FLIP_PERMUTATION, LIP_NUM_JOINTS, mirrorLabelMap, SeededRandom, JPPNET_HEATMAP_STRIDE, JPPNET_INPUT_SIZE, JPPNET_MEAN_BGR } from '@lip/schema';
import { nearestSourceIndicesTf1, writeMeanSubtracted } from '@lip/image/internal';
import { resizeBilinearTf1 } from '@lip/image';

export interface JppnetTrainOptions {
  /** Square input side. Default 384. */
  readonly inputSize?: number;
  /** Scale range `[min, max)` of the square resize. Default [0.75, 1.25). */
  readonly scaleRange?: readonly [number, number];
  /** Probability of mirroring. Default 0.5. */
  readonly mirrorProbability?: number;
  readonly meanBgr?: readonly number[];
  readonly ignoreLabel?: number;
}

export interface JppnetTrainDecisions {
  readonly mirror: boolean;
  readonly scale: number;
  /** `int(inputSize * scale)` (float32 product, truncated): the square side after resizing. */
  readonly resizedSize: number;
  /** Crop offsets into the bottom/right padded square of side `max(inputSize, resizedSize)`. */
  readonly cropX: number;
  readonly cropY: number;
}

export interface JppnetTrainSample {
  readonly inputSize: number;
  /** `[inputSize, inputSize, 3]` float32, **BGR** minus `IMG_MEAN`; padding 0 (= the mean colour). */
  readonly image: Float32Array;
  /** `[inputSize, inputSize]`, padding 255. */
  readonly label: Uint8Array;
  /** `[inputSize/8, inputSize/8, 16]` float32 in [0, 1] (uint8 maps divided by 255, as the training script does). */
  readonly heatmaps: Float32Array;
  readonly heatmapSize: number;
  readonly decisions: JppnetTrainDecisions;
}

/** Draws the JPPNet training decisions in the reference order: mirror, scale, crop (y then x). */
export function decideJppnetTrain(random: SeededRandom, options: JppnetTrainOptions = {}): JppnetTrainDecisions {
  const inputSize = options.inputSize ?? JPPNET_INPUT_SIZE;
  const [lo, hi] = options.scaleRange ?? [0.75, 1.25];
  const mirror = random.next() < (options.mirrorProbability ?? 0.5);
  const scale = Math.fround(random.uniform(lo, hi));
  const resizedSize = Math.trunc(Math.fround(inputSize * scale));
  const padded = Math.max(inputSize, resizedSize);
  const cropY = random.int(padded - inputSize + 1);
  const cropX = random.int(padded - inputSize + 1);
  return { mirror, scale, resizedSize, cropX, cropY };
}

function mirrorHeatmaps(heatmaps: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(heatmaps.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + (width - 1 - x)) * LIP_NUM_JOINTS;
      const d = (y * width + x) * LIP_NUM_JOINTS;
      for (let k = 0; k < LIP_NUM_JOINTS; k++) out[d + k] = heatmaps[s + LIP_JOINT_FLIP_PERMUTATION[k]!]!;
    }
  }
  return out;
}

/**
 * Applies given JPPNet training decisions (`LIP_JPPNet/utils/lip_reader.py`): BGR − mean; mirror (image reversed, `labelRev`
 * used instead of the label, heatmap channels permuted then reversed); square resize ignoring the
 * aspect ratio (image bilinear, label and heatmaps nearest, TF 1.x semantics); bottom/right padding
 * (image 0, label 255, heatmaps 0); crop; heatmaps nearest-resized to `inputSize / 8`.
 *
 * `labelRev` defaults to the mirrored, L/R-swapped label (what `labels_rev/` files hold);
 * `heatmaps` (`[h, w, 16]` uint8 at the image size) default to zeros.
 */
export function applyJppnetTrain(
  image: RgbImage,
  label: LabelMap,
  heatmaps: Uint8Array | null,
  decisions: JppnetTrainDecisions,
  options: JppnetTrainOptions & { labelRev?: LabelMap } = {},
): JppnetTrainSample {
  const { width: w, height: h } = image;
  if (label.width !== w || label.height !== h) {
    throw new RangeError(`applyJppnetTrain: image is ${w}x${h} but label is ${label.width}x${label.height}`);
  }
  if (heatmaps && heatmaps.length !== w * h * LIP_NUM_JOINTS) {
    throw new RangeError(`applyJppnetTrain: heatmaps have ${heatmaps.length} values, expected ${w * h * LIP_NUM_JOINTS}`);
  }
  const inputSize = options.inputSize ?? JPPNET_INPUT_SIZE;
  const mean = options.meanBgr ?? JPPNET_MEAN_BGR;
  const ignore = options.ignoreLabel ?? LIP_IGNORE_LABEL;
  const { mirror, resizedSize: n, cropX, cropY } = decisions;

  const bgr = new Float32Array(w * h * 3);
  writeMeanSubtracted(image.data, w, 0, 0, w, h, bgr, w, 0, 0, mean, mirror, true);
  const srcLabel = mirror ? (options.labelRev ?? mirrorLabelMap(label)) : label;
  const srcHeat = heatmaps ? (mirror ? mirrorHeatmaps(heatmaps, w, h) : heatmaps) : null;

  const resized = resizeBilinearTf1(bgr, w, h, 3, n, n);
  const xs = nearestSourceIndicesTf1(w, n);
  const ys = nearestSourceIndicesTf1(h, n);

  const outImage = new Float32Array(inputSize * inputSize * 3);
  const outLabel = new Uint8Array(inputSize * inputSize).fill(ignore);
  const copy = Math.max(0, Math.min(inputSize, n - cropY));
  const copyW = Math.max(0, Math.min(inputSize, n - cropX));
  for (let y = 0; y < copy; y++) {
    const sy = cropY + y;
    outImage.set(resized.subarray((sy * n + cropX) * 3, (sy * n + cropX + copyW) * 3), y * inputSize * 3);
    const ly = ys[sy]! * w;
    for (let x = 0; x < copyW; x++) outLabel[y * inputSize + x] = srcLabel.data[ly + xs[cropX + x]!]!;
  }

  const heatmapSize = Math.trunc(inputSize / JPPNET_HEATMAP_STRIDE);
  const outHeat = new Float32Array(heatmapSize * heatmapSize * LIP_NUM_JOINTS);
  if (srcHeat) {
    const hs = nearestSourceIndicesTf1(inputSize, heatmapSize);
    for (let y = 0; y < heatmapSize; y++) {
      const cy = cropY + hs[y]!; // row in the padded, resized square
      if (cy >= n) continue;
      const sy = ys[cy]!;
      for (let x = 0; x < heatmapSize; x++) {
        const cx = cropX + hs[x]!;
        if (cx >= n) continue;
        const s = (sy * w + xs[cx]!) * LIP_NUM_JOINTS;
        const d = (y * heatmapSize + x) * LIP_NUM_JOINTS;
        for (let k = 0; k < LIP_NUM_JOINTS; k++) outHeat[d + k] = srcHeat[s + k]! / 255;
      }
    }
  }
  return { inputSize, image: outImage, label: outLabel, heatmaps: outHeat, heatmapSize, decisions };
}

/** The JPPNet training augmentation of one sample, deterministic from `seed`. */
export function augmentJppnetTrain(
  image: RgbImage,
  label: LabelMap,
  heatmaps: Uint8Array | null,
  seed: number,
  options: JppnetTrainOptions & { labelRev?: LabelMap } = {},
): JppnetTrainSample {
  return applyJppnetTrain(image, label, heatmaps, decideJppnetTrain(new SeededRandom(seed), options), options);
}
