/** One LIP parsing class: its id (the pixel value in label PNGs), name and RGB colour. */
export interface LipClass {
  readonly id: number;
  readonly name: string;
  readonly rgb: readonly [number, number, number];
}

/**
 * The 20 LIP classes (background + 19 parts) in id order, with the official palette
 * (`label_colours` of LIP_JPPNet `utils/utils.py`). Left/right are the person's own sides.
 */
export const LIP_CLASSES: readonly LipClass[] = Object.freeze([
  { id: 0, name: 'Background', rgb: [0, 0, 0] },
  { id: 1, name: 'Hat', rgb: [128, 0, 0] },
  { id: 2, name: 'Hair', rgb: [255, 0, 0] },
  { id: 3, name: 'Glove', rgb: [0, 85, 0] },
  { id: 4, name: 'Sunglasses', rgb: [170, 0, 51] },
  { id: 5, name: 'Upper-clothes', rgb: [255, 85, 0] },
  { id: 6, name: 'Dress', rgb: [0, 0, 85] },
  { id: 7, name: 'Coat', rgb: [0, 119, 221] },
  { id: 8, name: 'Socks', rgb: [85, 85, 0] },
  { id: 9, name: 'Pants', rgb: [0, 85, 85] },
  { id: 10, name: 'Jumpsuits', rgb: [85, 51, 0] },
  { id: 11, name: 'Scarf', rgb: [52, 86, 128] },
  { id: 12, name: 'Skirt', rgb: [0, 128, 0] },
  { id: 13, name: 'Face', rgb: [0, 0, 255] },
  { id: 14, name: 'Left-arm', rgb: [51, 170, 221] },
  { id: 15, name: 'Right-arm', rgb: [0, 255, 255] },
  { id: 16, name: 'Left-leg', rgb: [85, 255, 170] },
  { id: 17, name: 'Right-leg', rgb: [170, 255, 85] },
  { id: 18, name: 'Left-shoe', rgb: [255, 255, 0] },
  { id: 19, name: 'Right-shoe', rgb: [255, 170, 0] },
] as const satisfies readonly LipClass[]);

/** Number of LIP classes, background included. */
export const LIP_NUM_CLASSES = 20;

/** Class names in id order. */
export const LIP_CLASS_NAMES: readonly string[] = Object.freeze(LIP_CLASSES.map((c) => c.name));

/** The palette as a flat `Uint8Array` of 20×3 RGB bytes, indexed by `id * 3`. */
export const LIP_PALETTE: Readonly<Uint8Array> = new Uint8Array(LIP_CLASSES.flatMap((c) => [...c.rgb]));

/** Label value JPPNet and SSL use for ignored / padded pixels. */
export const LIP_IGNORE_LABEL = 255;

/** Label value SS-NAN uses for padding (its one-hot encoding turns it into an all-zero row). */
export const SSNAN_PAD_LABEL = 240;

/** Named ids, for code that draws or tests particular classes. */
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

/** True for a valid LIP label value: a class id 0–19 or the ignore label 255. */
export function isValidLipLabelValue(value: number): boolean {
  return (value >= 0 && value < LIP_NUM_CLASSES) || value === LIP_IGNORE_LABEL;
}
