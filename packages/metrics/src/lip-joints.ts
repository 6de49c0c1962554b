/**
 * The 16 LIP pose keypoints in CSV / heatmap order (the MPII order).
 */
export const LIP_JOINT_NAMES = [
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
] as const;

export const LIP_NUM_JOINTS = 16;

/** Joint indices with a meaning for PCKh. */
export const LIP_JOINT = {
  rightAnkle: 0,
  rightKnee: 1,
  rightHip: 2,
  leftHip: 3,
  leftKnee: 4,
  leftAnkle: 5,
  pelvis: 6,
  thorax: 7,
  upperNeck: 8,
  headTop: 9,
  rightWrist: 10,
  rightElbow: 11,
  rightShoulder: 12,
  leftShoulder: 13,
  leftElbow: 14,
  leftWrist: 15,
} as const;

/** Left/right joint pairs swapped when an image is mirrored. */
export const LIP_JOINT_FLIP_PAIRS: readonly (readonly [number, number])[] = [
  [0, 5],
  [1, 4],
  [2, 3],
  [10, 15],
  [11, 14],
  [12, 13],
];
