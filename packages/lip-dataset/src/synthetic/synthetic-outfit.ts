import type { SeededRandom } from '@lip/schema';

export type TopGarment = 'upper-clothes' | 'coat' | 'dress' | 'jumpsuit';
export type LowerGarment = 'pants' | 'shorts' | 'skirt';

/** What one procedural person wears. */
export interface SyntheticOutfit {
  readonly top: TopGarment;
  /** Lower garment under an upper-clothes / coat top (a dress or jumpsuit has none). */
  readonly lower: LowerGarment | null;
  /** Jumpsuit legs: full length or shorts. */
  readonly jumpsuitLong: boolean;
  readonly sleeves: 'none' | 'short' | 'long';
  readonly coatOpen: boolean;
  readonly hat: boolean;
  readonly sunglasses: boolean;
  readonly scarf: boolean;
  readonly gloves: boolean;
  readonly socks: boolean;
  readonly longHair: boolean;
  /** Skirt / dress length below the pelvis, as a fraction of the person height. */
  readonly hemLength: number;
}

const TOPS: readonly TopGarment[] = ['upper-clothes', 'coat', 'dress', 'jumpsuit'];

/**
 * Samples an outfit. The top garment cycles with `index` (so every 4 consecutive people cover
 * upper-clothes, coat, dress and jumpsuit) and pants / skirt alternate under upper-clothes and
 * coats; accessories are random.
 */
export function sampleSyntheticOutfit(random: SeededRandom, index: number): SyntheticOutfit {
  const top = TOPS[index % 4]!;
  const cycle = Math.floor(index / 4) % 3;
  let lower: LowerGarment | null = null;
  if (top === 'upper-clothes' || top === 'coat') {
    lower = (['pants', 'skirt', 'shorts'] as const)[(cycle + (top === 'coat' ? 1 : 0)) % 3]!;
  }
  const sleeves =
    top === 'coat' ? 'long' : top === 'dress' || top === 'jumpsuit' ? random.pick(['none', 'short'] as const) : random.pick(['short', 'long', 'short'] as const);
  return {
    top,
    lower,
    jumpsuitLong: random.chance(0.6),
    sleeves,
    coatOpen: random.chance(0.5),
    hat: random.chance(0.3),
    sunglasses: random.chance(0.3),
    scarf: random.chance(0.25),
    gloves: random.chance(0.25),
    socks: random.chance(0.5),
    longHair: random.chance(0.4),
    hemLength: random.uniform(0.12, 0.3),
  };
}
