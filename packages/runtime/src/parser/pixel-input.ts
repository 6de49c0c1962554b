import * as tf from '@tensorflow/tfjs-core';
import type { RawPixels } from '@lip/schema';

/**
 * What `tf.browser.fromPixels` reads besides pixel buffers: `<img>`, `<video>`, `<canvas>` and `ImageBitmap`,
 * described structurally. (tfjs-core types them with DOM classes, which resolve to `any` in programs compiled
 * without the DOM lib, and would make every input type-check there.)
 */
export type BrowserPixelSource =
  | { readonly width: number; readonly height: number; readonly naturalWidth: number; readonly complete: boolean }
  | { readonly videoWidth: number; readonly videoHeight: number; readonly readyState: number }
  | { readonly width: number; readonly height: number; getContext(contextId: '2d'): unknown }
  | { readonly width: number; readonly height: number; close(): void };

/** An `OffscreenCanvas` (with any kind of context), described structurally so that no DOM lib is needed. */
export interface OffscreenCanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(contextId: '2d'): unknown;
  transferToImageBitmap(): unknown;
}

/**
 * What a human parser parses: an RGB or RGBA `tf.Tensor3D` [height, width, 3 | 4] with values 0–255 (int32 or
 * float32), a browser image source (`<img>`, `<video>`, `<canvas>`, `ImageBitmap`), an `OffscreenCanvas`, or
 * `RawPixels` (`{width, height, data}` with RGB or RGBA bytes, as Node decoders give; an `ImageData` is one).
 */
export type PixelInput = tf.Tensor3D | BrowserPixelSource | OffscreenCanvasLike | RawPixels;

type FromPixelsInput = Parameters<typeof tf.browser.fromPixels>[0];
type Kind = 'video' | 'image element' | 'OffscreenCanvas' | 'canvas' | 'ImageBitmap';

