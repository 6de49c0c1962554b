import type { SyntheticSample } from './generate-synthetic-sample.js';
import type { RgbImage } from '@lip/schema';
import { colorizeLabelMap, drawSkeleton } from '@lip/image';

/**
 * Lays samples out as a grid of triptychs (image | colourized label | image with skeleton),
 * `columns` triptychs per row, separated by `gap` white pixels.
 */
export function renderContactSheet(samples: readonly SyntheticSample[], columns = 4, gap = 4): RgbImage {
  if (samples.length === 0) throw new RangeError('renderContactSheet: no samples');
  const size = samples[0]!.image.width;
  const rows = Math.ceil(samples.length / columns);
  const cellW = size * 3 + gap * 2;
  const width = columns * cellW + (columns + 1) * gap * 2;
  const height = rows * size + (rows + 1) * gap * 2;
  const data = new Uint8Array(width * height * 3).fill(255);
  const blit = (img: RgbImage, ox: number, oy: number): void => {
    for (let y = 0; y < img.height; y++) {
      data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((oy + y) * width + ox) * 3);
    }
  };
  samples.forEach((s, i) => {
    const ox = gap * 2 + (i % columns) * (cellW + gap * 2);
    const oy = gap * 2 + Math.floor(i / columns) * (size + gap * 2);
    blit(s.image, ox, oy);
    blit(colorizeLabelMap(s.label), ox + size + gap, oy);
    blit(drawSkeleton(s.image, s.joints, { radius: Math.max(1, Math.round(size / 96)) }), ox + 2 * (size + gap), oy);
  });
  return { width, height, data };
}
