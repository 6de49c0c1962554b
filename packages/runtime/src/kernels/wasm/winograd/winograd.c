// Winograd F(4×4, 3×3) convolution transforms for tfjs-backend-wasm, built to a small WebAssembly module
// that imports tfjs-wasm's own linear memory (see build-winograd-wasm.sh). The 36 per-point products
// M_k = V_k · U_k are XNNPACK matrix multiplies run by tfjs-wasm; this file only writes V_k (inputs),
// U_k (filters) and reads M_k back into the output (Lavin & Gray 2016, "Fast Algorithms for
// Convolutional Neural Networks"). Channels are vectorised four at a time, so every channel count must be
// a multiple of 4. Dilation d is handled by tiling each of the d×d interleaved sub-grids separately.
//
// Nothing here may use linear memory of its own (no static data, nothing on a stack: every array is fully
// unrolled into wasm locals): the module shares tfjs-wasm's heap. winograd-conv2d.test.ts checks that the
// built module has no data segment and imports no stack pointer.
#include <wasm_simd128.h>

typedef v128_t vec;

#define ADD wasm_f32x4_add
#define SUB wasm_f32x4_sub
#define MUL wasm_f32x4_mul
#define K(x) wasm_f32x4_splat(x)
#define UNROLL _Pragma("clang loop unroll(full)")

// Tile origins along one axis: for each residue a < d, output positions a, a+d, a+2d, … grouped four
// at a time. Returns the number of tiles and, when origins != 0, writes each tile's first output index.
static int tiles_along(int out, int d) {
  int tiles = 0;
  for (int a = 0; a < d && a < out; a++) {
    int n = (out - a + d - 1) / d;
    tiles += (n + 3) / 4;
  }
  return tiles;
}

static int tile_origin(int tile, int out, int d) {
  for (int a = 0; a < d && a < out; a++) {
    int n = (out - a + d - 1) / d;
    int t = (n + 3) / 4;
    if (tile < t) return a + 4 * d * tile;
    tile -= t;
  }
  return -1;
}

__attribute__((export_name("winograd_tiles"))) int winograd_tiles(int outH, int outW, int dh, int dw) {
  return tiles_along(outH, dh) * tiles_along(outW, dw);
}

// The interpolation points are 0, 1, −1, ½, −2 (and ∞) rather than Lavin's 0, ±1, ±2: the same cost, and 2.6–3×
// less float32 rounding error (Barabasz et al. 2020, "Error analysis and improving the accuracy of Winograd
// convolution for deep neural networks"). Measured against tfjs-cpu, 60² 256→256: 5.8e-6 relative (Lavin's
// points 1.8e-5, XNNPACK's direct convolution 5.1e-7).

// r = Bᵀ·d for one column of six values (input transform).
#define BT(d0, d1, d2, d3, d4, d5, r0, r1, r2, r3, r4, r5) do {                 \
    r0 = ADD(ADD(SUB(d0, MUL(K(2.f), d2)), d4), MUL(K(1.5f), SUB(d3, d1)));      \
    r1 = ADD(SUB(d4, d1), ADD(MUL(K(0.5f), d2), MUL(K(2.5f), d3)));             \
    r2 = ADD(ADD(d4, d1), SUB(MUL(K(0.5f), d3), MUL(K(2.5f), d2)));             \
    r3 = ADD(SUB(d4, d2), MUL(K(2.f), SUB(d3, d1)));                             \
    r4 = ADD(SUB(d4, d2), MUL(K(0.5f), SUB(d1, d3)));                            \
    r5 = ADD(ADD(d5, d1), SUB(MUL(K(1.5f), SUB(d4, d2)), MUL(K(2.f), d3)));     \
  } while (0)

/**
 * V_k[t, c] for the 36 points k = 6·i + j, every tile t (batch-major, then row tiles, then column tiles)
 * and channel c. x is NHWC [N, H, W, C]; padTop/padLeft as the convolution pads. V holds 36 pointers.
 */
