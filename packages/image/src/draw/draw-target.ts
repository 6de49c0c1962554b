import { assertPixelCount, type ImageDataLike, type RawPixels } from '@lip/schema';

/** A canvas (`HTMLCanvasElement`, `OffscreenCanvas`), described structurally so that no DOM lib is needed. */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(contextId: '2d'): unknown;
}

/** Where `drawMask` and `drawKeypoints` draw: a canvas (through its 2D context) or an RGBA pixel buffer (Node). */
export type DrawTarget = CanvasLike | ImageDataLike;

/** What `drawMask` draws under the mask: pixels `{width, height, data}` (RGB or RGBA), or, on a canvas, any image source a 2D context draws (`<img>`, `<video>`, `<canvas>`, `ImageBitmap`, `OffscreenCanvas`). */
export type DrawableImage = RawPixels | { readonly width: number; readonly height: number } | { readonly videoWidth: number; readonly videoHeight: number };

/** The parts of a 2D context these helpers use. */
export interface Context2d {
  canvas?: unknown;
  globalAlpha: number;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineCap: string;
  save(): void;
  restore(): void;
  drawImage(image: unknown, dx: number, dy: number, dw?: number, dh?: number): void;
  createImageData(width: number, height: number): { data: Uint8ClampedArray };
  putImageData(data: unknown, dx: number, dy: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, start: number, end: number): void;
  stroke(): void;
  fill(): void;
}

export type ResolvedTarget = { kind: 'canvas'; canvas: CanvasLike; context: Context2d } | { kind: 'buffer'; buffer: ImageDataLike };

export function isPixelBuffer(value: unknown): value is RawPixels {
  const v = value as Partial<RawPixels> | null;
  return v != null && typeof v === 'object' && typeof v.width === 'number' && typeof v.height === 'number' && v.data != null && ArrayBuffer.isView(v.data);
}

/** A canvas with its 2D context, or an RGBA buffer checked against its size; errors name `what`. */
export function resolveDrawTarget(target: DrawTarget, what: string): ResolvedTarget {
  if (target != null && typeof (target as CanvasLike).getContext === 'function') {
    const canvas = target as CanvasLike;
    const context = canvas.getContext('2d') as Context2d | null;
    if (context == null) throw new Error(`${what}: the canvas gives no 2D context (it already has a WebGL or bitmap renderer context): draw on another canvas`);
    return { kind: 'canvas', canvas, context };
  }
  if (!isPixelBuffer(target)) throw new TypeError(`${what}: the target must be a canvas (HTMLCanvasElement, OffscreenCanvas) or an RGBA buffer {width, height, data}`);
  assertPixelCount(`${what} target (RGBA)`, target.data.length, target.width, target.height, 4);
  return { kind: 'buffer', buffer: target as ImageDataLike };
}

/** A canvas of the given size to compose on: an OffscreenCanvas, else a `<canvas>` of the document. */
export function createScratchCanvas(width: number, height: number, what: string): CanvasLike {
  const g = globalThis as { OffscreenCanvas?: new (width: number, height: number) => CanvasLike; document?: { createElement(tag: 'canvas'): CanvasLike } };
  if (g.OffscreenCanvas != null) return new g.OffscreenCanvas(width, height);
  if (g.document != null) {
    const canvas = g.document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    return canvas;
  }
  throw new Error(`${what}: drawing on a canvas needs OffscreenCanvas or a document`);
}

/** Copies RGBA bytes into a context at (0, 0). */
export function putRgba(context: Context2d, width: number, height: number, rgba: ArrayLike<number>): void {
  const data = context.createImageData(width, height);
  data.data.set(rgba);
  context.putImageData(data, 0, 0);
}

/** RGB or RGBA pixels as RGBA bytes (alpha 255 for RGB); errors name `what`. */
export function rgbaOf(image: RawPixels, what: string): Uint8ClampedArray {
  const { width, height, data } = image;
  const pixels = width * height;
  if (data.length === pixels * 4) return data instanceof Uint8ClampedArray ? data : new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  if (data.length !== pixels * 3) throw new RangeError(`${what} is ${width}×${height} but has ${data.length} bytes; expected ${pixels * 3} (RGB) or ${pixels * 4} (RGBA)`);
  const out = new Uint8ClampedArray(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    out[4 * i] = data[3 * i]!;
    out[4 * i + 1] = data[3 * i + 1]!;
    out[4 * i + 2] = data[3 * i + 2]!;
    out[4 * i + 3] = 255;
  }
  return out;
}
