import { describe, expect, it } from 'vitest';
import { LIP_CLASSES, LIP_CLASS_NAMES, LIP_NUM_CLASSES, LIP_PALETTE, LipClassId, isValidLipLabelValue, paletteBytes } from './lip-classes.js';

describe('LIP classes', () => {
  it('has 20 classes in id order with the official names', () => {
    expect(LIP_NUM_CLASSES).toBe(20);
    expect(LIP_CLASSES.map((c) => c.id)).toEqual([...Array(20).keys()]);
    expect(LIP_CLASS_NAMES).toEqual([
      'Background', 'Hat', 'Hair', 'Glove', 'Sunglasses', 'Upper-clothes', 'Dress', 'Coat', 'Socks', 'Pants',
      'Jumpsuits', 'Scarf', 'Skirt', 'Face', 'Left-arm', 'Right-arm', 'Left-leg', 'Right-leg', 'Left-shoe', 'Right-shoe',
    ]);
    expect(LIP_CLASS_NAMES[LipClassId.RightShoe]).toBe('Right-shoe');
    expect(LIP_CLASSES[13]).toEqual({ id: 13, name: 'Face', rgb: [0, 0, 255] });
  });

  it('has the official palette (label_colours of LIP_JPPNet utils/utils.py)', () => {
    const expected =
      '0,0,0|128,0,0|255,0,0|0,85,0|170,0,51|255,85,0|0,0,85|0,119,221|85,85,0|0,85,85|85,51,0|52,86,128|0,128,0|0,0,255|51,170,221|0,255,255|85,255,170|170,255,85|255,255,0|255,170,0';
    expect(LIP_PALETTE.map((rgb) => rgb.join(',')).join('|')).toBe(expected);
    expect(Object.isFrozen(LIP_PALETTE) && Object.isFrozen(LIP_PALETTE[0])).toBe(true);
  });

  it('paletteBytes gives flat RGB or RGBA lookup tables', () => {
    const rgb = paletteBytes();
    expect(rgb.length).toBe(60);
    expect([...rgb.subarray(13 * 3, 14 * 3)]).toEqual([0, 0, 255]);
    const rgba = paletteBytes([[1, 2, 3], [4, 5, 6]], 4, 128);
    expect([...rgba]).toEqual([1, 2, 3, 128, 4, 5, 6, 128]);
  });

  it('accepts 0–19 and 255 as label values', () => {
    expect([0, 19, 255].map(isValidLipLabelValue)).toEqual([true, true, true]);
    expect([20, 240, -1, 1.5].map(isValidLipLabelValue)).toEqual([false, false, false, false]);
  });
});
