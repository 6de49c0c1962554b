import { describe, expect, it } from 'vitest';
import { LIP_CLASSES, LIP_CLASS_NAMES, LIP_NUM_CLASSES, LIP_PALETTE, isValidLipLabelValue } from './lip-classes.js';

describe('LIP classes', () => {
  it('has 20 classes in id order with the official names', () => {
    expect(LIP_NUM_CLASSES).toBe(20);
    expect(LIP_CLASSES.map((c) => c.id)).toEqual([...Array(20).keys()]);
    expect(LIP_CLASS_NAMES).toEqual([
      'Background', 'Hat', 'Hair', 'Glove', 'Sunglasses', 'Upper-clothes', 'Dress', 'Coat', 'Socks', 'Pants',
      'Jumpsuits', 'Scarf', 'Skirt', 'Face', 'Left-arm', 'Right-arm', 'Left-leg', 'Right-leg', 'Left-shoe', 'Right-shoe',
    ]);
  });

  it('has the official palette', () => {
    const expected =
      '0,0,0|128,0,0|255,0,0|0,85,0|170,0,51|255,85,0|0,0,85|0,119,221|85,85,0|0,85,85|85,51,0|52,86,128|0,128,0|0,0,255|51,170,221|0,255,255|85,255,170|170,255,85|255,255,0|255,170,0';
    expect(LIP_CLASSES.map((c) => c.rgb.join(',')).join('|')).toBe(expected);
    expect(LIP_PALETTE.length).toBe(60);
    expect([...LIP_PALETTE.subarray(13 * 3, 14 * 3)]).toEqual([0, 0, 255]);
  });

  it('accepts 0–19 and 255 as label values', () => {
    expect(isValidLipLabelValue(0)).toBe(true);
    expect(isValidLipLabelValue(19)).toBe(true);
    expect(isValidLipLabelValue(255)).toBe(true);
    expect(isValidLipLabelValue(20)).toBe(false);
    expect(isValidLipLabelValue(240)).toBe(false);
  });
});
