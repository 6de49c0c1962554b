/**
 * Layer names of the JPPNet heads, as the reference's TF variable scopes name them (LIP_JPPNet `utils/model.py`,
 * `LIP_model.py`, `utils/ops.py`).
 * A TF variable `fc2_pose/conv1/w` is weight `kernel` of layer `fc2_pose/conv1`: tfjs-layers accepts `/`
 * in layer names, so the checkpoint's names are used as they are and load without a rename table.
 */

/** Parsing stage 1 on `res5c_relu` (kaffe convs `<name>/weights`, `<name>/biases`). */
export const PARSING_STAGE1_NAMES = Object.freeze({
  aspp: Object.freeze(['fc1_human_c0', 'fc1_human_c1', 'fc1_human_c2', 'fc1_human_c3']),
  /** The sum of the four ASPP branches: the stage-1 parsing logits. */
  sum: 'fc1_human',
  featureA: 'res5d_branch2a_parsing',
  /** The parsing context feature `parsing_fea1`. */
  featureB: 'res5d_branch2b_parsing',
});

/** Pose stage 1 (`pose_net(res4b22_relu, 'fc1_pose')`): `fc1_pose/pose_conv1..8`. */
export function poseNetNames(scope = 'fc1_pose'): string[] {
  return [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `${scope}/pose_conv${i}`);
}

export interface PoseRefineNames {
  scope: string;
  poseRemap: string;
  parsingRemap: string;
  concat: string;
  /** conv1 3×3, conv2 5×5, conv3 7×7, conv4 9×9 (= next pose feature), conv5 1×1, conv6 1×1 (= heatmaps). */
  convs: string[];
}

/** `pose_refine(..., 'fc{stage}_pose')`; stage counts from 2. */
export function poseRefineNames(stage: number): PoseRefineNames {
  const scope = `fc${stage}_pose`;
  return {
    scope,
    poseRemap: `${scope}/pose_remap`,
    parsingRemap: `${scope}/parsing_remap`,
    concat: `${scope}/concat`,
    convs: [1, 2, 3, 4, 5, 6].map((i) => `${scope}/conv${i}`),
  };
}

export interface ParsingRefineNames {
  scope: string;
  poseRemap: string;
  parsingRemap: string;
  concat: string;
  /** parsing_conv1 3×3 … parsing_conv4 9×9 (= next parsing feature), parsing_conv5 1×1. */
  convs: string[];
  /** parsing_human1..4: atrous 3×3 → classes, rates 6/12/18/24. */
  aspp: string[];
  /** Their sum: the refined parsing logits. */
  sum: string;
}

/** `parsing_refine(..., 'fc{stage}_parsing')`; stage counts from 2. */
export function parsingRefineNames(stage: number): ParsingRefineNames {
  const scope = `fc${stage}_parsing`;
  return {
    scope,
    poseRemap: `${scope}/pose_remap`,
    parsingRemap: `${scope}/parsing_remap`,
    concat: `${scope}/concat`,
    convs: [1, 2, 3, 4, 5].map((i) => `${scope}/parsing_conv${i}`),
    aspp: [1, 2, 3, 4].map((i) => `${scope}/parsing_human${i}`),
    sum: `${scope}/parsing_human`,
  };
}

/** The layers whose outputs are the stage outputs, stage 1 first: parsing logits and pose heatmaps. */
export function stageOutputNames(refinementStages: number): { parsing: string[]; pose: string[] } {
  const parsing: string[] = [PARSING_STAGE1_NAMES.sum];
  const pose = [poseNetNames()[7]!];
  for (let k = 2; k <= refinementStages + 1; k++) {
    parsing.push(parsingRefineNames(k).sum);
    pose.push(poseRefineNames(k).convs[5]!);
  }
  return { parsing, pose };
}
