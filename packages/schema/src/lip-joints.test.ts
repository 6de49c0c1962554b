import { describe, expect, it } from 'vitest';
import { LIP_JOINT_FLIP_PERMUTATION, LIP_JOINT_NAMES, LIP_JOINT_SIDES, LIP_SKELETON_EDGES, LipJoint } from './lip-joints.js';

describe('LIP joints', () => {
  it('lists the 16 joints in MPII order', () => {
    expect(LIP_JOINT_NAMES).toEqual([
      'R_Ankle', 'R_Knee', 'R_Hip', 'L_Hip', 'L_Knee', 'L_Ankle', 'B_Pelvis', 'B_Spine',
      'B_Neck', 'B_Head', 'R_Wrist', 'R_Elbow', 'R_Shoulder', 'L_Shoulder', 'L_Elbow', 'L_Wrist',
    ]);
    expect(LIP_JOINT_NAMES[LipJoint.Head]).toBe('B_Head');
    expect(LIP_JOINT_NAMES[LipJoint.LeftWrist]).toBe('L_Wrist');
  });

  it('flip permutation maps every right joint to its left partner and is an involution', () => {
    expect(LIP_JOINT_FLIP_PERMUTATION).toEqual([5, 4, 3, 2, 1, 0, 6, 7, 8, 9, 15, 14, 13, 12, 11, 10]);
    for (let k = 0; k < 16; k++) {
      const p = LIP_JOINT_FLIP_PERMUTATION[k]!;
      expect(LIP_JOINT_FLIP_PERMUTATION[p]).toBe(k);
      const name = LIP_JOINT_NAMES[k]!;
      if (name.startsWith('R_')) expect(LIP_JOINT_NAMES[p]).toBe(`L_${name.slice(2)}`);
      if (name.startsWith('B_')) expect(p).toBe(k);
    }
  });

  it('gives each joint its side and joins every joint into one skeleton', () => {
    expect(LIP_JOINT_SIDES.filter((s) => s === 'centre').length).toBe(4);
    expect(LIP_JOINT_SIDES[0]).toBe('right');
    expect(LIP_JOINT_SIDES[15]).toBe('left');
    const reached = new Set([0]);
    for (let pass = 0; pass < 16; pass++) for (const [a, b] of LIP_SKELETON_EDGES) if (reached.has(a) || reached.has(b)) reached.add(a).add(b);
    expect(reached.size).toBe(16);
  });
});
