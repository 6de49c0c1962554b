import { assertPixelCount, LIP_NUM_JOINTS, LIP_SKELETON_EDGES, type PoseRecord, type RgbImage } from '@lip/schema';

/** Colour of a joint or limb: red for the person's right side, blue for the left, green for the centre. */
function sideColour(joint: number): [number, number, number] {
  if (joint <= 2 || (joint >= 10 && joint <= 12)) return [255, 40, 40];
  if ((joint >= 3 && joint <= 5) || joint >= 13) return [40, 90, 255];
  return [40, 220, 40];
}

function plot(image: RgbImage, x: number, y: number, rgb: readonly number[]): void {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
  const o = (y * image.width + x) * 3;
  image.data[o] = rgb[0]!;
  image.data[o + 1] = rgb[1]!;
  image.data[o + 2] = rgb[2]!;
}

/**
 * Draws the skeleton of `pose` onto a copy of `image` (limbs as lines, joints as small squares;
 * right side red, left side blue). Missing joints are skipped.
 */
export function drawSkeleton(image: RgbImage, pose: Pick<PoseRecord, 'x' | 'y'>, options: { radius?: number } = {}): RgbImage {
  assertPixelCount('drawSkeleton', image.data.length, image.width, image.height, 3);
  const out: RgbImage = { width: image.width, height: image.height, data: new Uint8Array(image.data) };
  const r = options.radius ?? 1;
  for (const [a, b] of LIP_SKELETON_EDGES) {
    const x0 = pose.x[a]!;
    const y0 = pose.y[a]!;
    const x1 = pose.x[b]!;
    const y1 = pose.y[b]!;
    if ([x0, y0, x1, y1].some(Number.isNaN)) continue;
    const colour = sideColour(a === 6 || a === 7 ? b : a);
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      plot(out, Math.round(x0 + (x1 - x0) * t), Math.round(y0 + (y1 - y0) * t), colour);
    }
  }
  for (let k = 0; k < LIP_NUM_JOINTS; k++) {
    const x = pose.x[k]!;
    const y = pose.y[k]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    const cx = Math.round(x);
    const cy = Math.round(y);
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) plot(out, cx + dx, cy + dy, [255, 255, 255]);
    plot(out, cx, cy, sideColour(k));
  }
  return out;
}
