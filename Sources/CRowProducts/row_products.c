#include "CRowProducts.h"

/* Products and sums are never fused into multiply-adds, whatever the compiler's default. */
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
#pragma STDC FP_CONTRACT OFF

/* The lanes' reduction and the tail, shared by both kernels: the order the header states. */
static inline float finish(const float lanes[8], const float *x, const float *y, long whole, long columns) {
    float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    for (long k = whole; k < columns; k++) {
        float product = x[k] * y[k];
        sum += product;
    }
    return sum;
}

/* Right rows are taken a tile at a time, so that a tile stays in cache while every left row of
   the band meets it (one pass over the right matrix per band, not per left row). The order of
   additions within each product is untouched. */
enum { TILE = 48 };

void exhibit_row_products_portable(const float *a, const float *b, float *out, long columns,
                                   long row_start, long row_end, long right_rows) {
    long whole = columns / 8 * 8;
    for (long tile = 0; tile < right_rows; tile += TILE) {
        long tile_end = tile + TILE < right_rows ? tile + TILE : right_rows;
        for (long i = row_start; i < row_end; i++) {
            const float *x = a + i * columns;
            for (long j = tile; j < tile_end; j++) {
                const float *y = b + j * columns;
                float lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
                for (long k = 0; k < whole; k += 8) {
                    for (int lane = 0; lane < 8; lane++) {
                        float product = x[k + lane] * y[k + lane];
                        lanes[lane] = lanes[lane] + product;
                    }
                }
                out[i * right_rows + j] = finish(lanes, x, y, whole, columns);
            }
        }
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

/* One product, as the four-by-two kernel computes each of its eight. */
__attribute__((target("avx2")))
static float dot_avx2(const float *x, const float *y, long whole, long columns) {
    float lanes[8];
    __m256 s = _mm256_setzero_ps();
    for (long k = 0; k < whole; k += 8) s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(x + k), _mm256_loadu_ps(y + k)));
    _mm256_storeu_ps(lanes, s);
    return finish(lanes, x, y, whole, columns);
}

/* Four left rows against two right rows at a time: eight accumulators, each one pair's lanes. */
__attribute__((target("avx2")))
static void products_avx2(const float *a, const float *b, float *out, long columns,
                          long row_start, long row_end, long right_rows) {
    long whole = columns / 8 * 8;
    float lanes[8];
    for (long tile = 0; tile < right_rows; tile += TILE) {
        long tile_end = tile + TILE < right_rows ? tile + TILE : right_rows;
        long i = row_start;
        for (; i + 4 <= row_end; i += 4) {
            const float *xs[4] = {a + i * columns, a + (i + 1) * columns, a + (i + 2) * columns, a + (i + 3) * columns};
            long j = tile;
            for (; j + 2 <= tile_end; j += 2) {
                const float *y0 = b + j * columns, *y1 = y0 + columns;
                __m256 s00 = _mm256_setzero_ps(), s10 = s00, s20 = s00, s30 = s00;
                __m256 s01 = s00, s11 = s00, s21 = s00, s31 = s00;
                for (long k = 0; k < whole; k += 8) {
                    __m256 v0 = _mm256_loadu_ps(y0 + k), v1 = _mm256_loadu_ps(y1 + k);
                    __m256 u0 = _mm256_loadu_ps(xs[0] + k), u1 = _mm256_loadu_ps(xs[1] + k);
                    __m256 u2 = _mm256_loadu_ps(xs[2] + k), u3 = _mm256_loadu_ps(xs[3] + k);
                    s00 = _mm256_add_ps(s00, _mm256_mul_ps(u0, v0)); s01 = _mm256_add_ps(s01, _mm256_mul_ps(u0, v1));
                    s10 = _mm256_add_ps(s10, _mm256_mul_ps(u1, v0)); s11 = _mm256_add_ps(s11, _mm256_mul_ps(u1, v1));
                    s20 = _mm256_add_ps(s20, _mm256_mul_ps(u2, v0)); s21 = _mm256_add_ps(s21, _mm256_mul_ps(u2, v1));
                    s30 = _mm256_add_ps(s30, _mm256_mul_ps(u3, v0)); s31 = _mm256_add_ps(s31, _mm256_mul_ps(u3, v1));
                }
                __m256 sums[4][2] = {{s00, s01}, {s10, s11}, {s20, s21}, {s30, s31}};
                for (int row = 0; row < 4; row++) {
                    _mm256_storeu_ps(lanes, sums[row][0]);
                    out[(i + row) * right_rows + j] = finish(lanes, xs[row], y0, whole, columns);
                    _mm256_storeu_ps(lanes, sums[row][1]);
                    out[(i + row) * right_rows + j + 1] = finish(lanes, xs[row], y1, whole, columns);
                }
            }
            for (; j < tile_end; j++) {
                for (int row = 0; row < 4; row++) out[(i + row) * right_rows + j] = dot_avx2(xs[row], b + j * columns, whole, columns);
            }
        }
        for (; i < row_end; i++) {
            for (long j = tile; j < tile_end; j++) out[i * right_rows + j] = dot_avx2(a + i * columns, b + j * columns, whole, columns);
        }
    }
}

int exhibit_row_products_vectorized(void) {
    return __builtin_cpu_supports("avx2") ? 1 : 0;
}

void exhibit_row_products(const float *a, const float *b, float *out, long columns,
                          long row_start, long row_end, long right_rows) {
    if (exhibit_row_products_vectorized()) {
        products_avx2(a, b, out, columns, row_start, row_end, right_rows);
    } else {
        exhibit_row_products_portable(a, b, out, columns, row_start, row_end, right_rows);
    }
}
#else
int exhibit_row_products_vectorized(void) { return 0; }

void exhibit_row_products(const float *a, const float *b, float *out, long columns,
                          long row_start, long row_end, long right_rows) {
    exhibit_row_products_portable(a, b, out, columns, row_start, row_end, right_rows);
}
#endif
