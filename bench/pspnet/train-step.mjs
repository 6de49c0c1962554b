// The small training configuration both measure.mjs and profile.mjs time (pspnet_tf.py TRAIN is the same in Python).
import * as tf from '@tensorflow/tfjs-core';
import '@lip/runtime/training'; // the training kernels and gradients (registered on import)
import { createPspnet } from '@lip/pspnet';

export const TRAIN = { size: 161, classes: 20, width: 0.25, depth: 50, batch: 2, lr: 1e-3, momentum: 0.9 };

/** A function running one SGD-with-momentum step of a fresh ResNet-50 PSPNet (random data, cross-entropy); it returns the loss. */
export function makeTrainStep() {
  const c = TRAIN;
  const pspnet = createPspnet({ numClasses: c.classes, inputSize: c.size, depth: c.depth, widthMultiplier: c.width, seed: 1 });
  const x = tf.randomUniform([c.batch, c.size, c.size, 3], -120, 130, 'float32', 3);
  const y = tf.oneHot(tf.randomUniform([c.batch, c.size, c.size], 0, c.classes, 'int32', 4), c.classes);
  const optimizer = tf.train.momentum(c.lr, c.momentum);
  const loss = () => {
    const probs = pspnet.model.apply(x, { training: true });
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(probs, 1e-7))), -1)));
  };
  return () => optimizer.minimize(loss, true);
}
