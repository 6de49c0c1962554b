import sharp from 'sharp';
import type { RgbImage } from '@lip/schema';

/** Encodes an RGB image as a baseline JPEG (fixed settings, so output bytes are reproducible). */
export function encodeJpeg(image: RgbImage, quality = 90): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality, chromaSubsampling: '4:2:0', mozjpeg: false, optimiseCoding: true })
    .toBuffer();
}

/**
 * Encodes an RGB image as PNG (for contact sheets and visualisations). `palette: true` quantises
 * to at most 256 colours for a much smaller file; never use it for label maps.
 */
export function encodeRgbPng(image: RgbImage, options: { palette?: boolean } = {}): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png({ compressionLevel: 9, palette: options.palette ?? false })
    .toBuffer();
}
