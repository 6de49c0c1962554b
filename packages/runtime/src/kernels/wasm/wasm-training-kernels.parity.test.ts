import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../../training.js';
import { spaceToBatchPlan } from '../../ops/atrous-geometry.js';
import { onBackend, relativeError, seededTensor, testBackends } from '../../testing/test-backends.js';

// Every case is computed on the cpu backend (tfjs' reference loops) and compared on the others.
const backends = testBackends().filter((b) => b !== 'cpu');
const TOLERANCE = 1e-4;

interface ConvCase {
  name: string;
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
  dilations?: [number, number];
}

const convCases: ConvCase[] = [
  { name: '3x3 s1 same, batch 2, rectangular', input: [2, 7, 9, 5], filter: [3, 3, 5, 4], strides: [1, 1], pad: 'same' },
  { name: '3x3 s2 same, odd sizes', input: [3, 9, 6, 4], filter: [3, 3, 4, 6], strides: [2, 2], pad: 'same' },
  { name: '3x3 s2 valid', input: [2, 11, 8, 3], filter: [3, 3, 3, 5], strides: [2, 2], pad: 'valid' },
  { name: '5x3 s1 valid', input: [2, 10, 7, 4], filter: [5, 3, 4, 3], strides: [1, 1], pad: 'valid' },
  { name: '1x1 s2 same (projection shortcut)', input: [2, 8, 10, 6], filter: [1, 1, 6, 8], strides: [2, 2], pad: 'same' },
  { name: '7x7 s2 same (stem)', input: [2, 15, 13, 3], filter: [7, 7, 3, 4], strides: [2, 2], pad: 'same' },
  { name: '3x3 strides 1x2 same', input: [2, 9, 12, 3], filter: [3, 3, 3, 2], strides: [1, 2], pad: 'same' },
];

function convOutputShape(c: ConvCase): number[] {
  return tf.conv2d(tf.zeros(c.input) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape;
}

function conv2DBackpropFilter(c: ConvCase, seed: number): tf.Tensor {
  const x = seededTensor(c.input, seed);
  const dy = seededTensor(convOutputShape(c), seed + 1);
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
    { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter }) as tf.Tensor;
}

function conv2DBackpropInput(c: ConvCase, seed: number): tf.Tensor {
  const filter = seededTensor(c.filter, seed);
  const dy = seededTensor(convOutputShape(c), seed + 1);
  return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter },
    { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.input }) as tf.Tensor;
}

const depthwiseCases: ConvCase[] = [
  { name: '3x3 s1 same, multiplier 1', input: [2, 7, 9, 4], filter: [3, 3, 4, 1], strides: [1, 1], pad: 'same' },
  { name: '3x3 s2 same, multiplier 2', input: [3, 9, 8, 3], filter: [3, 3, 3, 2], strides: [2, 2], pad: 'same' },
  { name: '5x3 s2 valid, multiplier 3', input: [2, 11, 10, 2], filter: [5, 3, 2, 3], strides: [2, 2], pad: 'valid' },
  { name: '3x3 dilation 2 same', input: [2, 10, 9, 3], filter: [3, 3, 3, 2], strides: [1, 1], pad: 'same', dilations: [2, 2] },
];

function depthwiseShape(c: ConvCase): number[] {
  return tf.depthwiseConv2d(tf.zeros(c.input) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? 1).shape;
}

function depthwiseBackpropFilter(c: ConvCase, seed: number): tf.Tensor {
  const x = seededTensor(c.input, seed);
  const dy = seededTensor(depthwiseShape(c), seed + 1);
  return tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy },
    { strides: c.strides, pad: c.pad, dilations: c.dilations ?? [1, 1], filterShape: c.filter }) as tf.Tensor;
}

function depthwiseBackpropInput(c: ConvCase, seed: number): tf.Tensor {
  const filter = seededTensor(c.filter, seed);
  const dy = seededTensor(depthwiseShape(c), seed + 1);
  return tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter },
    { strides: c.strides, pad: c.pad, dilations: c.dilations ?? [1, 1], inputShape: c.input }) as tf.Tensor;
}

/**
 * tfjs-cpu's depthwise backprop loops ignore dilations (tfjs never asks them for it), so dilated
 * cases are checked against the gradient of the space-to-batch formulation, which only uses
 * undilated kernels: dilated depthwise(x) = batchToSpace(depthwise(spaceToBatch(x))).
 */
function depthwiseGradsBySpaceToBatch(c: ConvCase, seed: number, wrt: 'filter' | 'input'): tf.Tensor {
  const { block, inputPadding, outputCrops } = spaceToBatchPlan(c.input, c.filter, c.dilations ?? [1, 1], c.pad);
  const forward = (x: tf.Tensor4D, w: tf.Tensor4D) => {
    const batched = tf.spaceToBatchND(x, block, inputPadding) as tf.Tensor4D;
    return tf.batchToSpaceND(tf.depthwiseConv2d(batched, w, 1, 'valid'), block, outputCrops);
  };
  const x = seededTensor(c.input, seed) as tf.Tensor4D;
  const w = seededTensor(c.filter, seed) as tf.Tensor4D;
  const dy = seededTensor(depthwiseShape(c), seed + 1);
  const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(forward(xi as tf.Tensor4D, wi as tf.Tensor4D), dy)))([x, w]);
  return wrt === 'filter' ? dw! : dx!;
}

