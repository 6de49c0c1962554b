import type { Keypoint, Pose } from './human-parser.js';
import { LIP_JOINT_FLIP_PERMUTATION, LIP_JOINT_NAMES, LIP_NUM_JOINTS } from './lip-joints.js';

/**
 * The 16 joints of one person in one image, as the LIP pose CSVs hold them. Coordinates are pixels of the
 * original image (x = column, y = row); a missing joint has NaN coordinates.
 */
export interface PoseRecord {
  /** The image id without extension (`1000_1234574`), as in the dataset's id lists; see `parsePoseCsv`. */
  readonly id: string;
  /** Per joint, in `LIP_JOINT_NAMES` order; NaN when missing. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /**
   * The third CSV value per joint, kept raw (NaN when missing), or null when the source has none (prediction
   * CSVs). LIP documents it inconsistently ("visible" in the LIP pose README, "occluded" when 1 in other
   * readers); PCKh and JPPNet ignore it.
   */
  readonly visibility: Float64Array | null;
}

/**
 * A record of `id` with every joint missing (NaN coordinates and visibility); or, given a parser's `pose`, its 16
 * keypoints as a prediction record (what a prediction CSV row holds: no visibility), keypoints scoring below
 * `minScore` (default: none) missing.
 */
export function createPoseRecord(id: string, pose?: Pose, options: { minScore?: number } = {}): PoseRecord {
  if (pose == null) {
    return {
      id,
      x: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
      y: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
      visibility: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
    };
  }
  const keypoints = checkKeypoints(pose, 'createPoseRecord', id);
  const minScore = options.minScore ?? -Infinity;
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

function checkKeypoints(pose: Pose, what: string, id: string): readonly Keypoint[] {
  const keypoints = pose?.keypoints;
  if (!Array.isArray(keypoints) || keypoints.length !== LIP_NUM_JOINTS) {
    const got = Array.isArray(keypoints) ? `${keypoints.length} keypoints` : 'no keypoints array';
    throw new RangeError(`${what}: pose${id ? ` ${id}` : ''} has ${got}, expected the ${LIP_NUM_JOINTS} LIP joints in LIP_JOINT_NAMES order`);
  }
  return keypoints as readonly Keypoint[];
}

/**
 * The pose in the horizontally mirrored image, `imageWidth` pixels wide: x ↦ `imageWidth − 1 − x` (pixel
 * indices) and left/right joints swapped, so that joint k still names the same body part. Missing stays missing.
 * Works on a `PoseRecord` (CSV) and on a parser's `Pose` (keypoints and scores travel with their joint; the pose
 * score is kept).
 */
export function mirrorPose(pose: PoseRecord, imageWidth: number): PoseRecord;
export function mirrorPose(pose: Pose, imageWidth: number): Pose;
export function mirrorPose(pose: PoseRecord | Pose, imageWidth: number): PoseRecord | Pose {
  if ('keypoints' in pose) {
    const keypoints = checkKeypoints(pose, 'mirrorPose', '');
    return {
      keypoints: LIP_JOINT_NAMES.map((name, k): Keypoint => {
        const source = keypoints[LIP_JOINT_FLIP_PERMUTATION[k]!]!;
        return { name, x: imageWidth - 1 - source.x, y: source.y, score: source.score };
      }),
      score: pose.score,
    };
  }
  const joints = pose.x.length;
  if (joints !== LIP_NUM_JOINTS) throw new RangeError(`mirrorPose: pose ${pose.id} has ${joints} joints, expected ${LIP_NUM_JOINTS}`);
  const x = new Float64Array(joints);
  const y = new Float64Array(joints);
  const visibility = pose.visibility ? new Float64Array(joints) : null;
  for (let k = 0; k < joints; k++) {
    const source = LIP_JOINT_FLIP_PERMUTATION[k]!;
    x[k] = imageWidth - 1 - pose.x[source]!;
    y[k] = pose.y[source]!;
    if (visibility) visibility[k] = pose.visibility![source]!;
  }
  return { id: pose.id, x, y, visibility };
}
