// @lip/dataset universal entry: the reference-exact training augmentations and evaluation inputs of SS-NAN and
// JPPNet, and pose heatmaps. No file system, no native code. The LIP vocabulary is in @lip/schema, resampling and
// drawing in @lip/image.
export { createJointHeatmaps, HEATMAP_VARIANCE, HEATMAP_HALF_WINDOW } from './heatmaps/create-joint-heatmaps.js';
export {
  augmentSsnanTrain,
  decideSsnanTrain,
  applySsnanTrain,
  applySsnanTrainInto,
  type SsnanTrainTarget,
  type SsnanTrainOptions,
  type SsnanTrainDecisions,
  type SsnanTrainSample,
} from './augment/ssnan-train.js';
export {
  augmentJppnetTrain,
  decideJppnetTrain,
  applyJppnetTrain,
  type JppnetTrainOptions,
  type JppnetTrainDecisions,
  type JppnetTrainSample,
} from './augment/jppnet-train.js';
export { prepareJppnetEval, type JppnetEvalOptions, type JppnetEvalInput, type JppnetEvalSample } from './augment/jppnet-eval.js';
