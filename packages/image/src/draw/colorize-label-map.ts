import { assertPixelCount, LIP_PALETTE, paletteBytes, type LabelMap, type Rgb, type RgbImage } from '@lip/schema';

export interface ColorizeOptions {
  /** Colour for values outside 0–19 (ignore 255, SS-NAN pad 240). Default white. */
  readonly unknownRgb?: readonly [number, number, number];
  /** Colour per class id. Default the official LIP palette. */
  readonly palette?: readonly Rgb[];
}

/** Paints a label map with the LIP palette. */
export function colorizeLabelMap(label: LabelMap, options: ColorizeOptions = {}): RgbImage {
  const { width, height, data } = label;
  assertPixelCount('colorizeLabelMap', data.length, width, height, 1);
  const classes = (options.palette ?? LIP_PALETTE).length;
  const palette = paletteBytes(options.palette);
  const [ur, ug, ub] = options.unknownRgb ?? [255, 255, 255];
  const out = new Uint8Array(data.length * 3);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    const o = i * 3;
    if (v < classes) {
      out[o] = palette[v * 3]!;
      out[o + 1] = palette[v * 3 + 1]!;
      out[o + 2] = palette[v * 3 + 2]!;
    } else {
      out[o] = ur;
      out[o + 1] = ug;
      out[o + 2] = ub;
    }
  }
  return { width, height, data: out };
}
