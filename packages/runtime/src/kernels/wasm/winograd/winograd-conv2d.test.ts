import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../../index.js';
import { useBackend } from '../../../backend/use-backend.js';
import { relativeError, seededTensor } from '../../../testing/test-backends.js';
import { WINOGRAD_WASM_PLAIN, WINOGRAD_WASM_SHARED } from './winograd-wasm.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  name: string;
  x: [number, number, number, number];
  outChannels: number;
  pad: Pad;
  dilation?: number;
  stride?: number;
  fused?: { bias: boolean; activation: 'linear' | 'relu' | 'relu6' };
  /** Whether the Winograd path should take it (else tfjs-wasm's own kernel, bit for bit). */
  winograd: boolean;
}

// Sizes just above the work threshold (tiles × in × out channels ≥ 400 k), so each case is small but Winograd's.
const cases: Case[] = [
  { name: "3×3 'same'", x: [1, 40, 40, 64], outChannels: 64, pad: 'same', winograd: true },
  { name: "dilation 2, odd sizes, 'same'", x: [1, 41, 39, 64], outChannels: 68, pad: 'same', dilation: 2, winograd: true },
  { name: "dilation 3, batch 2, 'valid'", x: [2, 40, 37, 64], outChannels: 64, pad: 'valid', dilation: 3, winograd: true },
  { name: 'dilation 4 (the PSPNet stage 5)', x: [1, 32, 32, 128], outChannels: 64, pad: 'same', dilation: 4, winograd: true },
  { name: 'explicit asymmetric padding', x: [1, 38, 41, 64], outChannels: 64, pad: [[0, 0], [2, 0], [1, 3], [0, 0]], winograd: true },
  { name: 'fused bias + ReLU', x: [2, 30, 29, 64], outChannels: 64, pad: 'same', fused: { bias: true, activation: 'relu' }, winograd: true },
  { name: 'fused bias, dilation 2', x: [1, 41, 41, 64], outChannels: 64, pad: 'same', dilation: 2, fused: { bias: true, activation: 'linear' }, winograd: true },
  { name: 'fused ReLU, no bias', x: [1, 40, 40, 64], outChannels: 64, pad: 'same', fused: { bias: false, activation: 'relu' }, winograd: true },
  { name: 'stride 2 (not Winograd)', x: [1, 80, 80, 64], outChannels: 64, pad: 'same', stride: 2, winograd: false },
  { name: 'ReLU6 (not Winograd)', x: [1, 40, 40, 64], outChannels: 64, pad: 'same', fused: { bias: true, activation: 'relu6' }, winograd: false },
  { name: 'channels not a multiple of 4 (not Winograd)', x: [1, 40, 40, 66], outChannels: 64, pad: 'same', winograd: false },
  { name: 'too little work (not Winograd)', x: [1, 32, 32, 64], outChannels: 64, pad: 'same', winograd: false },
];

function convolve(c: Case): tf.Tensor {
  return tf.tidy(() => {
    const x = seededTensor(c.x, 1) as tf.Tensor4D;
    const filter = tf.mul(seededTensor([3, 3, c.x[3], c.outChannels], 2), 1 / Math.sqrt(9 * c.x[3])) as tf.Tensor4D;
    const dilation = c.dilation ?? 1;
    const stride = c.stride ?? 1;
    if (c.fused == null) return tf.conv2d(x, filter, stride, c.pad, 'NHWC', dilation);
    const bias = c.fused.bias ? seededTensor([c.outChannels], 3) : undefined;
    return tf.fused.conv2d({ x, filter, strides: stride, pad: c.pad, dilations: dilation, bias, activation: c.fused.activation });
  });
}

