import * as tfl from '@tensorflow/tfjs-layers';
import { inlineLayersModel } from '@lip/runtime';
import { createResnetTrunk } from '@lip/pspnet';
import { HeadConvFactory } from './head-conv.js';
import { Jppnet } from './jppnet.js';
import { parsingRefine, parsingStage1, poseNet, poseRefine } from './jppnet-branches.js';
import { jppnetConfigOf, resolveJppnetConfig, type JppnetConfig } from './jppnet-config.js';

/** Key of the JPPNet config in a saved model's `userDefinedMetadata`. */
export const JPPNET_METADATA_KEY = 'jppnet';

type SymbolicTensor = tfl.SymbolicTensor;

/**
 * JPPNet at one input scale (LIP_JPPNet `utils/model.py`, `LIP_model.py` and the stage wiring of
 * `train_JPPNet-s2.py`) as one `tf.LayersModel`:
 * `image` [B, H, W, 3] (BGR − mean, any size) → the stage outputs at H/8 × W/8, parsing logits of
 * stages 1..T then pose heatmaps of stages 1..T (T = refinementStages + 1).
 *
 * - the DeepLab-v2 trunk (`@lip/pspnet`; its layers are the standalone model `jppnet.trunk`'s), read at
 *   `res5c_relu` and at the last block of stage 4 (`res4b22_relu`);
 * - stage 1: `fc1_human` (summed ASPP) + `res5d_branch2{a,b}_parsing`, and `fc1_pose/pose_conv1..8`;
 * - stage k ≥ 2: `fc{k}_pose` = pose_refine(pose_{k−1}, parsing_{k−1}, pose feature) and
 *   `fc{k}_parsing` = parsing_refine(parsing_{k−1}, pose_{k−1}, parsing feature), each with its own weights.
 *
 * Every layer carries the reference's variable scope as its name, so a TF checkpoint of JPPNet loads by
 * name (`loadJppnetWeights`). The same model serves every scale: the training-time fusion over scales
 * 1 / 0.75 / 0.5 (`forwardJppnetTraining`) and the test-time fusion (`inferJppnet`) apply it repeatedly,
 * sharing all weights as the reference does.
 */
export function createJppnet(config: JppnetConfig = {}): Jppnet {
  const c = resolveJppnetConfig(config);
  const trunk = createResnetTrunk(c.trunk);
  const image = tfl.input({ shape: [null, null, 3], name: 'image' });
  // Inlined, not nested: tfjs-layers would run a nested two-output trunk once per output (twice per forward).
  const [res5, res4] = inlineLayersModel(trunk, image);
  const f = new HeadConvFactory(c.headInitializer, c.seed);
  let parsing = parsingStage1(res5!, c, f);
  let pose = poseNet(res4!, c, f);
  const parsingOutputs = [parsing.out];
  const poseOutputs = [pose.out];
  for (let k = 2; k <= c.refinementStages + 1; k++) {
    // train_JPPNet-s2.py builds fc{k}_pose before fc{k}_parsing; both read stage k−1's outputs.
    const nextPose = poseRefine(k, pose.out, parsing.out, pose.feature, c, f);
    const nextParsing = parsingRefine(k, parsing.out, pose.out, parsing.feature, c, f);
    pose = nextPose;
    parsing = nextParsing;
    parsingOutputs.push(parsing.out);
    poseOutputs.push(pose.out);
  }
  const model = tfl.model({ inputs: image, outputs: [...parsingOutputs, ...poseOutputs], name: c.name });
  model.setUserDefinedMetadata({ [JPPNET_METADATA_KEY]: jppnetConfigOf(c) as Record<string, unknown> } as never);
  return new Jppnet(c, model, trunk);
}
