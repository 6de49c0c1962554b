// The WebAssembly kernels of the SS-NAN training slot: the two passes of Pillow's bilinear resample
// (ImagingResample's horizontal and vertical 8-bit convolutions, region-only, with the mean
// subtraction fused into the vertical pass) and the nearest-neighbour label gather of scipy's
// zoom(order=0). Built by scripts/build-resample-wasm.sh into pillow-resample-wasm.ts, loaded by
// resample-wasm-kernels.ts; augment/ssnan-image-slot.ts and ssnan-label-slot.ts lay out its memory.
//
// Same arithmetic as Pillow and as the JavaScript passes (pillow-resample-passes.ts), so both paths
// give the same bits (the tests compare them): each sum is exact in i32 (weights are non-negative
// 22-bit fixed point summing to ~2^22, values at most 255), starts from 1 << 21, is shifted right by
// 22 and clamped to 0…255 as Pillow's clip8. The vertical pass then subtracts the channel mean in f64
// and rounds once to f32, as numpy's `uint8 - float64` then `astype(float32)`.
//
// The module imports its memory and has none of its own (no static data, nothing on a stack: tap
// weights and sums live in wasm locals): callers place every buffer, from address 0.
// resample-wasm-kernels.test.ts checks that the built module has no data segment and imports no
// stack pointer.
#include <wasm_simd128.h>

#define PRECISION_BITS (32 - 8 - 2) // Pillow's PRECISION_BITS for 8-bit images
#define HALF (1 << (PRECISION_BITS - 1))
#define MAX_TAPS 6                  // MAX_SIMD_TAPS in resample-wasm-kernels.ts
#define UNROLL _Pragma("clang loop unroll(full)")
#define INLINE static inline __attribute__((always_inline))

// Pillow's rounding, shift and clip8, on four i32 sums (the negative half of clip8 is the unsigned
// saturation of the narrowing, where it applies; weights are never negative anyway).
INLINE v128_t shift_clamp(v128_t acc) {
  return wasm_i32x4_min(wasm_i32x4_shr(acc, PRECISION_BITS), wasm_i32x4_splat(255));
}

// Horizontal pass over `rows` 3-channel rows from `rowFirst`; `starts[i]` is the byte offset of
// output pixel i's first tap in a row, `weights` holds `taps` weights per output pixel. A pixel is
// one i32x4 (R, G, B, unused), loaded and stored as 4 bytes: the 4th byte stored is overwritten by
// the next pixel, or lands in slack the caller leaves after each row (and after the image, for loads).
// `taps` is a constant in each instantiation below, so the tap loop unrolls.
INLINE void horizontal(int taps, const unsigned char *src, int srcRowBytes, int rowFirst, int rows, int outW,
                       const int *starts, const int *weights, unsigned char *dst, int dstStride) {
  for (int r = 0; r < rows; r++) {
    const unsigned char *row = src + (rowFirst + r) * srcRowBytes;
    unsigned char *out = dst + r * dstStride;
    const int *w = weights;
    for (int i = 0; i < outW; i++, w += taps) {
      const unsigned char *p = row + starts[i];
      v128_t acc = wasm_i32x4_splat(HALF);
      UNROLL for (int t = 0; t < taps; t++) {
        v128_t px = wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(wasm_v128_load32_zero(p + 3 * t)));
        acc = wasm_i32x4_add(acc, wasm_i32x4_mul(px, wasm_i32x4_splat(w[t])));
      }
      v128_t v = shift_clamp(acc);
      v = wasm_u16x8_narrow_i32x4(v, v);
      v = wasm_u8x16_narrow_i16x8(v, v);
      wasm_v128_store32_lane(out + 3 * i, v, 0);
    }
  }
}

// `v` (four clamped i32) minus four means, in f64, rounded to f32: two lanes at a time.
INLINE v128_t minus_mean(v128_t v, const double *m) {
  v128_t lo = wasm_f32x4_demote_f64x2_zero(wasm_f64x2_sub(wasm_f64x2_convert_low_i32x4(v), wasm_v128_load(m)));
  v128_t hi = wasm_f32x4_demote_f64x2_zero(
      wasm_f64x2_sub(wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3)), wasm_v128_load(m + 2)));
  return wasm_i32x4_shuffle(lo, hi, 0, 1, 4, 5);
}

