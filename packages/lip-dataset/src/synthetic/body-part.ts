/** Body part ids written to `LabelCanvas.part`, used to decide whether a joint is occluded. */
export const BodyPart = Object.freeze({
  /** Clothing that covers limbs without hiding them (skirts, coat tails) and the background. */
  None: 0,
  Torso: 1,
  RightArm: 2,
  LeftArm: 3,
  RightLeg: 4,
  LeftLeg: 5,
  Head: 6,
} as const);
