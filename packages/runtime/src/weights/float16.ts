/** Widens little-endian IEEE 754 half floats (subnormals, infinities and NaN included) to float32. */
export function float16BytesToFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 2 !== 0) throw new RangeError(`float16 data has an odd byte length ${bytes.byteLength}`);
  const count = bytes.byteLength / 2;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = halfToFloat(bytes[2 * i]! | (bytes[2 * i + 1]! << 8));
  }
  return out;
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
