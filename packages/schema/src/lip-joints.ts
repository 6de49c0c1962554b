/**
 * The 16 LIP joints in CSV / heatmap-channel order (the MPII order). `B_Head` is MPII's head top and `B_Neck`
 * its upper neck, the two ends of the PCKh head segment.
 */
export const LIP_JOINT_NAMES = Object.freeze([
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
] as const);

export type LipJointName = (typeof LIP_JOINT_NAMES)[number];

/** Number of LIP joints. */
export const LIP_NUM_JOINTS = 16;

/** Named joint indices. */
export const LipJoint = Object.freeze({
  RightAnkle: 0,
  RightKnee: 1,
  RightHip: 2,
  LeftHip: 3,
  LeftKnee: 4,
  LeftAnkle: 5,
  Pelvis: 6,
  Spine: 7,
  Neck: 8,
  Head: 9,
  RightWrist: 10,
  RightElbow: 11,
  RightShoulder: 12,
  LeftShoulder: 13,
  LeftElbow: 14,
  LeftWrist: 15,
} as const);

/** The person's side of each joint, in joint order. */
export type JointSide = 'right' | 'left' | 'centre';
export const LIP_JOINT_SIDES: readonly JointSide[] = Object.freeze(
  LIP_JOINT_NAMES.map((name): JointSide => (name.startsWith('R_') ? 'right' : name.startsWith('L_') ? 'left' : 'centre')),
);

/** Left/right joint pairs that swap when an image is mirrored. */
export const LIP_JOINT_FLIP_PAIRS: readonly (readonly [number, number])[] = Object.freeze([
  [0, 5],
  [1, 4],
  [2, 3],
  [10, 15],
  [11, 14],
  [12, 13],
] as const);

/**
 * Joint permutation for a mirrored image: `mirrored[k] = original[LIP_JOINT_FLIP_PERMUTATION[k]]`
 * (`pose_rev` of LIP_JPPNet `utils/lip_reader.py`).
 */
export const LIP_JOINT_FLIP_PERMUTATION: readonly number[] = Object.freeze(
  (() => {
    const permutation = Array.from({ length: LIP_NUM_JOINTS }, (_, k) => k);
    for (const [a, b] of LIP_JOINT_FLIP_PAIRS) {
      permutation[a] = b;
      permutation[b] = a;
    }
    return permutation;
  })(),
);

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
