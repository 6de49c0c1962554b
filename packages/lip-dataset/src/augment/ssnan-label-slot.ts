import { type LabelMap, LIP_LABEL_FLIP_LOOKUP } from '@lip/schema';
import { resampleWasmKernels, zoomNearestSourceIndices } from '@lip/image/internal';

const IDENTITY = Uint8Array.from({ length: 256 }, (_, v) => v);
const align16 = (n: number): number => (n + 15) & ~15;
const PAGE = 65536;

/** Where the label block of one SS-NAN training sample goes in its `size²` slot. */
export interface LabelSlotPlacement {
  readonly scaledWidth: number;
  readonly scaledHeight: number;
  readonly cropX: number;
  readonly cropY: number;
  readonly copyW: number;
  readonly copyH: number;
  /** Top-left of the block in the slot (already mirrored when flipped). */
  readonly dstX: number;
  readonly dstY: number;
  readonly flip: boolean;
  readonly size: number;
  readonly padLabel: number;
}

/**
 * Writes a whole SS-NAN training label slot: `padLabel` everywhere, and the crop of the label
 * zoomed as scipy's `zoom(order=0)` at (`dstX`, `dstY`), mirrored with left/right classes swapped
 * when flipped. On the WebAssembly kernel when available (one copy out), else in JavaScript.
 */
export function writeSsnanLabelSlot(label: LabelMap, p: LabelSlotPlacement, out: Uint8Array, offset: number): void {
  const xs = zoomNearestSourceIndices(label.width, p.scaledWidth, p.cropX, p.copyW, p.flip);
  const ys = zoomNearestSourceIndices(label.height, p.scaledHeight, p.cropY, p.copyH);
  const lookup = p.flip ? LIP_LABEL_FLIP_LOOKUP : IDENTITY;
  const k = resampleWasmKernels();
  if (!k) {
    writeInJavaScript(label, p, xs, ys, lookup, out, offset);
    return;
  }
  const labelPtr = 0;
  const xsPtr = align16(label.data.length);
  const rowsPtr = align16(xsPtr + p.copyW * 4);
  const lutPtr = align16(rowsPtr + p.copyH * 4);
  const slotPtr = lutPtr + 256;
  const bytes = slotPtr + p.size * p.size;
  if (k.memory.buffer.byteLength < bytes) k.memory.grow(Math.ceil((bytes - k.memory.buffer.byteLength) / PAGE));
  const buffer = k.memory.buffer;
  new Uint8Array(buffer, labelPtr, label.data.length).set(label.data);
  new Int32Array(buffer, xsPtr, p.copyW).set(xs);
  const rows = new Int32Array(buffer, rowsPtr, p.copyH);
  for (let y = 0; y < p.copyH; y++) rows[y] = ys[y]! * label.width;
  new Uint8Array(buffer, lutPtr, 256).set(lookup);
  k.labelSlot(labelPtr, rowsPtr, xsPtr, p.copyW, p.copyH, lutPtr, slotPtr, p.size, p.dstX, p.dstY, p.padLabel);
  out.set(new Uint8Array(buffer, slotPtr, p.size * p.size), offset);
}

function writeInJavaScript(label: LabelMap, p: LabelSlotPlacement, xs: Int32Array, ys: Int32Array, lookup: Readonly<Uint8Array>, out: Uint8Array, offset: number): void {
  const { size, copyW, copyH, dstX, dstY } = p;
  out.fill(p.padLabel, offset, offset + size * size);
  const src = label.data;
  for (let y = 0; y < copyH; y++) {
    const di = offset + (dstY + y) * size + dstX;
    if (y > 0 && ys[y] === ys[y - 1]) {
      out.copyWithin(di, di - size, di - size + copyW); // an upscaled row repeats the one above
      continue;
    }
    const rowIn = ys[y]! * label.width;
    for (let x = 0; x < copyW; x++) out[di + x] = lookup[src[rowIn + xs[x]!]!]!;
  }
}
