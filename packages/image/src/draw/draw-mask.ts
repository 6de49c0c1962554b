import { assertPixelCount, toColoredMask, type LabelMap, type Rgb, type Segmentation } from '@lip/schema';
import { createScratchCanvas, isPixelBuffer, putRgba, resolveDrawTarget, rgbaOf, type DrawableImage, type DrawTarget } from './draw-target.js';

export interface DrawMaskOptions {
  /** Opacity of the coloured classes over the image, 0–1; default 0.7. The background (class 0) stays transparent. */
  readonly opacity?: number;
  /** Colour per class id; default `LIP_PALETTE`. */
  readonly palette?: readonly Rgb[];
}

function sizeOf(image: DrawableImage): [number, number] {
  const video = image as { videoWidth?: number; videoHeight?: number };
  if (typeof video.videoWidth === 'number' && typeof video.videoHeight === 'number') return [video.videoWidth, video.videoHeight];
  const { width, height } = image as { width: number; height: number };
  return [width, height];
}

/**
 * Draws `image` and the parsing over it, each class in its palette colour at `opacity` (default 0.7), the
 * background transparent (tfjs-models' `drawMask`):
 * - on a canvas (`HTMLCanvasElement`, `OffscreenCanvas`): the canvas takes the image's size, the image is drawn
 *   (any source its 2D context draws, or `{width, height, data}` pixels), then the coloured mask over it,
 *   stretched to the canvas;
 * - on an RGBA buffer `{width, height, data}` (Node): `image` must be pixels of the buffer's size (RGB or RGBA)
 *   and the mask the same size; each class pixel becomes `round((1 − opacity)·image + opacity·colour)`.
 * `image` null draws the mask over what the target already holds. `mask` is a parser's `Segmentation` or a
 * label map.
 */
export function drawMask(target: DrawTarget, image: DrawableImage | null, mask: Segmentation | LabelMap, options: DrawMaskOptions = {}): void {
  const labels: LabelMap | undefined = (mask as Segmentation)?.labels ?? (mask as LabelMap);
  if (labels?.data == null) throw new TypeError('drawMask: mask must be a Segmentation or a label map {width, height, data}');
  assertPixelCount('drawMask mask', labels.data.length, labels.width, labels.height, 1);
  const opacity = options.opacity ?? 0.7;
  if (!(typeof opacity === 'number' && opacity >= 0 && opacity <= 1)) throw new RangeError(`drawMask: opacity must be a number in [0, 1], got ${String(opacity)}`);
  const resolved = resolveDrawTarget(target, 'drawMask');

  if (resolved.kind === 'canvas') {
    const { canvas, context } = resolved;
    if (image != null) {
      const [width, height] = sizeOf(image);
      if (!(width > 0 && height > 0)) throw new RangeError(`drawMask: the image has size 0 (${width}×${height}): not loaded yet?`);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      if (isPixelBuffer(image)) putRgba(context, width, height, rgbaOf(image, 'drawMask image'));
      else context.drawImage(image, 0, 0, width, height);
    }
    const coloured = toColoredMask(labels, { palette: options.palette, opacity, backgroundOpacity: 0 });
    const scratch = createScratchCanvas(labels.width, labels.height, 'drawMask');
    putRgba(scratch.getContext('2d') as Parameters<typeof putRgba>[0], labels.width, labels.height, coloured.data);
    context.drawImage(scratch, 0, 0, canvas.width, canvas.height);
    return;
  }

  const { buffer } = resolved;
  const { width, height } = buffer;
  if (labels.width !== width || labels.height !== height) throw new RangeError(`drawMask: the target is ${width}×${height} but the mask is ${labels.width}×${labels.height}`);
  if (image != null) {
    if (!isPixelBuffer(image)) throw new TypeError('drawMask: on an RGBA buffer, the image must be pixels {width, height, data} (RGB or RGBA)');
    if (image.width !== width || image.height !== height) throw new RangeError(`drawMask: the target is ${width}×${height} but the image is ${image.width}×${image.height}`);
    buffer.data.set(rgbaOf(image, 'drawMask image'));
  }
  const colour = toColoredMask(labels, { palette: options.palette, opacity: 1, backgroundOpacity: 0 }).data;
  const out = buffer.data;
  for (let i = 0; i < labels.data.length; i++) {
    const o = 4 * i;
    if (colour[o + 3] === 0) continue;
    for (let c = 0; c < 3; c++) out[o + c] = Math.round((1 - opacity) * out[o + c]! + opacity * colour[o + c]!);
    out[o + 3] = Math.round(opacity * 255 + (1 - opacity) * out[o + 3]!);
  }
}