const suites = [
  { kernel: 'Conv2DBackpropFilter', cases: convCases, run: conv2DBackpropFilter, reference: conv2DBackpropFilter },
  { kernel: 'Conv2DBackpropInput', cases: convCases, run: conv2DBackpropInput, reference: conv2DBackpropInput },
  {
    kernel: 'DepthwiseConv2dNativeBackpropFilter', cases: depthwiseCases, run: depthwiseBackpropFilter,
    reference: (c: ConvCase, seed: number) => (c.dilations ? depthwiseGradsBySpaceToBatch(c, seed, 'filter') : depthwiseBackpropFilter(c, seed)),
  },
  {
    kernel: 'DepthwiseConv2dNativeBackpropInput', cases: depthwiseCases, run: depthwiseBackpropInput,
    reference: (c: ConvCase, seed: number) => (c.dilations ? depthwiseGradsBySpaceToBatch(c, seed, 'input') : depthwiseBackpropInput(c, seed)),
  },
];

describe.each(backends)('training kernels on %s match the cpu backend', (backend) => {
  for (const suite of suites) {
    describe(suite.kernel, () => {
      // Dilated depthwise backprops are an extension of our wasm kernels: tfjs never requests
      // them, and TensorFlow's native kernels return wrong values for them (TF itself routes
      // dilated depthwise convs through space-to-batch), so they are checked on wasm only.
      const cases = backend === 'wasm' ? suite.cases : suite.cases.filter((c) => c.dilations == null);
      it.each(cases)('$name', async (c) => {
        const [expected] = await onBackend('cpu', () => suite.reference(c, 7));
        const [actual] = await onBackend(backend, () => suite.run(c, 7));
        expect(actual!.length).toBe(expected!.length);
        expect(relativeError(actual!, expected!)).toBeLessThanOrEqual(TOLERANCE);
        // Guard against a vacuous pass on all-zero output.
        expect(Math.max(...expected!.map(Math.abs))).toBeGreaterThan(0.1);
      });
    });
  }

  it('leaves no tensors or backend data behind', async () => {
    await onBackend(backend, () => conv2DBackpropFilter(convCases[1]!, 1));
    const before = tf.memory().numTensors;
    const beforeData = tf.engine().backend.numDataIds();
    for (const suite of suites) tf.tidy(() => { suite.run(suite.cases[1]!, 3); });
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(beforeData);
  });
});

interface PoolCase {
  name: string;
  input: [number, number, number, number];
  window: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
}

// PSPNet's pyramid bins tile the input (stride = window; wasm spreads dy over the windows), the others
// overlap or pad (tfjs-wasm's own kernel).
const poolCases: PoolCase[] = [
  ...[21, 10, 7, 3].map((k): PoolCase => ({ name: `PSP bin ${k}x${k} on 21x21, valid`, input: [2, 21, 21, 5], window: [k, k], strides: [k, k], pad: 'valid' })),
  { name: '2x3 strides 2x3, rectangular, uncovered edge', input: [2, 9, 10, 3], window: [2, 3], strides: [2, 3], pad: 'valid' },
  { name: '2x2 s2 same, even size', input: [1, 8, 6, 4], window: [2, 2], strides: [2, 2], pad: 'same' },
  { name: '2x2 s2 same, odd size (padded)', input: [1, 7, 5, 4], window: [2, 2], strides: [2, 2], pad: 'same' },
  { name: '3x3 s2 same (overlapping)', input: [2, 9, 8, 3], window: [3, 3], strides: [2, 2], pad: 'same' },
];

function avgPoolGradient(c: PoolCase, seed: number): tf.Tensor {
  const x = seededTensor(c.input, seed);
  const dy = tf.tidy(() => seededTensor(tf.avgPool(x as tf.Tensor4D, c.window, c.strides, c.pad).shape, seed + 1));
  return tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(xi as tf.Tensor4D, c.window, c.strides, c.pad), dy)))(x);
}

// wasm only: tensorflow runs TensorFlow's own AvgPoolGrad (which differs from tfjs-cpu's on padded windows).
describe.each(backends.filter((b) => b === 'wasm'))('AvgPoolGrad on %s matches the cpu backend', (backend) => {
  it.each(poolCases)('$name', async (c) => {
    const [expected] = await onBackend('cpu', () => avgPoolGradient(c, 5));
    const [actual] = await onBackend(backend, () => avgPoolGradient(c, 5));
    expect(relativeError(actual!, expected!)).toBeLessThanOrEqual(1e-6);
    expect(Math.max(...expected!.map(Math.abs))).toBeGreaterThan(1e-4); // not all zeros
  });

  it('leaves no tensors or backend data behind', async () => {
    await onBackend(backend, () => avgPoolGradient(poolCases[1]!, 1));
    const before = tf.memory().numTensors;
    const beforeData = tf.engine().backend.numDataIds();
    for (const c of poolCases) tf.tidy(() => { avgPoolGradient(c, 3); });
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(beforeData);
  });
});

describe('wasm kernel errors', () => {
  it('rejects NCHW with a clear message', async () => {
    if (!backends.includes('wasm')) return;
    await onBackend('wasm', () => tf.zeros([1]));
    const x = tf.zeros([1, 2, 5, 5]);
    const dy = tf.zeros([1, 2, 5, 5]);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
      { strides: [1, 1], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] })).toThrow("supports dataFormat 'NHWC' only, got 'NCHW'");
    tf.dispose([x, dy]);
  });
});
