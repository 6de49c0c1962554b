import { pixelNoise } from './pixel-noise.js';
import { patternWeight, randomTexture, type SurfaceTexture } from './surface-texture.js';
import type { SeededRandom } from '@lip/schema';

interface ClutterShape {
  readonly kind: 0 | 1 | 2; // rectangle, ellipse, bar
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly texture: SurfaceTexture;
}

/**
 * Paints a textured, cluttered scene: a two-colour vertical gradient (wall / floor), then
 * rectangles, ellipses and bars with their own patterns, then per-pixel grain.
 */
export function renderBackground(rgb: Uint8Array, width: number, height: number, random: SeededRandom, noiseSeed: number): void {
  const wall = randomTexture(random, { saturation: [0.05, 0.6], value: [0.35, 0.95], patterned: 0.35, scale: width / 10 });
  const floor = randomTexture(random, { saturation: [0.05, 0.5], value: [0.2, 0.7], patterned: 0.3, scale: width / 12 });
  const horizon = height * random.uniform(0.55, 0.9);
  const shapes: ClutterShape[] = [];
  const count = 4 + random.int(10);
  for (let i = 0; i < count; i++) {
    const kind = random.int(3) as 0 | 1 | 2;
    const cx = random.uniform(-0.1, 1.1) * width;
    const cy = random.uniform(-0.1, 1.1) * height;
    const w = kind === 2 ? random.uniform(0.02, 0.08) * width : random.uniform(0.08, 0.45) * width;
    const h = kind === 2 ? random.uniform(0.3, 1.2) * height : random.uniform(0.08, 0.45) * height;
    shapes.push({ kind, x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2, texture: randomTexture(random, { scale: width / 16 }) });
  }
  const shade = random.uniform(-0.25, 0.25);
  const active: ClutterShape[] = [];
  for (let y = 0; y < height; y++) {
    const onFloor = y >= horizon;
    const surface = onFloor ? floor : wall;
    const light = 1 + shade * (y / height - 0.5);
    // Shapes crossing this row, front-most first.
    active.length = 0;
    for (let s = shapes.length - 1; s >= 0; s--) {
      const sh = shapes[s]!;
      if (y >= sh.y0 && y <= sh.y1) active.push(sh);
    }
    for (let x = 0; x < width; x++) {
      let t = surface;
      for (let s = 0; s < active.length; s++) {
        const sh = active[s]!;
        if (x < sh.x0 || x > sh.x1) continue;
        if (sh.kind === 1) {
          const u = (2 * x - sh.x0 - sh.x1) / (sh.x1 - sh.x0);
          const v = (2 * y - sh.y0 - sh.y1) / (sh.y1 - sh.y0);
          if (u * u + v * v > 1) continue;
        }
        t = sh.texture;
        break;
      }
      const w = t.pattern === 0 ? 0 : patternWeight(t, x, y);
      const n = pixelNoise(x, y, noiseSeed) * t.grain;
      const o = (y * width + x) * 3;
      const c = w ? t.accent : t.base;
      const r = c[0]! * light + n;
      const g = c[1]! * light + n;
      const b = c[2]! * light + n;
      rgb[o] = r < 0 ? 0 : r > 255 ? 255 : r;
      rgb[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
      rgb[o + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
    }
  }
}
