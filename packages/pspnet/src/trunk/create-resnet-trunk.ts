import * as tfl from '@tensorflow/tfjs-layers';
import { atrousConv2dLayer } from '@lip/runtime';
import { bottleneckNames, stemNames } from './layer-names.js';
import { resolveResnetTrunkConfig, type ResnetTrunkConfig, type ResolvedResnetTrunkConfig } from './resnet-trunk-config.js';

type SymbolicTensor = tfl.SymbolicTensor;

/** Builds layers in graph order and remembers every layer's output by name, for taps. */
class TrunkBuilder {
  readonly outputs = new Map<string, SymbolicTensor>();
  private convCount = 0;

  constructor(private readonly config: ResolvedResnetTrunkConfig) {}

  private record(name: string, tensor: SymbolicTensor): SymbolicTensor {
    this.outputs.set(name, tensor);
    return tensor;
  }

  /**
   * A bias-free conv, 'same' padding (TF rules: extra padding bottom/right when strided).
   * PSPNet-Keras writes its dilated 3×3 as ZeroPadding2D(d) + 'valid', which is the same thing.
   * Every dilated conv is the runtime's trainable AtrousConv2D.
   */
  conv(x: SymbolicTensor, name: string, filters: number, kernelSize: number, strides: number, dilation: number): SymbolicTensor {
    const seed = this.config.seed;
    const kernelInitializer = tfl.initializers.glorotUniform(seed == null ? {} : { seed: seed + this.convCount++ });
    const common = { filters, kernelSize, padding: 'same' as const, useBias: false, name, kernelInitializer };
    const layer = dilation > 1
      ? atrousConv2dLayer({ ...common, dilationRate: dilation })
      : tfl.layers.conv2d({ ...common, strides });
    return this.record(name, layer.apply(x) as SymbolicTensor);
  }

  bn(x: SymbolicTensor, name: string): SymbolicTensor {
    const { momentum, epsilon } = this.config.batchNorm;
    return this.record(name, tfl.layers.batchNormalization({ momentum, epsilon, name }).apply(x) as SymbolicTensor);
  }

  relu(x: SymbolicTensor, name: string): SymbolicTensor {
    return this.record(name, tfl.layers.activation({ activation: 'relu', name }).apply(x) as SymbolicTensor);
  }

  add(a: SymbolicTensor, b: SymbolicTensor, name: string): SymbolicTensor {
    return this.record(name, tfl.layers.add({ name }).apply([a, b]) as SymbolicTensor);
  }

  maxPool(x: SymbolicTensor, name: string): SymbolicTensor {
    return this.record(name, tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name }).apply(x) as SymbolicTensor);
  }
}

/**
 * A dilated ResNet trunk as one `tf.LayersModel`, so it nests as a single layer, is shared
 * across input scales, and its weights load by the reference's layer names.
 *
 * - `family: 'pspnet'` — PSPNet-Keras `ResNet()` (SS-NAN's `resnet101_model`): deep stem of three
 *   3×3 convs, `conv{L}_{S}_1x1_reduce/_3x3/_1x1_increase/_1x1_proj` (+`_bn`), BN 0.95 / 1e-5,
 *   stride on the first 1×1 and the projection.
 * - `family: 'deeplab'` — DeepLab-v2 caffe ResNet (JPPNet's trunk): 7×7 `conv1`/`bn_conv1`,
 *   `res{id}_branch2a/2b/2c/1` with `bn{id}_…`, BN epsilon 1e-3 (JPPNet trains it frozen: a training-time choice).
 *
 * Outputs: the last stage (after ReLU, 2048 × width channels, stride 8 or 16), then each tap in order.
 */
export function createResnetTrunk(config: ResnetTrunkConfig): tfl.LayersModel {
  const resolved = resolveResnetTrunkConfig(config);
  const b = new TrunkBuilder(resolved);
  const input = tfl.input({ shape: resolved.inputShape, name: `${resolved.name}_input` });

  const stem = stemNames(resolved.family);
  const stemKernel = resolved.family === 'pspnet' ? 3 : 7;
  let x: SymbolicTensor = input;
  stem.convs.forEach((names, i) => {
    x = b.conv(x, names.conv, resolved.stemChannels[i]!, stemKernel, i === 0 ? 2 : 1, 1);
    x = b.relu(b.bn(x, names.bn), names.relu);
  });
  // PSPNet-Keras also applies a ReLU to the pool's output (every block starts with one);
  // the pool's input is already a ReLU output, so that one is the identity and is left out.
  x = b.maxPool(x, stem.pool);

  const blockOutputs: string[] = [];
  for (const plan of resolved.stages) {
    for (let i = 0; i < plan.blocks; i++) {
      const n = bottleneckNames(resolved.family, plan.stage, i, resolved.depth);
      const stride = i === 0 ? plan.stride : 1;
      let y = b.conv(x, n.reduce, plan.midChannels, 1, stride, 1);
      y = b.relu(b.bn(y, n.reduceBn), n.reduceRelu);
      y = b.conv(y, n.conv3x3, plan.midChannels, 3, 1, plan.dilation);
      y = b.relu(b.bn(y, n.conv3x3Bn), n.conv3x3Relu);
      y = b.bn(b.conv(y, n.increase, plan.outChannels, 1, 1, 1), n.increaseBn);
      const shortcut = i === 0 ? b.bn(b.conv(x, n.projection, plan.outChannels, 1, stride, 1), n.projectionBn) : x;
      x = b.relu(b.add(y, shortcut, n.add), n.relu);
      blockOutputs.push(n.relu);
    }
  }

  const taps = resolved.taps.map((name) => {
    const tensor = b.outputs.get(name);
    if (tensor == null) {
      throw new Error(`@lip/pspnet: createResnetTrunk: no layer named '${name}' to tap in the ${resolved.family} trunk '${resolved.name}'; any layer can be tapped; the block outputs are ${blockOutputs.join(', ')}`);
    }
    return tensor;
  });
  return tfl.model({ inputs: input, outputs: [x, ...taps], name: resolved.name });
}