// Vertical pass to float32 minus the mean. Output row j reads `taps` rows from byte `rowOffsets[j]`
// of `src` (`stride` bytes apart), 16 bytes at a time (`chunks` per row, at least one), and writes
// 16 floats per chunk from byte `j * dstStride` of `dst` (a row's last chunk may run past its end:
// the caller writes whatever follows afterwards). `means` holds three blocks of 16 f64, the channel
// means of bytes 16c + l for c mod 3 (16 bytes of RGB shift the channel phase by one).
INLINE void vertical(int taps, const unsigned char *src, int stride, unsigned char *dst, int dstStride, int rows,
                     int chunks, const int *rowOffsets, const int *weights, const double *means) {
  for (int j = 0; j < rows; j++) {
    const unsigned char *in = src + rowOffsets[j];
    float *out = (float *)(dst + j * dstStride);
    v128_t w[MAX_TAPS];
    UNROLL for (int t = 0; t < taps; t++) w[t] = wasm_i32x4_splat(weights[j * taps + t]);
    const double *m = means;
    int c = 0;
    do {
      v128_t acc0 = wasm_i32x4_splat(HALF), acc1 = acc0, acc2 = acc0, acc3 = acc0;
      UNROLL for (int t = 0; t < taps; t++) {
        v128_t v = wasm_v128_load(in + t * stride);
        v128_t lo = wasm_u16x8_extend_low_u8x16(v);
        v128_t hi = wasm_u16x8_extend_high_u8x16(v);
        acc0 = wasm_i32x4_add(acc0, wasm_i32x4_mul(wasm_u32x4_extend_low_u16x8(lo), w[t]));
        acc1 = wasm_i32x4_add(acc1, wasm_i32x4_mul(wasm_u32x4_extend_high_u16x8(lo), w[t]));
        acc2 = wasm_i32x4_add(acc2, wasm_i32x4_mul(wasm_u32x4_extend_low_u16x8(hi), w[t]));
        acc3 = wasm_i32x4_add(acc3, wasm_i32x4_mul(wasm_u32x4_extend_high_u16x8(hi), w[t]));
      }
      wasm_v128_store(out, minus_mean(shift_clamp(acc0), m));
      wasm_v128_store(out + 4, minus_mean(shift_clamp(acc1), m + 4));
      wasm_v128_store(out + 8, minus_mean(shift_clamp(acc2), m + 8));
      wasm_v128_store(out + 12, minus_mean(shift_clamp(acc3), m + 12));
      in += 16;
      out += 16;
      m += 16;
      if (m == means + 48) m = means;
    } while (++c < chunks);
  }
}

// One exported entry per pass, dispatching to a copy unrolled for each tap count (1 … MAX_TAPS; the
// caller never passes more).
#define EACH_TAP_COUNT(CALL) \
  switch (taps) {            \
    case 1: CALL(1); break;  \
    case 2: CALL(2); break;  \
    case 3: CALL(3); break;  \
    case 4: CALL(4); break;  \
    case 5: CALL(5); break;  \
    case 6: CALL(6); break;  \
  }

__attribute__((export_name("resample_horizontal"))) void resample_horizontal(
    int taps, const unsigned char *src, int srcRowBytes, int rowFirst, int rows, int outW, const int *starts,
    const int *weights, unsigned char *dst, int dstStride) {
#define H(n) horizontal(n, src, srcRowBytes, rowFirst, rows, outW, starts, weights, dst, dstStride)
  EACH_TAP_COUNT(H)
#undef H
}

__attribute__((export_name("resample_vertical"))) void resample_vertical(
    int taps, const unsigned char *src, int stride, unsigned char *dst, int dstStride, int rows, int chunks,
    const int *rowOffsets, const int *weights, const double *means) {
#define V(n) vertical(n, src, stride, dst, dstStride, rows, chunks, rowOffsets, weights, means)
  EACH_TAP_COUNT(V)
#undef V
}

// Label slot: fills the `size²` slot with `padLabel`, then writes
// `slot[(dstY + y)·size + dstX + x] = lut[src[rowOffsets[y] + xs[x]]]` (row offsets and column
// indices precomputed, columns already in output order, `lut` swapping left/right classes on a flip).
__attribute__((export_name("label_slot"))) void label_slot(
    const unsigned char *src, const int *rowOffsets, const int *xs, int copyW, int copyH, const unsigned char *lut,
    unsigned char *slot, int size, int dstX, int dstY, int padLabel) {
  __builtin_memset(slot, padLabel, (unsigned)(size * size)); // memory.fill (bulk memory)
  for (int y = 0; y < copyH; y++) {
    const unsigned char *in = src + rowOffsets[y];
    unsigned char *out = slot + (dstY + y) * size + dstX;
    for (int x = 0; x < copyW; x++) out[x] = lut[in[xs[x]]];
  }
}
