import * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs' Adam with a poly-decayed rate, `lr · (1 − t/numSteps)^power` at step t: for training from scratch, which
 * the references never do (JPPNet and SS-NAN start from pretrained trunks with momentum SGD). From scratch, momentum
 * SGD is slow where gradients differ in scale across the network (JPPNet's pose terms give ~15× the parsing CE's);
 * Adam scales each parameter's step by its own gradient history. Checkpoints and resumes with `train()` (tfjs'
 * Adam state: iterations, first and second moments).
 */
export class PolyAdamOptimizer extends tf.AdamOptimizer {
  constructor(
    private readonly baseRate: number,
    private readonly numSteps: number,
    private readonly power = 0.9,
  ) {
    super(baseRate, 0.9, 0.999, 1e-8);
    if (!(baseRate > 0) || !(numSteps >= 1)) throw new RangeError(`PolyAdamOptimizer: needs a rate > 0 and numSteps ≥ 1, got ${baseRate}, ${numSteps}`);
  }

  /** The rate of the next update (what `train()` logs). */
  currentLearningRate(): number {
    return this.baseRate * Math.pow(Math.max(0, 1 - this.iterations / this.numSteps), this.power);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    this.learningRate = this.currentLearningRate();
    super.applyGradients(variableGradients);
  }
}
