import { LIP_NUM_JOINTS, LipJoint, type SeededRandom } from '@lip/schema';

/** Geometry of one procedural person: joint positions (float pixels) plus the sizes used to draw it. */
export interface SyntheticPose {
  /** x, y of the 16 LIP joints in LIP order (may lie outside the image). */
  readonly jx: Float64Array;
  readonly jy: Float64Array;
  /** Person height (head top to ankles) in pixels. */
  readonly height: number;
  /** True when the person faces the camera (their right side is on the image left). */
  readonly facingCamera: boolean;
  /** Unit vector pointing up the torso. */
  readonly up: readonly [number, number];
  /** Unit vector pointing up the head. */
  readonly headUp: readonly [number, number];
  /** Torso width factor (1 = frontal; smaller = turned). */
  readonly widthFactor: number;
  /** Each arm drawn behind the torso (right, left). */
  readonly armBehind: readonly [boolean, boolean];
}

function rotate(vx: number, vy: number, angle: number): [number, number] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [vx * c - vy * s, vx * s + vy * c];
}

/**
 * Samples a plausible standing / walking / gesturing pose: a 16-joint skeleton with randomised lean,
 * arm and leg angles, width (turn) and scale, placed so the head is in the frame.
 */
export function sampleSyntheticPose(random: SeededRandom, size: number): SyntheticPose {
  const jx = new Float64Array(LIP_NUM_JOINTS);
  const jy = new Float64Array(LIP_NUM_JOINTS);
  const H = size * random.uniform(0.55, 1.3);
  const facingCamera = random.chance(0.8);
  const widthFactor = random.uniform(0.65, 1.05);
  const lean = random.normal(0, 0.1);
  const up: [number, number] = [Math.sin(lean), -Math.cos(lean)];
  const headLean = lean + random.normal(0, 0.12);
  const headUp: [number, number] = [Math.sin(headLean), -Math.cos(headLean)];
  // Lateral unit vector pointing to the image right when upright; the person's right is on the
  // image left when they face the camera.
  const lateral: [number, number] = [Math.cos(lean), Math.sin(lean)];
  const rightSign = facingCamera ? -1 : 1;
  const side = (k: -1 | 1): [number, number] => [lateral[0] * k, lateral[1] * k];

  // Place the head top, then build down from the pelvis.
  const headTopX = size * random.uniform(0.38, 0.62);
  const headTopY = size * random.uniform(0.02, 0.12);
  const headLen = 0.13 * H;
  const neckLen = 0.05 * H;
  const torsoLen = 0.29 * H;
  const neckX = headTopX - headUp[0] * headLen;
  const neckY = headTopY - headUp[1] * headLen;
  const thoraxX = neckX - up[0] * neckLen;
  const thoraxY = neckY - up[1] * neckLen;
  const pelvisX = thoraxX - up[0] * torsoLen;
  const pelvisY = thoraxY - up[1] * torsoLen;
  const set = (k: number, x: number, y: number): void => {
    jx[k] = x;
    jy[k] = y;
  };
  set(LipJoint.Head, headTopX, headTopY);
  set(LipJoint.Neck, neckX, neckY);
  set(LipJoint.Spine, thoraxX, thoraxY);
  set(LipJoint.Pelvis, pelvisX, pelvisY);

  const shoulderHalf = 0.105 * H * widthFactor;
  const hipHalf = 0.068 * H * widthFactor;
  const upperArm = 0.165 * H;
  const forearm = 0.145 * H;
  const thigh = 0.235 * H;
  const shin = 0.235 * H;

  const limbs = [
    { sign: rightSign as -1 | 1, shoulder: LipJoint.RightShoulder, elbow: LipJoint.RightElbow, wrist: LipJoint.RightWrist, hip: LipJoint.RightHip, knee: LipJoint.RightKnee, ankle: LipJoint.RightAnkle },
    { sign: -rightSign as -1 | 1, shoulder: LipJoint.LeftShoulder, elbow: LipJoint.LeftElbow, wrist: LipJoint.LeftWrist, hip: LipJoint.LeftHip, knee: LipJoint.LeftKnee, ankle: LipJoint.LeftAnkle },
  ];
  const down: [number, number] = [-up[0], -up[1]];
  for (const limb of limbs) {
    const [sx, sy] = side(limb.sign);
    const shX = thoraxX + sx * shoulderHalf + down[0] * 0.015 * H;
    const shY = thoraxY + sy * shoulderHalf + down[1] * 0.015 * H;
    set(limb.shoulder, shX, shY);
    // Arm: rotate "down" towards this side by the abduction angle, then bend the elbow either way.
    const towards = (angle: number): [number, number] => [
      down[0] * Math.cos(angle) + sx * Math.sin(angle),
      down[1] * Math.cos(angle) + sy * Math.sin(angle),
    ];
    const raised = random.chance(0.3);
    const [ux, uy] = towards(raised ? random.uniform(0.7, 2.6) : random.uniform(0.05, 0.6));
    const elX = shX + ux * upperArm;
    const elY = shY + uy * upperArm;
    set(limb.elbow, elX, elY);
    const [fx, fy] = rotate(ux, uy, random.uniform(-0.5, 2.0) * (random.chance(0.5) ? 1 : -1));
    set(limb.wrist, elX + fx * forearm, elY + fy * forearm);

    const hipX = pelvisX + sx * hipHalf;
    const hipY = pelvisY + sy * hipHalf;
    set(limb.hip, hipX, hipY);
    const [tx, ty] = towards(random.uniform(-0.08, 0.3));
    const knX = hipX + tx * thigh;
    const knY = hipY + ty * thigh;
    set(limb.knee, knX, knY);
    const [kx, ky] = rotate(tx, ty, random.uniform(-0.3, 0.3));
    set(limb.ankle, knX + kx * shin, knY + ky * shin);
  }
  const armBehind: [boolean, boolean] = [random.chance(0.12), random.chance(0.12)];
  return { jx, jy, height: H, facingCamera, up, headUp, widthFactor, armBehind };
}