interface Context2dLike {
  drawImage(image: unknown, dx: number, dy: number): void;
  getImageData(sx: number, sy: number, sw: number, sh: number): { data: Uint8ClampedArray };
}
type OffscreenCanvasConstructor = new (width: number, height: number) => { getContext(id: '2d'): Context2dLike | null };

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return `${typeof value} ${JSON.stringify(value)}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : `an object with keys ${Object.keys(value).slice(0, 6).join(', ') || '(none)'}`;
}

const EXPECTED =
  'a tf.Tensor3D [height, width, 3 or 4], {width, height, data} with RGB or RGBA bytes (an ImageData works), ' +
  'an <img>, <video> or <canvas> element, an ImageBitmap or an OffscreenCanvas';

function isRawPixels(input: object): input is RawPixels {
  const { width, height, data } = input as Partial<RawPixels>;
  return typeof width === 'number' && typeof height === 'number' && data != null && ArrayBuffer.isView(data);
}

function browserKind(input: object): Kind | null {
  const has = (key: string) => key in input;
  const fn = (key: string) => typeof (input as Record<string, unknown>)[key] === 'function';
  if (has('videoWidth')) return 'video';
  if (has('naturalWidth')) return 'image element';
  if (fn('getContext') && fn('transferToImageBitmap')) return 'OffscreenCanvas';
  if (fn('getContext')) return 'canvas';
  if (fn('close') && typeof (input as { width?: unknown }).width === 'number') return 'ImageBitmap';
  return null;
}

function fromTensor(input: tf.Tensor, what: string): tf.Tensor3D {
  if (input.isDisposed) throw new Error(`${what}: the tensor was disposed`);
  if (input.rank !== 3 || (input.shape[2] !== 3 && input.shape[2] !== 4)) {
    throw new RangeError(`${what} must be an RGB tensor [height, width, 3], got shape [${input.shape}] (an RGBA tensor [height, width, 4] works too)`);
  }
  if (input.dtype !== 'int32' && input.dtype !== 'float32') throw new TypeError(`${what}: expected an int32 or float32 tensor with values 0–255, got ${input.dtype}`);
  const [height, width] = input.shape;
  if (height === 0 || width === 0) throw new RangeError(`${what}: the tensor is empty (${width}×${height})`);
  if (input.shape[2] === 3) return tf.clone(input as tf.Tensor3D);
  return tf.slice(input as tf.Tensor3D, [0, 0, 0], [height!, width!, 3]);
}

function fromRawPixels(input: RawPixels, what: string): tf.Tensor3D {
  const { width, height, data } = input;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 0 && height >= 0)) {
    throw new RangeError(`${what}: width and height must be non-negative integers, got ${width}×${height}`);
  }
  if (width === 0 || height === 0) throw new RangeError(`${what} has size 0 (${width}×${height}): nothing to parse`);
  const pixels = width * height;
  if (data.length === pixels * 3) return tf.tensor3d(Int32Array.from(data), [height, width, 3], 'int32');
  if (data.length === pixels * 4) {
    const rgb = new Int32Array(pixels * 3);
    for (let i = 0; i < pixels; i++) {
      rgb[3 * i] = data[4 * i]!;
      rgb[3 * i + 1] = data[4 * i + 1]!;
      rgb[3 * i + 2] = data[4 * i + 2]!;
    }
    return tf.tensor3d(rgb, [height, width, 3], 'int32');
  }
  throw new RangeError(`${what} is ${width}×${height} but has ${data.length} bytes; expected ${pixels * 3} (RGB) or ${pixels * 4} (RGBA)`);
}

function isDomException(error: unknown): error is Error {
  const DomException = (globalThis as { DOMException?: abstract new (...args: never[]) => Error }).DOMException;
  return DomException != null && error instanceof DomException;
}

/** Reads pixels, turning a DOMException (a transferred or detached canvas, a tainted one, a closed bitmap) into a clear error. */
function readPixels(what: string, kind: Kind, read: () => tf.Tensor3D): tf.Tensor3D {
  try {
    return read();
  } catch (error) {
    if (!isDomException(error)) throw error;
    const hint =
      error.name === 'SecurityError'
        ? 'it is tainted by a cross-origin image: serve the image with CORS headers and set crossOrigin = "anonymous" before loading it'
        : 'a canvas whose control was transferred (transferControlToOffscreen), an OffscreenCanvas transferred to a worker, or a closed ImageBitmap cannot be read';
    throw new Error(`${what}: cannot read the pixels of the ${kind} (${error.name}: ${error.message}); ${hint}`, { cause: error });
  }
}

function checkSize(what: string, kind: Kind, width: number, height: number, why: string): void {
  if (!(width > 0 && height > 0)) throw new RangeError(`${what}: the ${kind} has size 0 (${width}×${height}): ${why}`);
}

/** An OffscreenCanvas of any context type, drawn onto a 2D OffscreenCanvas and read back. */
function fromOffscreenCanvas(input: OffscreenCanvasLike, what: string): tf.Tensor3D {
  const { width, height } = input;
  checkSize(what, 'OffscreenCanvas', width, height, 'an empty canvas, or one transferred to another thread');
  const Offscreen = (globalThis as { OffscreenCanvas?: OffscreenCanvasConstructor }).OffscreenCanvas;
  if (Offscreen == null) return readPixels(what, 'OffscreenCanvas', () => tf.browser.fromPixels(input as unknown as FromPixelsInput));
  return readPixels(what, 'OffscreenCanvas', () => {
    const context = new Offscreen(width, height).getContext('2d');
    if (context == null) throw new Error(`${what}: this environment gives no 2D context for an OffscreenCanvas, needed to read its pixels`);
    context.drawImage(input, 0, 0);
    return fromRawPixels({ width, height, data: context.getImageData(0, 0, width, height).data }, what);
  });
}

function fromBrowserSource(input: object, kind: Kind, what: string): tf.Tensor3D {
  const source = input as { width?: number; height?: number; videoWidth?: number; videoHeight?: number; readyState?: number; naturalWidth?: number; complete?: boolean };
  if (kind === 'video') {
    if (!(source.videoWidth! > 0 && source.videoHeight! > 0) || (source.readyState ?? 0) < 2) {
      throw new RangeError(
        `${what}: the video has no frame yet (videoWidth ${source.videoWidth}, videoHeight ${source.videoHeight}, readyState ${source.readyState}): wait for its 'loadeddata' event`,
      );
    }
  } else if (kind === 'image element') {
    if (source.complete === false || !(source.naturalWidth! > 0)) {
      throw new RangeError(`${what}: the <img> has not loaded (complete ${source.complete}, naturalWidth ${source.naturalWidth}): await img.decode() or its 'load' event first (a broken image never loads)`);
    }
    checkSize(what, kind, source.width!, source.height!, 'the element is laid out with no size');
  } else {
    checkSize(what, kind, source.width!, source.height!, kind === 'ImageBitmap' ? 'an empty or closed ImageBitmap' : 'an empty canvas');
  }
  return readPixels(what, kind, () => tf.browser.fromPixels(input as FromPixelsInput, 3));
}

/**
 * The input as an RGB tensor [height, width, 3] with values 0–255: int32 (pixels, browser sources) or float32 (a
 * float32 tensor), always a new tensor the caller disposes. RGBA drops its alpha. `what` names the input in
 * errors: a size of 0 (an `<img>` not loaded, a video without a frame, a 0×0 canvas), an unreadable (transferred,
 * detached, tainted) canvas, a wrong channel count or data length.
 */
export function toPixelTensor(input: PixelInput, what = 'image'): tf.Tensor3D {
  if (input == null || typeof input !== 'object') throw new TypeError(`${what}: expected ${EXPECTED}; got ${describeValue(input)}`);
  if (input instanceof tf.Tensor) return fromTensor(input, what);
  if (isRawPixels(input)) return fromRawPixels(input, what);
  const kind = browserKind(input);
  if (kind == null) throw new TypeError(`${what}: expected ${EXPECTED}; got ${describeValue(input)}`);
  if (kind === 'OffscreenCanvas') return fromOffscreenCanvas(input as OffscreenCanvasLike, what);
  return fromBrowserSource(input, kind, what);
}
