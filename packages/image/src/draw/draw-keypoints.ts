import { LIP_JOINT_SIDES, LIP_NUM_JOINTS, LIP_SKELETON_EDGES, type JointSide, type Keypoint, type Pose } from '@lip/schema';
import { resolveDrawTarget, type DrawTarget } from './draw-target.js';

export interface DrawKeypointsOptions {
  /** Joints scoring below it (and the limbs they end) are left out; default 0 (all). */
  readonly minScore?: number;
  /** Joint radius in pixels; default max(2, min(width, height) / 100). */
  readonly radius?: number;
  /** Limb width in pixels; default max(1, min(width, height) / 200). */
  readonly lineWidth?: number;
}

/** The person's right side red, left side blue, the centre line green. */
const SIDE_RGB: Readonly<Record<JointSide, readonly [number, number, number]>> = { right: [255, 40, 40], left: [40, 90, 255], centre: [40, 220, 40] };

function edgeSide(a: number, b: number): JointSide {
  return LIP_JOINT_SIDES[a] !== 'centre' ? LIP_JOINT_SIDES[a]! : LIP_JOINT_SIDES[b]!;
}

function positive(value: number, what: string): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) throw new RangeError(`drawKeypoints: ${what} must be a positive number, got ${String(value)}`);
  return value;
}

/** Sets the pixels of an RGBA buffer within `reach` of the segment (x0, y0)–(x1, y1) (a disc for a point). */
function paintSegment(buffer: { width: number; height: number; data: Uint8ClampedArray }, x0: number, y0: number, x1: number, y1: number, reach: number, rgb: readonly number[]): void {
  const { width, height, data } = buffer;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length2 = dx * dx + dy * dy;
  const reach2 = reach * reach;
  const left = Math.max(0, Math.floor(Math.min(x0, x1) - reach));
  const right = Math.min(width - 1, Math.ceil(Math.max(x0, x1) + reach));
  const top = Math.max(0, Math.floor(Math.min(y0, y1) - reach));
  const bottom = Math.min(height - 1, Math.ceil(Math.max(y0, y1) + reach));
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - x0) * dx + (y - y0) * dy) / length2));
      const ex = x0 + t * dx - x;
      const ey = y0 + t * dy - y;
      if (ex * ex + ey * ey > reach2) continue;
      const o = 4 * (y * width + x);
      data[o] = rgb[0]!;
      data[o + 1] = rgb[1]!;
      data[o + 2] = rgb[2]!;
      data[o + 3] = 255;
    }
  }
}

/**
 * Draws a parser's pose: the limbs of `LIP_SKELETON_EDGES` as lines and the joints as discs, the person's right
 * side red, left side blue (`LIP_JOINT_SIDES`), the centre green; joints scoring below `minScore` and their
 * limbs are left out. `target` is a canvas (its 2D context) or an RGBA buffer `{width, height, data}` (Node).
 * Keypoints are pixel indices of the image (pixel centres).
 */
export function drawKeypoints(target: DrawTarget, pose: Pose, options: DrawKeypointsOptions = {}): void {
  const keypoints = pose?.keypoints;
  if (!Array.isArray(keypoints) || keypoints.length !== LIP_NUM_JOINTS) {
    throw new RangeError(`drawKeypoints: expected a pose with the ${LIP_NUM_JOINTS} LIP keypoints, got ${Array.isArray(keypoints) ? keypoints.length : 'no keypoints array'}`);
  }
  const resolved = resolveDrawTarget(target, 'drawKeypoints');
  const { width, height } = resolved.kind === 'canvas' ? resolved.canvas : resolved.buffer;
  const minScore = options.minScore ?? 0;
  const radius = positive(options.radius ?? Math.max(2, Math.min(width, height) / 100), 'radius');
  const lineWidth = positive(options.lineWidth ?? Math.max(1, Math.min(width, height) / 200), 'lineWidth');
  const shown = (k: Keypoint | undefined): k is Keypoint => k != null && Number.isFinite(k.x) && Number.isFinite(k.y) && k.score >= minScore;
  const rgb = (side: JointSide) => SIDE_RGB[side];

  if (resolved.kind === 'canvas') {
    const { context } = resolved;
    const css = (side: JointSide) => `rgb(${rgb(side).join(', ')})`;
    context.save();
    try {
      context.globalAlpha = 1;
      context.lineWidth = lineWidth;
      context.lineCap = 'round';
      for (const [a, b] of LIP_SKELETON_EDGES) {
        const p = keypoints[a];
        const q = keypoints[b];
        if (!shown(p) || !shown(q)) continue;
        context.strokeStyle = css(edgeSide(a, b));
        context.beginPath();
        context.moveTo(p.x + 0.5, p.y + 0.5);
        context.lineTo(q.x + 0.5, q.y + 0.5);
        context.stroke();
      }
      keypoints.forEach((k, j) => {
        if (!shown(k)) return;
        context.fillStyle = css(LIP_JOINT_SIDES[j]!);
        context.beginPath();
        context.arc(k.x + 0.5, k.y + 0.5, radius, 0, 2 * Math.PI);
        context.fill();
      });
    } finally {
      context.restore();
    }
    return;
  }

  const buffer = resolved.buffer as { width: number; height: number; data: Uint8ClampedArray };
  for (const [a, b] of LIP_SKELETON_EDGES) {
    const p = keypoints[a];
    const q = keypoints[b];
    if (shown(p) && shown(q)) paintSegment(buffer, p.x, p.y, q.x, q.y, lineWidth / 2, rgb(edgeSide(a, b)));
  }
  keypoints.forEach((k, j) => {
    if (shown(k)) paintSegment(buffer, k.x, k.y, k.x, k.y, radius, rgb(LIP_JOINT_SIDES[j]!));
  });
}
