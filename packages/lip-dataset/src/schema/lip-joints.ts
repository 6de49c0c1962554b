/** The 16 LIP pose joints in file / heatmap-channel order (the MPII order). */
export const LIP_JOINT_NAMES: readonly string[] = Object.freeze([
  'R_Ankle',
  'R_Knee',
  'R_Hip',
  'L_Hip',
  'L_Knee',
  'L_Ankle',
  'B_Pelvis',
  'B_Spine',
  'B_Neck',
  'B_Head',
  'R_Wrist',
  'R_Elbow',
  'R_Shoulder',
  'L_Shoulder',
  'L_Elbow',
  'L_Wrist',
]);

/** Number of LIP joints. */
export const LIP_NUM_JOINTS = 16;

/** Named joint indices. */
export const LipJoint = Object.freeze({
  RAnkle: 0,
  RKnee: 1,
  RHip: 2,
  LHip: 3,
  LKnee: 4,
  LAnkle: 5,
  Pelvis: 6,
  Spine: 7,
  Neck: 8,
  Head: 9,
  RWrist: 10,
  RElbow: 11,
  RShoulder: 12,
  LShoulder: 13,
  LElbow: 14,
  LWrist: 15,
} as const);

/**
 * Joint permutation for a mirrored image: `flipped[k] = original[LIP_JOINT_FLIP_PERMUTATION[k]]`
 * (`pose_rev` of JPPNet `utils/lip_reader.py`).
 */
export const LIP_JOINT_FLIP_PERMUTATION: readonly number[] = Object.freeze([
  5, 4, 3, 2, 1, 0, 6, 7, 8, 9, 15, 14, 13, 12, 11, 10,
]);

/** Pairs of joints joined by a limb, for drawing skeletons. */
export const LIP_SKELETON_EDGES: readonly (readonly [number, number])[] = Object.freeze([
  [0, 1],
  [1, 2],
  [2, 6],
  [3, 6],
  [3, 4],
  [4, 5],
  [6, 7],
  [7, 8],
  [8, 9],
  [7, 12],
  [12, 11],
  [11, 10],
  [7, 13],
  [13, 14],
  [14, 15],
] as const);

/**
 * The 16 joints of one person. Coordinates are in pixels of the original image (x = column,
 * y = row); a missing joint has NaN coordinates. `flag` is the third CSV value per joint, kept
 * raw (NaN when missing): LIP documents it inconsistently ("visible" in the package README,
 * "occluded" when 1 in other readers); JPPNet ignores it.
 */
export interface LipJoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly flag: Float64Array;
}

/** A `LipJoints` with every joint missing. */
export function createMissingJoints(): LipJoints {
  return {
    x: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
    y: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
    flag: new Float64Array(LIP_NUM_JOINTS).fill(NaN),
  };
}

/**
 * Joints of the horizontally mirrored image: x ↦ `width - 1 - x` and left/right swapped,
 * so that joint k still means the same body part.
 */
export function mirrorJoints(joints: LipJoints, width: number): LipJoints {
  const out = createMissingJoints();
  for (let k = 0; k < LIP_NUM_JOINTS; k++) {
    const src = LIP_JOINT_FLIP_PERMUTATION[k]!;
    out.x[k] = width - 1 - joints.x[src]!;
    out.y[k] = joints.y[src]!;
    out.flag[k] = joints.flag[src]!;
  }
  return out;
}
