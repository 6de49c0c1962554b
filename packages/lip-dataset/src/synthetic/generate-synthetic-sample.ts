import { BodyPart } from './body-part.js';
import { drawPerson } from './draw-person.js';
import { LabelCanvas } from './label-canvas.js';
import { renderBackground } from './render-background.js';
import { renderPerson, samplePersonAppearance } from './render-person.js';
import { sampleSyntheticOutfit, type SyntheticOutfit } from './synthetic-outfit.js';
import { sampleSyntheticPose } from './synthetic-pose.js';
import { type LabelMap, type RgbImage, LIP_NUM_JOINTS, LipJoint as J, createPoseRecord, type PoseRecord, SeededRandom, deriveSeed } from '@lip/schema';

/** One synthetic LIP sample: image, label map and joints, plus what was drawn. */
export interface SyntheticSample {
  readonly image: RgbImage;
  readonly label: LabelMap;
  /**
   * Joints rounded to whole pixels; joints outside the image are missing (NaN). `flag` is 1 when
   * another body part covers the joint (occluded) and 0 otherwise.
   */
  readonly joints: PoseRecord;
  readonly outfit: SyntheticOutfit;
  readonly facingCamera: boolean;
}

/** Body parts a joint may lie on without being occluded. */
const JOINT_PARTS: readonly (readonly number[])[] = (() => {
  const t: number[][] = [];
  for (const k of [J.RightAnkle, J.RightKnee]) t[k] = [BodyPart.RightLeg];
  for (const k of [J.LeftAnkle, J.LeftKnee]) t[k] = [BodyPart.LeftLeg];
  t[J.RightHip] = [BodyPart.RightLeg, BodyPart.Torso];
  t[J.LeftHip] = [BodyPart.LeftLeg, BodyPart.Torso];
  t[J.Pelvis] = [BodyPart.Torso, BodyPart.RightLeg, BodyPart.LeftLeg];
  t[J.Spine] = [BodyPart.Torso, BodyPart.Head];
  t[J.Neck] = [BodyPart.Head, BodyPart.Torso];
  t[J.Head] = [BodyPart.Head];
  for (const k of [J.RightWrist, J.RightElbow, J.RightShoulder]) t[k] = [BodyPart.RightArm];
  for (const k of [J.LeftWrist, J.LeftElbow, J.LeftShoulder]) t[k] = [BodyPart.LeftArm];
  t[J.RightShoulder]!.push(BodyPart.Torso);
  t[J.LeftShoulder]!.push(BodyPart.Torso);
  return t;
})();

/**
 * Generates the `index`-th synthetic sample of a `size`×`size` mini-LIP from `seed`: a textured,
 * cluttered background and one procedural person (16-joint skeleton, random pose, scale and
 * outfit). Pure and deterministic: the same (seed, index, size) always gives the same arrays.
 */
export function generateSyntheticSample(seed: number, index: number, size: number): SyntheticSample {
  if (!Number.isInteger(size) || size < 16) throw new RangeError(`generateSyntheticSample: size must be an integer ≥ 16, got ${size}`);
  const random = new SeededRandom(deriveSeed(seed, index));
  const noiseSeed = random.nextUint32();
  const rgb = new Uint8Array(size * size * 3);
  renderBackground(rgb, size, size, random, noiseSeed);

  const pose = sampleSyntheticPose(random, size);
  const outfit = sampleSyntheticOutfit(random, index);
  const canvas = new LabelCanvas(size, size);
  drawPerson(canvas, pose, outfit, random);
  const textures = samplePersonAppearance(random);
  renderPerson(rgb, canvas.label, size, size, textures, random.uniform(-0.6, 0.6), noiseSeed ^ 0x5f3759df);

  const joints = createPoseRecord(`synthetic_${index}`);
  for (let k = 0; k < LIP_NUM_JOINTS; k++) {
    const x = Math.round(pose.jx[k]!);
    const y = Math.round(pose.jy[k]!);
    if (x < 0 || y < 0 || x >= size || y >= size) continue;
    const part = canvas.part[y * size + x]!;
    joints.x[k] = x;
    joints.y[k] = y;
    joints.visibility![k] = part !== BodyPart.None && !JOINT_PARTS[k]!.includes(part) ? 1 : 0;
  }
  return {
    image: { width: size, height: size, data: rgb },
    label: { width: size, height: size, data: canvas.label },
    joints,
    outfit,
    facingCamera: pose.facingCamera,
  };
}
