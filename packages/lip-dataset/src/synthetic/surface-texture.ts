import type { SeededRandom } from '@lip/schema';

/** How a surface is coloured: a base colour, a second colour and a pattern mixing them. */
export interface SurfaceTexture {
  readonly base: readonly [number, number, number];
  readonly accent: readonly [number, number, number];
  /** 0 solid, 1 horizontal stripes, 2 vertical stripes, 3 checks, 4 dots, 5 diagonal stripes. */
  readonly pattern: number;
  readonly period: number;
  readonly phase: number;
  /** Amplitude of per-pixel grain, in 0–255 units. */
  readonly grain: number;
}

/** An RGB colour from hue (0–1), saturation and value. */
export function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const i = Math.floor(h * 6);
  const f = h * 6 - i;
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  const [r, g, b] = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ][((i % 6) + 6) % 6]!;
  return [Math.round(r! * 255), Math.round(g! * 255), Math.round(b! * 255)];
}

/** A random texture: random hue, saturation and value in the given ranges, pattern with probability `patterned`. */
export function randomTexture(
  random: SeededRandom,
  options: { saturation?: [number, number]; value?: [number, number]; patterned?: number; grain?: number; scale?: number } = {},
): SurfaceTexture {
  const [s0, s1] = options.saturation ?? [0.25, 0.9];
  const [v0, v1] = options.value ?? [0.2, 0.95];
  const base = hsvToRgb(random.next(), random.uniform(s0, s1), random.uniform(v0, v1));
  const accent = hsvToRgb(random.next(), random.uniform(s0, s1), random.uniform(v0, v1));
  const pattern = random.chance(options.patterned ?? 0.4) ? 1 + random.int(5) : 0;
  return {
    base,
    accent,
    pattern,
    period: Math.max(2, (options.scale ?? 8) * random.uniform(0.5, 1.5)),
    phase: random.next() * 100,
    grain: options.grain ?? 10,
  };
}

/** A texture of one fixed colour with slight grain (skin, hair). */
export function plainTexture(rgb: readonly [number, number, number], grain = 6): SurfaceTexture {
  return { base: rgb, accent: rgb, pattern: 0, period: 8, phase: 0, grain };
}

/** Weight of the accent colour at (x, y): 0 or 1 for the pattern. */
export function patternWeight(t: SurfaceTexture, x: number, y: number): number {
  const p = t.period;
  switch (t.pattern) {
    case 1:
      return Math.floor((y + t.phase) / p) & 1;
    case 2:
      return Math.floor((x + t.phase) / p) & 1;
    case 3:
      return (Math.floor((x + t.phase) / p) + Math.floor((y + t.phase) / p)) & 1;
    case 4: {
      const u = ((x + t.phase) % p) - p / 2;
      const v = ((y + t.phase) % p) - p / 2;
      return u * u + v * v < (p * p) / 10 ? 1 : 0;
    }
    case 5:
      return Math.floor((x + y + t.phase) / p) & 1;
    default:
      return 0;
  }
}
