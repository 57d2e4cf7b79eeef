// Dense double-precision matrix products for the trainer (and any caller
// that wants them): C = A B or C += A B, with A and B given by arbitrary
// row and column strides (so transposes cost nothing extra), blocked and
// packed, with register-tile micro-kernels chosen at run time (AVX-512F,
// AVX2 with FMA, or portable C), no compiler flags.
//
// Bits: every entry of C is the chain c = fma(A(i,0), B(0,j), c),
// c = fma(A(i,1), B(1,j), c), ..., in increasing k, starting from C's
// value (accumulate) or from +0. Every level, block size and tile shape
// performs exactly this chain (one IEEE fused multiply-add per k, correctly
// rounded), so the result is the same bit for bit on every level and every
// machine whose fma is IEEE (x86-64 with FMA, aarch64, or libm's fma()).
#ifndef LYAPSIM_LANES_GEMM_H
#define LYAPSIM_LANES_GEMM_H

#include <stddef.h>

/// The widest product level this CPU supports: 0 portable, 1 AVX2 + FMA,
/// 2 AVX-512F (the `LANES_*` values).
int lanes_gemm_best_level(void);

/// Doubles of workspace `lanes_gemm` needs for an m x n x k product.
size_t lanes_gemm_workspace(size_t m, size_t n, size_t k);

/// C(i,j) = [C(i,j) +] sum_k A(i,k) B(k,j) for i < m, j < n, as the fma
/// chain in the header comment. A(i,k) = a[i rsa + k csa], B(k,j) =
/// b[k rsb + j csb], C(i,j) = c[i ldc + j]. `accumulate` 0 starts each
/// chain from +0 (C's old contents are ignored). `work` holds at least
/// `lanes_gemm_workspace(m, n, k)` doubles. k = 0 leaves C (or zeroes it).
void lanes_gemm(size_t m, size_t n, size_t k, const double *a, ptrdiff_t rsa, ptrdiff_t csa, const double *b,
                ptrdiff_t rsb, ptrdiff_t csb, double *c, size_t ldc, int accumulate, double *work, int level);

#endif