__attribute__((export_name("winograd_input"))) void winograd_input(
    const float* x, int N, int H, int W, int C, int outH, int outW, int dh, int dw, int padTop, int padLeft,
    float* const* V) {
  const int TH = tiles_along(outH, dh), TW = tiles_along(outW, dw);
  float* v[36];  // the plane pointers in locals: stores to the planes cannot then force reloads of the table
  UNROLL for (int k = 0; k < 36; k++) v[k] = V[k];
  const vec zero = K(0);
  int t = 0;
  for (int n = 0; n < N; n++) {
    const float* xn = x + (long)n * H * W * C;
    for (int th = 0; th < TH; th++) {
      const int iy0 = tile_origin(th, outH, dh) - padTop;
      for (int tw = 0; tw < TW; tw++, t++) {
        const int ix0 = tile_origin(tw, outW, dw) - padLeft;
        // Row and column offsets of the 6×6 input patch, -1 where it falls in the padding.
        int ro[6], co[6];
        UNROLL for (int i = 0; i < 6; i++) {
          int y = iy0 + i * dh, xx = ix0 + i * dw;
          ro[i] = (y >= 0 && y < H) ? y * W * C : -1;
          co[i] = (xx >= 0 && xx < W) ? xx * C : -1;
        }
        for (int c = 0; c < C; c += 4) {
          vec d[6][6];
          UNROLL for (int i = 0; i < 6; i++)
            UNROLL for (int j = 0; j < 6; j++)
              d[i][j] = (ro[i] < 0 || co[j] < 0) ? zero : wasm_v128_load(xn + ro[i] + co[j] + c);
          vec r[6][6];
          UNROLL for (int j = 0; j < 6; j++)
            BT(d[0][j], d[1][j], d[2][j], d[3][j], d[4][j], d[5][j], r[0][j], r[1][j], r[2][j], r[3][j], r[4][j], r[5][j]);
          UNROLL for (int i = 0; i < 6; i++) {
            vec s0, s1, s2, s3, s4, s5;
            BT(r[i][0], r[i][1], r[i][2], r[i][3], r[i][4], r[i][5], s0, s1, s2, s3, s4, s5);
            const long o = (long)t * C + c;
            wasm_v128_store(v[6 * i + 0] + o, s0);
            wasm_v128_store(v[6 * i + 1] + o, s1);
            wasm_v128_store(v[6 * i + 2] + o, s2);
            wasm_v128_store(v[6 * i + 3] + o, s3);
            wasm_v128_store(v[6 * i + 4] + o, s4);
            wasm_v128_store(v[6 * i + 5] + o, s5);
          }
        }
      }
    }
  }
}

// r = G·g for three filter taps (filter transform).
#define G3(g0, g1, g2, r0, r1, r2, r3, r4, r5) do {                               \
    vec sum02 = ADD(g0, g2);                                                     \
    r0 = g0;                                                                     \
    r1 = MUL(K(1.f / 3.f), ADD(sum02, g1));                                      \
    r2 = MUL(K(1.f / 3.f), SUB(g1, sum02));                                      \
    r3 = MUL(K(-4.f / 15.f), ADD(ADD(MUL(K(4.f), g0), MUL(K(2.f), g1)), g2));    \
    r4 = MUL(K(1.f / 15.f), ADD(SUB(g0, MUL(K(2.f), g1)), MUL(K(4.f), g2)));     \
    r5 = g2;                                                                     \
  } while (0)

