import { LIP_JOINT_FLIP_PERMUTATION, LIP_NUM_JOINTS } from './lip-joints.js';

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

/** A record of `id` with every joint missing (NaN coordinates and visibility). */
export function createPoseRecord(id: string): PoseRecord {
  return {
    id,
    x: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
    y: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
    visibility: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
  };
}

/**
 * The pose in the horizontally mirrored image, `imageWidth` pixels wide: x ↦ `imageWidth − 1 − x` (pixel
 * indices) and left/right joints swapped, so that joint k still names the same body part. Missing stays missing.
 */
export function mirrorPose(pose: PoseRecord, imageWidth: number): PoseRecord {
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
