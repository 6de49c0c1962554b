import type { ResnetDepth, ResnetFamily } from './resnet-trunk-config.js';

/** Layer names of one stem conv: conv, its BN and the ReLU after it. */
export interface StemConvNames {
  conv: string;
  bn: string;
  relu: string;
}

/** Layer names of one bottleneck block, as the reference names them (ReLUs and adds are weightless). */
export interface BottleneckNames {
  reduce: string;
  reduceBn: string;
  reduceRelu: string;
  conv3x3: string;
  conv3x3Bn: string;
  conv3x3Relu: string;
  increase: string;
  increaseBn: string;
  /** Projection shortcut, first block of a stage only. */
  projection: string;
  projectionBn: string;
  /** The residual sum and the ReLU after it (the block's output, and a tap point). */
  add: string;
  relu: string;
}

export interface StemNames {
  convs: StemConvNames[];
  pool: string;
}

/**
 * PSPNet-Keras stem (`layers_builder.py ResNet`): three 3×3 convs named as in PSPNet's caffe model.
 * The reference leaves its ReLUs and pool unnamed; ours take the caffe names' spirit so they can be tapped.
 */
export function pspnetStemNames(): StemNames {
  const convs = ['conv1_1_3x3_s2', 'conv1_2_3x3', 'conv1_3_3x3'].map((conv) => ({ conv, bn: `${conv}_bn`, relu: `${conv}_relu` }));
  return { convs, pool: 'pool1_3x3_s2' };
}

/** PSPNet-Keras block `conv{stage}_{index}`, index counting from 1. */
export function pspnetBlockNames(stage: number, index: number): BottleneckNames {
  const p = `conv${stage}_${index}`;
  return {
    reduce: `${p}_1x1_reduce`,
    reduceBn: `${p}_1x1_reduce_bn`,
    reduceRelu: `${p}_1x1_reduce_relu`,
    conv3x3: `${p}_3x3`,
    conv3x3Bn: `${p}_3x3_bn`,
    conv3x3Relu: `${p}_3x3_relu`,
    increase: `${p}_1x1_increase`,
    increaseBn: `${p}_1x1_increase_bn`,
    projection: `${p}_1x1_proj`,
    projectionBn: `${p}_1x1_proj_bn`,
    add: p,
    relu: `${p}_relu`,
  };
}

/** DeepLab-v2 / JPPNet stem: `conv1` 7×7, `bn_conv1` (ReLU fused in the reference), `pool1`. */
export function deeplabStemNames(): StemNames {
  return { convs: [{ conv: 'conv1', bn: 'bn_conv1', relu: 'bn_conv1_relu' }], pool: 'pool1' };
}

/**
 * The block id in He et al.'s caffe ResNets, which DeepLab-v2 and JPPNet keep: the first block
 * is `a`; ResNet-50 continues with letters (`res4f`), ResNet-101/152 number the rest of stages 3
 * and 4 (`res3b1`, `res4b22`) and use letters in stages 2 and 5.
 */
export function deeplabBlockId(stage: number, index: number, depth: ResnetDepth): string {
  if (index === 0) return `${stage}a`;
  const numbered = depth !== 50 && (stage === 3 || stage === 4);
  if (numbered) return `${stage}b${index}`;
  if (index >= 26) throw new Error(`@lip/pspnet: deeplab stage ${stage} cannot name block ${index + 1} with a letter (depth ${depth} names use a..z)`);
  return `${stage}${String.fromCharCode(97 + index)}`;
}

/** DeepLab-v2 block `res{id}_branch2a/2b/2c/1` with BNs `bn{id}_…`, sum `res{id}`, ReLU `res{id}_relu`. */
export function deeplabBlockNames(stage: number, index: number, depth: ResnetDepth): BottleneckNames {
  const id = deeplabBlockId(stage, index, depth);
  return {
    reduce: `res${id}_branch2a`,
    reduceBn: `bn${id}_branch2a`,
    reduceRelu: `bn${id}_branch2a_relu`,
    conv3x3: `res${id}_branch2b`,
    conv3x3Bn: `bn${id}_branch2b`,
    conv3x3Relu: `bn${id}_branch2b_relu`,
    increase: `res${id}_branch2c`,
    increaseBn: `bn${id}_branch2c`,
    projection: `res${id}_branch1`,
    projectionBn: `bn${id}_branch1`,
    add: `res${id}`,
    relu: `res${id}_relu`,
  };
}

/** Block names for either family; `index` counts from 0. */
export function bottleneckNames(family: ResnetFamily, stage: number, index: number, depth: ResnetDepth): BottleneckNames {
  return family === 'pspnet' ? pspnetBlockNames(stage, index + 1) : deeplabBlockNames(stage, index, depth);
}

export function stemNames(family: ResnetFamily): StemNames {
  return family === 'pspnet' ? pspnetStemNames() : deeplabStemNames();
}
