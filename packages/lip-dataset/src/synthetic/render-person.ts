import { pixelNoise } from './pixel-noise.js';
import { patternWeight, plainTexture, randomTexture, type SurfaceTexture } from './surface-texture.js';
import { LIP_NUM_CLASSES, LipClassId as C, type SeededRandom } from '@lip/schema';

const SKIN_TONES: readonly (readonly [number, number, number])[] = [
  [255, 224, 196], [241, 194, 160], [224, 172, 132], [198, 134, 96], [161, 102, 68], [120, 74, 48], [88, 56, 38],
];
const HAIR_COLOURS: readonly (readonly [number, number, number])[] = [
  [20, 16, 14], [48, 32, 22], [92, 60, 34], [150, 104, 58], [210, 176, 110], [140, 56, 30], [150, 150, 150],
];

/**
 * Picks how every class of one person looks: one skin tone for face, arms and legs, a hair colour,
 * and random colours / patterns for each garment and accessory.
 */
export function samplePersonAppearance(random: SeededRandom): SurfaceTexture[] {
  const skin = random.pick(SKIN_TONES);
  const hair = random.pick(HAIR_COLOURS);
  const textures: SurfaceTexture[] = [];
  for (let id = 0; id < LIP_NUM_CLASSES; id++) textures.push(randomTexture(random, { scale: 5 }));
  for (const id of [C.Face, C.LeftArm, C.RightArm, C.LeftLeg, C.RightLeg]) textures[id] = plainTexture(skin, 5);
  textures[C.Hair] = plainTexture(hair, 14);
  textures[C.Sunglasses] = plainTexture([25, 25, 30], 4);
  const shoes = randomTexture(random, { value: [0.1, 0.7], patterned: 0 });
  textures[C.LeftShoe] = shoes;
  textures[C.RightShoe] = shoes;
  return textures;
}

/**
 * Colours the person's pixels (label ≠ 0) over the background: class texture, a soft light
 * gradient across the body, and grain.
 */
export function renderPerson(
  rgb: Uint8Array,
  label: Uint8Array,
  width: number,
  height: number,
  textures: readonly SurfaceTexture[],
  lightDirection: number,
  noiseSeed: number,
): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const cls = label[i]!;
      if (cls === 0) continue;
      const t = textures[cls]!;
      const light = 1 + lightDirection * ((x / width) - 0.5) * 0.5;
      const n = pixelNoise(x, y, noiseSeed) * t.grain;
      const accent = patternWeight(t, x, y) === 1;
      const o = i * 3;
      for (let c = 0; c < 3; c++) {
        const v = (accent ? t.accent[c]! : t.base[c]!) * light + n;
        rgb[o + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
}

