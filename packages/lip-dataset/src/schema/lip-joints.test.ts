import { describe, expect, it } from 'vitest';
import { LIP_JOINT_FLIP_PERMUTATION, LIP_JOINT_NAMES, createMissingJoints, mirrorJoints } from './lip-joints.js';

describe('LIP joints', () => {
  it('lists the 16 joints in MPII order', () => {
    expect(LIP_JOINT_NAMES).toEqual([
      'R_Ankle', 'R_Knee', 'R_Hip', 'L_Hip', 'L_Knee', 'L_Ankle', 'B_Pelvis', 'B_Spine',
      'B_Neck', 'B_Head', 'R_Wrist', 'R_Elbow', 'R_Shoulder', 'L_Shoulder', 'L_Elbow', 'L_Wrist',
    ]);
  });

  it('flip permutation maps every right joint to its left partner and is an involution', () => {
    expect(LIP_JOINT_FLIP_PERMUTATION).toEqual([5, 4, 3, 2, 1, 0, 6, 7, 8, 9, 15, 14, 13, 12, 11, 10]);
    for (let k = 0; k < 16; k++) {
      const p = LIP_JOINT_FLIP_PERMUTATION[k]!;
      expect(LIP_JOINT_FLIP_PERMUTATION[p]).toBe(k);
      const name = LIP_JOINT_NAMES[k]!;
      const partner = LIP_JOINT_NAMES[p]!;
      if (name.startsWith('R_')) expect(partner).toBe(`L_${name.slice(2)}`);
      if (name.startsWith('B_')) expect(partner).toBe(name);
    }
  });

  it('mirrors joints: x → width-1-x with sides swapped; missing stays missing', () => {
    const j = createMissingJoints();
    j.x[0] = 10; j.y[0] = 20; j.flag[0] = 1; // R_Ankle
    j.x[9] = 50; j.y[9] = 5; j.flag[9] = 0; // head
    const m = mirrorJoints(j, 100);
    expect(m.x[5]).toBe(89); // now L_Ankle slot holds the mirrored R_Ankle
    expect(m.y[5]).toBe(20);
    expect(m.flag[5]).toBe(1);
    expect(m.x[9]).toBe(49);
    expect(Number.isNaN(m.x[0]!)).toBe(true);
  });
});
