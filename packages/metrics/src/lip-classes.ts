/**
 * The 20 LIP single-person parsing classes (id = pixel value in the label PNGs), in the order used by
 * the official `test_human.py`, JPPNet, SS-NAN and SCHP.
 */
export const LIP_CLASS_NAMES = [
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
] as const;

export type LipClassName = (typeof LIP_CLASS_NAMES)[number];

/** Number of LIP parsing classes, background included. */
export const LIP_NUM_CLASSES = 20;

/** Label value for padding / unlabelled pixels in LIP label maps. */
export const LIP_IGNORE_INDEX = 255;

/** Official LIP palette (RGB per class id), as in JPPNet's `label_colours`. */
export const LIP_PALETTE: readonly (readonly [number, number, number])[] = [
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
];

/** Left/right class pairs swapped when a label map is mirrored: arms, legs, shoes. */
export const LIP_FLIP_PAIRS: readonly (readonly [number, number])[] = [
  [14, 15],
  [16, 17],
  [18, 19],
];