describe('wasm Winograd F(4×4, 3×3) convolution', () => {
  const reference = new Map<string, Float32Array>();
  const direct = new Map<string, Float32Array>();
  beforeAll(async () => {
    await useBackend('cpu');
    for (const c of cases) reference.set(c.name, convolve(c).dataSync() as Float32Array);
    await useBackend('wasm', { wasmWinograd: false });
    for (const c of cases) direct.set(c.name, convolve(c).dataSync() as Float32Array);
    const choice = await useBackend('wasm');
    expect(choice.winograd).toBe(true);
  });

  it.each(cases)('matches tfjs-cpu within 5e-6, and takes the expected path: $name', (c) => {
    const before = tf.engine().backend.numDataIds();
    const y = convolve(c);
    const values = y.dataSync() as Float32Array;
    // 5e-6 holds for the accurate interpolation points (≈ 2.6e-6 here); Lavin's 0, ±1, ±2 give ≈ 7e-6.
    expect(relativeError(values, reference.get(c.name)!)).toBeLessThan(5e-6);
    // Winograd rounds differently from XNNPACK's direct convolution; a case it declines is bit-identical.
    const sameAsDirect = values.every((v, i) => Object.is(v, direct.get(c.name)![i]));
    expect(sameAsDirect).toBe(!c.winograd);
    y.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before); // every plane and product freed
  });

  it('gives way to tfjs-wasm exactly when disabled', async () => {
    expect((await useBackend('wasm', { wasmWinograd: false })).winograd).toBe(false);
    const c = cases[0]!;
    expect(Array.from(convolve(c).dataSync())).toEqual(Array.from(direct.get(c.name)!));
    expect((await useBackend('wasm')).winograd).toBe(true);
  });

  it('speeds up the input gradient too, which tfjs-wasm computes as a 3×3 convolution', async () => {
    const inputGradient = () => tf.tidy(() => {
      const filter = seededTensor([3, 3, 64, 64], 6) as tf.Tensor4D;
      const weights = seededTensor([1, 40, 40, 64], 7);
      return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, filter, 1, 'same'), weights)))(seededTensor([1, 40, 40, 64], 5));
    });
    await useBackend('cpu');
    const expected = inputGradient().dataSync();
    await useBackend('wasm');
    expect(relativeError(inputGradient().dataSync(), expected)).toBeLessThan(5e-6);
  });
});

/** The WebAssembly API the test reads (the package compiles without the DOM library). */
const webAssembly = (globalThis as unknown as { WebAssembly: {
  Module: { new (bytes: Uint8Array): object; imports(m: object): Array<{ name: string; kind: string }>; exports(m: object): Array<{ name: string }> };
} }).WebAssembly;

describe('the embedded Winograd modules', () => {
  const sections = (base64: string) => {
    const bytes = Buffer.from(base64, 'base64');
    const ids: number[] = [];
    for (let at = 8; at < bytes.length;) {
      const id = bytes[at++]!;
      let size = 0;
      for (let shift = 0; ; shift += 7) { const b = bytes[at++]!; size |= (b & 0x7f) << shift; if (b < 0x80) break; }
      ids.push(id);
      at += size;
    }
    return ids;
  };

  it.each([['plain', WINOGRAD_WASM_PLAIN], ['shared', WINOGRAD_WASM_SHARED]])('%s: no data or stack of its own: imports only the heap and the (unused) relocation bases', (_, base64) => {
    expect(sections(base64)).not.toContain(11); // no data segment: nothing is written outside what tfjs-wasm allocated
    const module = new webAssembly.Module(Buffer.from(base64, 'base64'));
    // No __stack_pointer: the transforms keep everything in wasm locals.
    expect(webAssembly.Module.imports(module).map((i) => `${i.name}:${i.kind}`).sort()).toEqual(
      ['__indirect_function_table:table', '__memory_base:global', '__table_base:global', 'memory:memory']);
    expect(webAssembly.Module.exports(module).map((e) => e.name).sort()).toEqual(['winograd_filter', 'winograd_input', 'winograd_output', 'winograd_tiles']);
  });
});
