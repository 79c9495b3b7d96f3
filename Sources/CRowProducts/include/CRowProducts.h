#ifndef EXHIBIT_ROW_PRODUCTS_H
#define EXHIBIT_ROW_PRODUCTS_H

/// Dot products of rows, for the cosine matrices of the weight comparisons, in one fixed order
/// of additions whatever the CPU: for each pair of rows, eight lanes each summing the products
/// of columns k ≡ lane (mod 8) in column order, the lanes reduced as
/// ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), then the columns past the last multiple
/// of eight added in order. Products and sums are single-precision and never fused, so the AVX2
/// kernel and the portable one give the same bits.
///
/// Fills out[i * right_rows + j] = dot(a + i * columns, b + j * columns) for left rows
/// i in [row_start, row_end) and every right row j.
void exhibit_row_products(const float *a, const float *b, float *out, long columns,
                          long row_start, long row_end, long right_rows);

/// The same with the portable kernel only (for tests that compare the two).
void exhibit_row_products_portable(const float *a, const float *b, float *out, long columns,
                                   long row_start, long row_end, long right_rows);

/// Whether `exhibit_row_products` uses the AVX2 kernel on this CPU.
int exhibit_row_products_vectorized(void);

#endif
