import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend/use-backend.js';
import { toPixelTensor, type PixelInput } from './pixel-input.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const W = 3;
const H = 2;
const rgb = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256);
const rgba = new Uint8ClampedArray(W * H * 4);
for (let i = 0; i < W * H; i++) rgba.set([rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!, 200], 4 * i);

function read(input: PixelInput): { shape: number[]; dtype: string; values: number[] } {
  const t = toPixelTensor(input);
  try {
    return { shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) };
  } finally {
    t.dispose();
  }
}

/** A stand-in for the browser's OffscreenCanvas: a 2D context that draws other stand-ins and reads pixels back. */
class FakeOffscreenCanvas {
  pixels: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8ClampedArray(width * height * 4);
  }
  getContext() {
    return {
      drawImage: (source: FakeOffscreenCanvas) => {
        if (source.width === 0) throw new DOMException('The image argument is a canvas element with a width or height of 0.', 'InvalidStateError');
        this.pixels.set(source.pixels);
      },
      getImageData: () => ({ data: this.pixels }),
    };
  }
  transferToImageBitmap() {
    return {};
  }
}

describe('toPixelTensor', () => {
  afterEach(() => {
    delete (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;
  });

  it('reads RGB and RGBA bytes (ImageData-like) and RGB/RGBA tensors to the same RGB pixels, as a new tensor', () => {
    const expected = Array.from(rgb);
    expect(read({ width: W, height: H, data: rgb })).toEqual({ shape: [H, W, 3], dtype: 'int32', values: expected });
    expect(read({ width: W, height: H, data: rgba })).toEqual({ shape: [H, W, 3], dtype: 'int32', values: expected });
    const t3 = tf.tensor3d(Array.from(rgb), [H, W, 3], 'float32');
    const t4 = tf.tensor3d(Array.from(rgba), [H, W, 4], 'int32');
    expect(read(t3)).toEqual({ shape: [H, W, 3], dtype: 'float32', values: expected });
    expect(read(t4)).toEqual({ shape: [H, W, 3], dtype: 'int32', values: expected });
    const before = tf.memory().numTensors;
    toPixelTensor(t3).dispose();
    expect(t3.isDisposed).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([t3, t4]);
  });

  it('reads an OffscreenCanvas by drawing it onto a 2D OffscreenCanvas', () => {
    (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas = FakeOffscreenCanvas;
    const canvas = new FakeOffscreenCanvas(W, H);
    canvas.pixels.set(rgba);
    expect(read(canvas as unknown as PixelInput).values).toEqual(Array.from(rgb));
  });

  it('rejects empty images, unreadable canvases, wrong channel counts and wrong lengths, naming the input', () => {
    expect(() => toPixelTensor({ width: 4, height: 4, data: new Uint8Array(10) })).toThrow(/image is 4×4 but has 10 bytes; expected 48 \(RGB\) or 64 \(RGBA\)/);
    expect(() => toPixelTensor({ width: 0, height: 0, data: new Uint8Array(0) }, 'frame')).toThrow(/frame has size 0 \(0×0\)/);
    const gray = tf.zeros([4, 4, 1]) as tf.Tensor3D;
    expect(() => toPixelTensor(gray)).toThrow(/image must be an RGB tensor \[height, width, 3\], got shape \[4,4,1\]/);
    const flat = tf.zeros([4, 4]);
    expect(() => toPixelTensor(flat as tf.Tensor3D)).toThrow(/got shape \[4,4\]/);
    const empty = tf.zeros([0, 5, 3]) as tf.Tensor3D;
    expect(() => toPixelTensor(empty)).toThrow(/the tensor is empty \(5×0\)/);
    const bool = tf.zeros([2, 2, 3], 'bool') as tf.Tensor3D;
    expect(() => toPixelTensor(bool)).toThrow(/expected an int32 or float32 tensor with values 0–255, got bool/);
    tf.dispose([gray, flat, empty, bool]);
    expect(() => toPixelTensor({ naturalWidth: 0, complete: false, width: 0, height: 0 } as PixelInput)).toThrow(/the <img> has not loaded \(complete false, naturalWidth 0\): await img.decode\(\)/);
    expect(() => toPixelTensor({ videoWidth: 0, videoHeight: 0, readyState: 0 } as PixelInput)).toThrow(/the video has no frame yet/);
    expect(() => toPixelTensor({ width: 0, height: 0, getContext: () => null } as PixelInput)).toThrow(/the canvas has size 0 \(0×0\): an empty canvas/);
    const transferred = {
      width: 4,
      height: 4,
      getContext: () => {
        throw new DOMException('Cannot get context from a canvas that has transferred its control to offscreen.', 'InvalidStateError');
      },
    };
    expect(() => toPixelTensor(transferred as PixelInput, 'frame')).toThrow(/frame: cannot read the pixels of the canvas \(InvalidStateError: Cannot get context .*\); a canvas whose control was transferred/);
    (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas = FakeOffscreenCanvas;
    const detached = Object.assign(new FakeOffscreenCanvas(2, 2), { width: 0 });
    expect(() => toPixelTensor(detached as unknown as PixelInput)).toThrow(/the OffscreenCanvas has size 0 \(0×2\): an empty canvas, or one transferred to another thread/);
    const tainted = new FakeOffscreenCanvas(2, 2);
    tainted.getContext = () => {
      throw new DOMException('The canvas has been tainted by cross-origin data.', 'SecurityError');
    };
    const scratch = FakeOffscreenCanvas;
    (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas = class extends scratch {
      override getContext() {
        const context = super.getContext();
        return { ...context, drawImage: (source: FakeOffscreenCanvas) => source.getContext() as never };
      }
    };
    expect(() => toPixelTensor(tainted as unknown as PixelInput)).toThrow(/cannot read the pixels of the OffscreenCanvas \(SecurityError: .*\); it is tainted by a cross-origin image/);
    expect(() => toPixelTensor(42 as never)).toThrow(/image: expected a tf.Tensor3D .*; got number 42/);
    expect(() => toPixelTensor({ foo: 1 } as never)).toThrow(/got an object with keys foo/);
    expect(() => toPixelTensor(null as never)).toThrow(/got null/);
  });
});
