import { LIP_NUM_JOINTS, type PoseRecord } from '@lip/schema';

/** Gaussian σ² of `create_heatmaps.py` (`cov=64`, σ = 8 px). */
export const HEATMAP_VARIANCE = 64;
/** Half-size of the window the Gaussian is evaluated in (`r-25 … r+25`, upper bound exclusive). */
export const HEATMAP_HALF_WINDOW = 25;

/**
 * The 16 JPPNet pose heatmaps of one image, exactly as `datasets/lip/create_heatmaps.py` writes
 * them (then read back as uint8): for joint k, a NaN coordinate counts as 0; `c = trunc(x)`,
 * `r = trunc(y)` clamped into the image; if `c + r > 0` the Gaussian `exp(-d²/128)` is evaluated at
 * rows `[max(r-25,0), min(r+25,rows-1))` and columns `[max(c-25,0), min(c+25,cols-1))`, then the map
 * is min–max scaled to 0–255 as `scipy.misc.imsave` does (`floor(v·255/max + 0.5)`). Visibility is
 * ignored. Output is interleaved `[height, width, 16]` (the JPPNet channel stack).
 */
export function createJointHeatmaps(joints: PoseRecord, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * LIP_NUM_JOINTS);
  const values = new Float64Array((2 * HEATMAP_HALF_WINDOW) * (2 * HEATMAP_HALF_WINDOW));
  for (let k = 0; k < LIP_NUM_JOINTS; k++) {
    const xv = joints.x[k]!;
    const yv = joints.y[k]!;
    let c = Number.isNaN(xv) ? 0 : Math.trunc(xv);
    c = Math.max(Math.min(c, width - 1), 0);
    let r = Number.isNaN(yv) ? 0 : Math.trunc(yv);
    r = Math.max(Math.min(r, height - 1), 0);
    if (c + r <= 0) continue;
    const i0 = Math.max(r - HEATMAP_HALF_WINDOW, 0);
    const i1 = Math.min(r + HEATMAP_HALF_WINDOW, height - 1);
    const j0 = Math.max(c - HEATMAP_HALF_WINDOW, 0);
    const j1 = Math.min(c + HEATMAP_HALF_WINDOW, width - 1);
    const ww = j1 - j0;
    if (i1 <= i0 || ww <= 0) continue;
    let max = 0;
    for (let i = i0; i < i1; i++) {
      for (let j = j0; j < j1; j++) {
        const d2 = (i - r) * (i - r) + (j - c) * (j - c);
        const v = Math.exp((-0.5 * d2) / HEATMAP_VARIANCE);
        values[(i - i0) * ww + (j - j0)] = v;
        if (v > max) max = v;
      }
    }
    const scale = 255 / max;
    for (let i = i0; i < i1; i++) {
      for (let j = j0; j < j1; j++) {
        out[(i * width + j) * LIP_NUM_JOINTS + k] = Math.floor(values[(i - i0) * ww + (j - j0)]! * scale + 0.5);
      }
    }
  }
  return out;
}
