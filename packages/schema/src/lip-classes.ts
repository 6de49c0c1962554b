/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [r: number, g: number, b: number];

/** The 20 LIP class names in id order (the id is the pixel value of a label PNG). */
export const LIP_CLASS_NAMES = Object.freeze([
  'Background',
  'Hat',
  'Hair',
  'Glove',
  'Sunglasses',
  'Upper-clothes',
  'Dress',
  'Coat',
  'Socks',
  'Pants',
  'Jumpsuits',
  'Scarf',
  'Skirt',
  'Face',
  'Left-arm',
  'Right-arm',
  'Left-leg',
  'Right-leg',
  'Left-shoe',
  'Right-shoe',
] as const);

export type LipClassName = (typeof LIP_CLASS_NAMES)[number];

/** Number of LIP classes, background included. */
export const LIP_NUM_CLASSES = 20;

/**
 * The official LIP palette, one RGB colour per class id (`label_colours` of LIP_JPPNet `utils/utils.py`).
 * `paletteBytes` turns it (or any palette) into the flat lookup table pixel loops want.
 */
export const LIP_PALETTE: readonly Rgb[] = Object.freeze(
  (
    [
      [0, 0, 0],
      [128, 0, 0],
      [255, 0, 0],
      [0, 85, 0],
      [170, 0, 51],
      [255, 85, 0],
      [0, 0, 85],
      [0, 119, 221],
      [85, 85, 0],
      [0, 85, 85],
      [85, 51, 0],
      [52, 86, 128],
      [0, 128, 0],
      [0, 0, 255],
      [51, 170, 221],
      [0, 255, 255],
      [85, 255, 170],
      [170, 255, 85],
      [255, 255, 0],
      [255, 170, 0],
    ] as const
  ).map((rgb) => Object.freeze(rgb) as Rgb),
);

/** One LIP class: id, name and palette colour. */
export interface LipClass {
  readonly id: number;
  readonly name: LipClassName;
  readonly rgb: Rgb;
}

/** The 20 classes in id order. Left/right are the person's own sides. */
export const LIP_CLASSES: readonly LipClass[] = Object.freeze(
  LIP_CLASS_NAMES.map((name, id) => Object.freeze({ id, name, rgb: LIP_PALETTE[id]! })),
);

/** Named class ids, for code that draws or tests particular classes. */
export const LipClassId = Object.freeze({
  Background: 0,
  Hat: 1,
  Hair: 2,
  Glove: 3,
  Sunglasses: 4,
  UpperClothes: 5,
  Dress: 6,
  Coat: 7,
  Socks: 8,
  Pants: 9,
  Jumpsuits: 10,
  Scarf: 11,
  Skirt: 12,
  Face: 13,
  LeftArm: 14,
  RightArm: 15,
  LeftLeg: 16,
  RightLeg: 17,
  LeftShoe: 18,
  RightShoe: 19,
} as const);

/** Label value of ignored / unlabelled pixels in LIP label maps (JPPNet, SSL, `test_human.py`). */
export const LIP_IGNORE_LABEL = 255;

/** Label value SS-NAN pads with (its one-hot encoding turns it into an all-zero row). */
export const SSNAN_PAD_LABEL = 240;

/** True for a value a LIP label PNG may hold: a class id 0–19 or the ignore label 255. */
export function isValidLipLabelValue(value: number): boolean {
  return (Number.isInteger(value) && value >= 0 && value < LIP_NUM_CLASSES) || value === LIP_IGNORE_LABEL;
}

/**
 * A palette as a flat lookup table: `channels` bytes per entry (3 = RGB, 4 = RGBA with `alpha`), so that
 * entry `id` starts at `id * channels`.
 */
export function paletteBytes(palette: readonly Rgb[] = LIP_PALETTE, channels: 3 | 4 = 3, alpha = 255): Uint8Array {
  const out = new Uint8Array(palette.length * channels);
  palette.forEach((rgb, id) => {
    out.set(rgb, id * channels);
    if (channels === 4) out[id * channels + 3] = alpha;
  });
  return out;
}
