import { blendOverlay, colorizeLabelMap, createMissingJoints, drawSkeleton, LIP_NUM_JOINTS, type LabelMap, type LipJoints, type RgbImage } from '@lip/dataset';
import type { Keypoint } from '../inference/keypoints.js';

/** Keypoints as `@lip/dataset` joints (CSV order); those scoring below `minScore` become missing (NaN). */
export function keypointsToJoints(keypoints: readonly Keypoint[], minScore = -Infinity): LipJoints {
  if (keypoints.length !== LIP_NUM_JOINTS) throw new Error(`@lip/jppnet: expected ${LIP_NUM_JOINTS} LIP keypoints, got ${keypoints.length}`);
  const joints = createMissingJoints();
  keypoints.forEach((k, i) => {
    if (k.score >= minScore) {
      joints.x[i] = k.x;
      joints.y[i] = k.y;
    }
  });
  return joints;
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
  return drawSkeleton(image, keypointsToJoints(keypoints, options.minScore), { radius: options.radius ?? Math.max(1, Math.round(Math.min(image.width, image.height) / 100)) });
}
