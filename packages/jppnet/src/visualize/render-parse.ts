import type { Keypoint } from '../inference/keypoints.js';
import { blendOverlay, colorizeLabelMap, drawSkeleton } from '@lip/image';
import { LIP_NUM_JOINTS, type LabelMap, type PoseRecord, type RgbImage } from '@lip/schema';

/**
 * Keypoints as the `@lip/schema` pose record of image `id` (what a prediction CSV row holds: no visibility);
 * keypoints scoring below `minScore` become missing (NaN).
 */
export function keypointsToPoseRecord(id: string, keypoints: readonly Keypoint[], minScore = -Infinity): PoseRecord {
  if (keypoints.length !== LIP_NUM_JOINTS) throw new Error(`@lip/jppnet: expected ${LIP_NUM_JOINTS} LIP keypoints, got ${keypoints.length}`);
  const x = new Float64Array(LIP_NUM_JOINTS).fill(NaN);
  const y = new Float64Array(LIP_NUM_JOINTS).fill(NaN);
  keypoints.forEach((k, i) => {
    if (k.score >= minScore) {
      x[i] = k.x;
      y[i] = k.y;
    }
  });
  return { id, x, y, visibility: null };
}

/** The label map painted with the LIP palette. */
export function colorizeLabels(labels: LabelMap): RgbImage {
  return colorizeLabelMap(labels);
}

/** The coloured labels blended over the image (background left as is); `alpha` default 0.5. */
export function overlayLabels(image: RgbImage, labels: LabelMap, alpha = 0.5): RgbImage {
  return blendOverlay(image, labels, { alpha });
}

/** The skeleton drawn on a copy of the image (person's right side red, left blue), skipping joints below `minScore`. */
export function drawKeypoints(image: RgbImage, keypoints: readonly Keypoint[], options: { minScore?: number; radius?: number } = {}): RgbImage {
  return drawSkeleton(image, keypointsToPoseRecord('', keypoints, options.minScore), { radius: options.radius ?? Math.max(1, Math.round(Math.min(image.width, image.height) / 100)) });
}