/** U_k[ci, co] = (G·w[:, :, ci, co]·Gᵀ)_k for a 3×3 HWIO filter [3, 3, Ci, Co]. U holds 36 pointers. */
__attribute__((export_name("winograd_filter"))) void winograd_filter(const float* w, int Ci, int Co, float* const* U) {
  const long tap = (long)Ci * Co;
  float* u[36];
  UNROLL for (int k = 0; k < 36; k++) u[k] = U[k];
  for (int ci = 0; ci < Ci; ci++) {
    for (int co = 0; co < Co; co += 4) {
      const float* p = w + (long)ci * Co + co;
      vec g[3][3];
      UNROLL for (int i = 0; i < 3; i++)
        UNROLL for (int j = 0; j < 3; j++) g[i][j] = wasm_v128_load(p + (3 * i + j) * tap);
      vec r[6][3];
      UNROLL for (int j = 0; j < 3; j++) G3(g[0][j], g[1][j], g[2][j], r[0][j], r[1][j], r[2][j], r[3][j], r[4][j], r[5][j]);
      UNROLL for (int i = 0; i < 6; i++) {
        vec s0, s1, s2, s3, s4, s5;
        G3(r[i][0], r[i][1], r[i][2], s0, s1, s2, s3, s4, s5);
        const long o = (long)ci * Co + co;
        wasm_v128_store(u[6 * i + 0] + o, s0);
        wasm_v128_store(u[6 * i + 1] + o, s1);
        wasm_v128_store(u[6 * i + 2] + o, s2);
        wasm_v128_store(u[6 * i + 3] + o, s3);
        wasm_v128_store(u[6 * i + 4] + o, s4);
        wasm_v128_store(u[6 * i + 5] + o, s5);
      }
    }
  }
}

// r = Aᵀ·m for six values (output transform).
#define AT(m0, m1, m2, m3, m4, m5, r0, r1, r2, r3) do {                           \
    vec p12 = ADD(m1, m2), m12 = SUB(m1, m2);                                    \
    r0 = ADD(ADD(m0, p12), ADD(m3, m4));                                         \
    r1 = ADD(m12, SUB(MUL(K(0.5f), m3), MUL(K(2.f), m4)));                       \
    r2 = ADD(p12, ADD(MUL(K(0.25f), m3), MUL(K(4.f), m4)));                      \
    r3 = ADD(ADD(m12, m5), SUB(MUL(K(0.125f), m3), MUL(K(8.f), m4)));            \
  } while (0)

/**
 * y[n, oy, ox, c] from the 36 products M_k [T, C], plus bias[c] when bias != 0, then max(·, 0) when relu.
 * Tile order as in winograd_input.
 */
__attribute__((export_name("winograd_output"))) void winograd_output(
    float* const* M, int N, int outH, int outW, int C, int dh, int dw, const float* bias, int relu, float* y) {
  const int TH = tiles_along(outH, dh), TW = tiles_along(outW, dw);
  const float* mk[36];
  UNROLL for (int k = 0; k < 36; k++) mk[k] = M[k];
  int t = 0;
  for (int n = 0; n < N; n++) {
    float* yn = y + (long)n * outH * outW * C;
    for (int th = 0; th < TH; th++) {
      const int oy0 = tile_origin(th, outH, dh);
      for (int tw = 0; tw < TW; tw++, t++) {
        const int ox0 = tile_origin(tw, outW, dw);
        int ro[4], co[4];
        UNROLL for (int i = 0; i < 4; i++) {
          int yy = oy0 + i * dh, xx = ox0 + i * dw;
          ro[i] = yy < outH ? yy * outW * C : -1;
          co[i] = xx < outW ? xx * C : -1;
        }
        for (int c = 0; c < C; c += 4) {
          const long o = (long)t * C + c;
          vec m[6][6];
          UNROLL for (int k = 0; k < 36; k++) m[k / 6][k % 6] = wasm_v128_load(mk[k] + o);
          vec r[4][6];
          UNROLL for (int j = 0; j < 6; j++) AT(m[0][j], m[1][j], m[2][j], m[3][j], m[4][j], m[5][j], r[0][j], r[1][j], r[2][j], r[3][j]);
          const vec b = bias ? wasm_v128_load(bias + c) : K(0);
          UNROLL for (int i = 0; i < 4; i++) {
            if (ro[i] < 0) continue;
            vec s[4];
            AT(r[i][0], r[i][1], r[i][2], r[i][3], r[i][4], r[i][5], s[0], s[1], s[2], s[3]);
            UNROLL for (int j = 0; j < 4; j++) {
              if (co[j] < 0) continue;
              vec v = ADD(s[j], b);
              if (relu) v = wasm_f32x4_max(v, K(0));
              wasm_v128_store(yn + ro[i] + co[j] + c, v);
            }
          }
        }
      }
    }
  }
}
