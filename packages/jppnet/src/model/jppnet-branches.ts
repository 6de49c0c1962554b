import * as tfl from '@tensorflow/tfjs-layers';
import type { HeadConvFactory } from './head-conv.js';
import { JPPNET_ASPP_RATES, type ResolvedJppnetConfig } from './jppnet-config.js';
import { PARSING_STAGE1_NAMES, parsingRefineNames, poseNetNames, poseRefineNames } from './layer-names.js';

type SymbolicTensor = tfl.SymbolicTensor;

/** A stage's output and the features the next stage reads. */
export interface BranchOutput {
  out: SymbolicTensor;
  feature: SymbolicTensor;
}

/**
 * Parsing stage 1 (LIP_JPPNet `utils/model.py`) on `res5c_relu`: `fc1_human` = Σ atrous 3×3 → classes at rates 6/12/18/24
 * (logits), and the context feature `res5d_branch2a_parsing` (3×3 → 512, ReLU) →
 * `res5d_branch2b_parsing` (3×3 → 256, ReLU).
 */
export function parsingStage1(res5: SymbolicTensor, c: ResolvedJppnetConfig, f: HeadConvFactory): BranchOutput {
  const n = PARSING_STAGE1_NAMES;
  const out = f.summedAtrous(res5, n.aspp, n.sum, c.numClasses, JPPNET_ASPP_RATES, 'kaffe');
  let feature = f.conv(res5, n.featureA, c.headChannels.c512, 3, { relu: true, kind: 'kaffe' });
  feature = f.conv(feature, n.featureB, c.headChannels.c256, 3, { relu: true, kind: 'kaffe' });
  return { out, feature };
}

/** Pose stage 1 (LIP_JPPNet `LIP_model.py` `pose_net`) on `res4b22_relu`: pose_conv1..6 (3×3, ReLU; conv6 = `pose_fea1`), pose_conv7 1×1 ReLU, pose_conv8 1×1 → joints. */
export function poseNet(res4: SymbolicTensor, c: ResolvedJppnetConfig, f: HeadConvFactory): BranchOutput {
  const names = poseNetNames();
  const { c512, c256 } = c.headChannels;
  const widths = [c512, c512, c256, c256, c256, c256];
  let x = res4;
  widths.forEach((w, i) => {
    x = f.conv(x, names[i]!, w, 3, { relu: true, kind: 'ops' });
  });
  const feature = x;
  x = f.conv(x, names[6]!, c512, 1, { relu: true, kind: 'ops' });
  const out = f.conv(x, names[7]!, c.numJoints, 1, { relu: false, kind: 'ops' });
  return { out, feature };
}

/** The 3×3 / 5×5 / 7×7 / 9×9 ReLU convs of both refinement modules; returns the 9×9 output (the next feature). */
function refinementTrunk(x: SymbolicTensor, names: readonly string[], c: ResolvedJppnetConfig, f: HeadConvFactory): SymbolicTensor {
  const { c512, c256 } = c.headChannels;
  [c512, c256, c256, c256].forEach((w, i) => {
    x = f.conv(x, names[i]!, w, 3 + 2 * i, { relu: true, kind: 'ops' });
  });
  return x;
}

/**
 * `pose_refine(pose, parsing, pose_fea, 'fc{stage}_pose')` (LIP_JPPNet `LIP_model.py`): 1×1 remaps of both predictions to 128,
 * concat [pose, parsing, feature], conv1..conv4 (3/5/7/9), conv5 1×1, conv6 1×1 → joints.
 */
export function poseRefine(stage: number, pose: SymbolicTensor, parsing: SymbolicTensor, poseFeature: SymbolicTensor, c: ResolvedJppnetConfig, f: HeadConvFactory): BranchOutput {
  const n = poseRefineNames(stage);
  const poseRemap = f.conv(pose, n.poseRemap, c.headChannels.c128, 1, { relu: true, kind: 'ops' });
  const parsingRemap = f.conv(parsing, n.parsingRemap, c.headChannels.c128, 1, { relu: true, kind: 'ops' });
  const x = tfl.layers.concatenate({ axis: -1, name: n.concat }).apply([poseRemap, parsingRemap, poseFeature]) as SymbolicTensor;
  const feature = refinementTrunk(x, n.convs, c, f);
  const conv5 = f.conv(feature, n.convs[4]!, c.headChannels.c256, 1, { relu: true, kind: 'ops' });
  const out = f.conv(conv5, n.convs[5]!, c.numJoints, 1, { relu: false, kind: 'ops' });
  return { out, feature };
}

/**
 * `parsing_refine(parsing, pose, parsing_fea, 'fc{stage}_parsing')` (LIP_JPPNet `LIP_model.py`): remaps (pose first, as the
 * reference creates them), concat [parsing, pose, feature] (parsing first here), parsing_conv1..4
 * (3/5/7/9), parsing_conv5 1×1, then Σ atrous 3×3 → classes at rates 6/12/18/24.
 */
export function parsingRefine(stage: number, parsing: SymbolicTensor, pose: SymbolicTensor, parsingFeature: SymbolicTensor, c: ResolvedJppnetConfig, f: HeadConvFactory): BranchOutput {
  const n = parsingRefineNames(stage);
  const poseRemap = f.conv(pose, n.poseRemap, c.headChannels.c128, 1, { relu: true, kind: 'ops' });
  const parsingRemap = f.conv(parsing, n.parsingRemap, c.headChannels.c128, 1, { relu: true, kind: 'ops' });
  const x = tfl.layers.concatenate({ axis: -1, name: n.concat }).apply([parsingRemap, poseRemap, parsingFeature]) as SymbolicTensor;
  const feature = refinementTrunk(x, n.convs, c, f);
  const conv5 = f.conv(feature, n.convs[4]!, c.headChannels.c256, 1, { relu: true, kind: 'ops' });
  const out = f.summedAtrous(conv5, n.aspp, n.sum, c.numClasses, JPPNET_ASPP_RATES, 'ops');
  return { out, feature };
}
