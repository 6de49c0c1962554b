/**
 * Counter-based randomness for training: every random number of a step is a function of
 * (run seed, global step, purpose). The whole "RNG state" of a run is therefore its seed and its step
 * counter, which checkpoints store, and a resumed run draws exactly what the uninterrupted run drew.
 */

/** splitmix32 finaliser: a well-mixed 32-bit value from a 32-bit input. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit seed derived from any number of integer parts (order matters). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x2545f491;
  for (const p of parts) {
    // Split so steps beyond 2^32 still change the seed.
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = mix32(h ^ lo);
    h = mix32(h ^ hi);
  }
  return h;
}

/** FNV-1a of a string: stable seeds from layer names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small seedable generator (mulberry32): the `random` a training step hands to user code. */
export class StepRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`StepRandom.nextInt: n must be a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }
}
