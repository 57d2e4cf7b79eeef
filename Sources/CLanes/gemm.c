// See include/lanes_gemm.h. Blocking: k in blocks of at most KC (C is
// carried between blocks in memory, so each entry's fma chain runs in
// increasing k unchanged); B's k-block is packed into NR-wide column panels,
// zero-padded; an MR x NR micro-kernel reads MR rows of A in place through
// its strides (a last partial row panel is packed, zero-padded) and keeps
// its C tile in registers over the k-block. Padding only ever feeds padded
// (discarded) entries of C.
#include "lanes_gemm.h"
#include "lanes.h"

#include <math.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

enum { KC = 256, MR_MAX = 8, NR_MAX = 16, SMALL = 8192 };

size_t lanes_gemm_workspace(size_t m, size_t n, size_t k) {
    size_t kc = k < KC ? k : KC;
    (void)m;
    return MR_MAX * kc + (n + NR_MAX) * kc + 16;
}

typedef void (*tile_fn)(size_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, const double *bp, double *c,
                        size_t ldc);

// ---------------------------------------------------------------- packing

static void pack_a(size_t mc, size_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, size_t mr, double *ap) {
    for (size_t i0 = 0; i0 < mc; i0 += mr) {
        size_t rows = mc - i0 < mr ? mc - i0 : mr;
        if (csa == 1 && rows == mr) {
            // Row-major A: read each row contiguously, write it strided.
            for (size_t i = 0; i < mr; i++) {
                const double *src = a + (ptrdiff_t)(i0 + i) * rsa;
                for (size_t k = 0; k < kc; k++) ap[k * mr + i] = src[k];
            }
            ap += mr * kc;
            continue;
        }
        for (size_t k = 0; k < kc; k++) {
            const double *src = a + (ptrdiff_t)i0 * rsa + (ptrdiff_t)k * csa;
            size_t i = 0;
            for (; i < rows; i++) ap[i] = src[(ptrdiff_t)i * rsa];
            for (; i < mr; i++) ap[i] = 0;
            ap += mr;
        }
    }
}

static void pack_b(size_t kc, size_t n, const double *b, ptrdiff_t rsb, ptrdiff_t csb, size_t nr, double *bp) {
    for (size_t j0 = 0; j0 < n; j0 += nr) {
        size_t cols = n - j0 < nr ? n - j0 : nr;
        if (csb == 1 && cols == nr) {
            for (size_t k = 0; k < kc; k++) {
                memcpy(bp, b + (ptrdiff_t)k * rsb + (ptrdiff_t)j0, nr * sizeof(double));
                bp += nr;
            }
            continue;
        }
        for (size_t k = 0; k < kc; k++) {
            const double *src = b + (ptrdiff_t)k * rsb + (ptrdiff_t)j0 * csb;
            size_t j = 0;
            for (; j < cols; j++) bp[j] = src[(ptrdiff_t)j * csb];
            for (; j < nr; j++) bp[j] = 0;
            bp += nr;
        }
    }
}

// ---------------------------------------------------------------- portable

enum { MR_P = 4, NR_P = 4 };

static void tile_portable(size_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, const double *bp, double *c,
                          size_t ldc) {
    double t[MR_P][NR_P];
    for (int i = 0; i < MR_P; i++)
        for (int j = 0; j < NR_P; j++) t[i][j] = c[i * ldc + j];
    for (size_t k = 0; k < kc; k++) {
        for (int i = 0; i < MR_P; i++) {
            double ai = a[i * rsa];
            for (int j = 0; j < NR_P; j++) t[i][j] = fma(ai, bp[j], t[i][j]);
        }
        a += csa;
        bp += NR_P;
    }
    for (int i = 0; i < MR_P; i++)
        for (int j = 0; j < NR_P; j++) c[i * ldc + j] = t[i][j];
}

// Small products (a layer of width 2 to 8): packing and edge tiles would
// cost more than the arithmetic, so the chain runs on the operands in place,
// k outermost per row of C, vectorized over j by the compiler where B's
// rows are contiguous. Same chain, same bits.
#define SMALL_BODY(FMA)                                                                                                \
    if (csb == 1) {                                                                                                    \
        for (size_t i = 0; i < m; i++) {                                                                               \
            double *ci = c + i * ldc;                                                                                  \
            for (size_t t = 0; t < k; t++) {                                                                           \
                double at = a[(ptrdiff_t)i * rsa + (ptrdiff_t)t * csa];                                                \
                const double *bt = b + (ptrdiff_t)t * rsb;                                                             \
                for (size_t j = 0; j < n; j++) ci[j] = FMA(at, bt[j], ci[j]);                                          \
            }                                                                                                          \
        }                                                                                                              \
    } else {                                                                                                           \
        /* B's columns are the contiguous direction: four chains at once. */                                           \
        for (size_t i = 0; i < m; i++) {                                                                               \
            double *ci = c + i * ldc;                                                                                  \
            const double *ai = a + (ptrdiff_t)i * rsa;                                                                 \
            size_t j = 0;                                                                                              \
            for (; j + 4 <= n; j += 4) {                                                                               \
                const double *b0 = b + (ptrdiff_t)j * csb, *b1 = b0 + csb, *b2 = b1 + csb, *b3 = b2 + csb;             \
                double s0 = ci[j], s1 = ci[j + 1], s2 = ci[j + 2], s3 = ci[j + 3];                                     \
                for (size_t t = 0; t < k; t++) {                                                                       \
                    double at = ai[(ptrdiff_t)t * csa];                                                                \
                    ptrdiff_t o = (ptrdiff_t)t * rsb;                                                                  \
                    s0 = FMA(at, b0[o], s0);                                                                           \
                    s1 = FMA(at, b1[o], s1);                                                                           \
                    s2 = FMA(at, b2[o], s2);                                                                           \
                    s3 = FMA(at, b3[o], s3);                                                                           \
                }                                                                                                      \
                ci[j] = s0, ci[j + 1] = s1, ci[j + 2] = s2, ci[j + 3] = s3;                                            \
            }                                                                                                          \
            for (; j < n; j++) {                                                                                       \
                const double *bj = b + (ptrdiff_t)j * csb;                                                             \
                double s0 = ci[j];                                                                                     \
                for (size_t t = 0; t < k; t++) s0 = FMA(ai[(ptrdiff_t)t * csa], bj[(ptrdiff_t)t * rsb], s0);           \
                ci[j] = s0;                                                                                            \
            }                                                                                                          \
        }                                                                                                              \
    }

static void small_portable(size_t m, size_t n, size_t k, const double *a, ptrdiff_t rsa, ptrdiff_t csa,
                           const double *b, ptrdiff_t rsb, ptrdiff_t csb, double *c, size_t ldc) {
    SMALL_BODY(fma)
}

// ---------------------------------------------------------------- x86-64

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

int lanes_gemm_best_level(void) {
    int level = lanes_best_level();
    if (level == LANES_AVX2) {
        // AVX2 without FMA (no shipping CPU, but cheap to check): portable.
        unsigned a, b, c, d;
        if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 12))) return LANES_PORTABLE;
    }
    return level;
}

// AVX2 + FMA: 6 x 8 tile, 12 accumulators, two B vectors, one broadcast.
enum { MR_2 = 6, NR_2 = 8 };

#define ROW2(r)                                                                                                        \
    do {                                                                                                               \
        __m256d av = _mm256_broadcast_sd(a + off##r);                                                                  \
        c##r##0 = _mm256_fmadd_pd(av, b0, c##r##0);                                                                    \
        c##r##1 = _mm256_fmadd_pd(av, b1, c##r##1);                                                                    \
    } while (0)

__attribute__((target("avx2,fma"))) static void tile_avx2(size_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa,
                                                        const double *bp, double *c, size_t ldc) {
    const ptrdiff_t off0 = 0, off1 = rsa, off2 = 2 * rsa, off3 = 3 * rsa, off4 = 4 * rsa, off5 = 5 * rsa;
    __m256d c00 = _mm256_loadu_pd(c), c01 = _mm256_loadu_pd(c + 4);
    __m256d c10 = _mm256_loadu_pd(c + ldc), c11 = _mm256_loadu_pd(c + ldc + 4);
    __m256d c20 = _mm256_loadu_pd(c + 2 * ldc), c21 = _mm256_loadu_pd(c + 2 * ldc + 4);
    __m256d c30 = _mm256_loadu_pd(c + 3 * ldc), c31 = _mm256_loadu_pd(c + 3 * ldc + 4);
    __m256d c40 = _mm256_loadu_pd(c + 4 * ldc), c41 = _mm256_loadu_pd(c + 4 * ldc + 4);
    __m256d c50 = _mm256_loadu_pd(c + 5 * ldc), c51 = _mm256_loadu_pd(c + 5 * ldc + 4);
    for (size_t k = 0; k < kc; k++) {
        __m256d b0 = _mm256_loadu_pd(bp), b1 = _mm256_loadu_pd(bp + 4);
        ROW2(0); ROW2(1); ROW2(2); ROW2(3); ROW2(4); ROW2(5);
        a += csa;
        bp += NR_2;
    }
    _mm256_storeu_pd(c, c00); _mm256_storeu_pd(c + 4, c01);
    _mm256_storeu_pd(c + ldc, c10); _mm256_storeu_pd(c + ldc + 4, c11);
    _mm256_storeu_pd(c + 2 * ldc, c20); _mm256_storeu_pd(c + 2 * ldc + 4, c21);
    _mm256_storeu_pd(c + 3 * ldc, c30); _mm256_storeu_pd(c + 3 * ldc + 4, c31);
    _mm256_storeu_pd(c + 4 * ldc, c40); _mm256_storeu_pd(c + 4 * ldc + 4, c41);
    _mm256_storeu_pd(c + 5 * ldc, c50); _mm256_storeu_pd(c + 5 * ldc + 4, c51);
}

// AVX-512F: 8 x 16 tile, 16 accumulators, two B vectors, one broadcast.
enum { MR_5 = 8, NR_5 = 16 };

#define ROW5(r)                                                                                                        \
    do {                                                                                                               \
        __m512d av = _mm512_set1_pd(a[off##r]);                                                                        \
        c##r##0 = _mm512_fmadd_pd(av, b0, c##r##0);                                                                    \
        c##r##1 = _mm512_fmadd_pd(av, b1, c##r##1);                                                                    \
    } while (0)
#define LOAD5(r) __m512d c##r##0 = _mm512_loadu_pd(c + (r) * ldc), c##r##1 = _mm512_loadu_pd(c + (r) * ldc + 8)
#define STORE5(r) _mm512_storeu_pd(c + (r) * ldc, c##r##0), _mm512_storeu_pd(c + (r) * ldc + 8, c##r##1)

__attribute__((target("avx512f"))) static void tile_avx512(size_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa,
                                                         const double *bp, double *c, size_t ldc) {
    const ptrdiff_t off0 = 0, off1 = rsa, off2 = 2 * rsa, off3 = 3 * rsa, off4 = 4 * rsa, off5 = 5 * rsa,
                    off6 = 6 * rsa, off7 = 7 * rsa;
    LOAD5(0); LOAD5(1); LOAD5(2); LOAD5(3); LOAD5(4); LOAD5(5); LOAD5(6); LOAD5(7);
    for (size_t k = 0; k < kc; k++) {
        __m512d b0 = _mm512_loadu_pd(bp), b1 = _mm512_loadu_pd(bp + 8);
        ROW5(0); ROW5(1); ROW5(2); ROW5(3); ROW5(4); ROW5(5); ROW5(6); ROW5(7);
        a += csa;
        bp += NR_5;
    }
    STORE5(0); STORE5(1); STORE5(2); STORE5(3); STORE5(4); STORE5(5); STORE5(6); STORE5(7);
}

__attribute__((target("avx2,fma"))) static void small_avx2(size_t m, size_t n, size_t k, const double *a,
                                                          ptrdiff_t rsa, ptrdiff_t csa, const double *b,
                                                          ptrdiff_t rsb, ptrdiff_t csb, double *c, size_t ldc) {
    SMALL_BODY(__builtin_fma)
}

__attribute__((target("avx512f"))) static void small_avx512(size_t m, size_t n, size_t k, const double *a,
                                                           ptrdiff_t rsa, ptrdiff_t csa, const double *b,
                                                           ptrdiff_t rsb, ptrdiff_t csb, double *c, size_t ldc) {
    SMALL_BODY(__builtin_fma)
}

#else

int lanes_gemm_best_level(void) { return LANES_PORTABLE; }

#endif

// ---------------------------------------------------------------- driver

void lanes_gemm(size_t m, size_t n, size_t k, const double *a, ptrdiff_t rsa, ptrdiff_t csa, const double *b,
                ptrdiff_t rsb, ptrdiff_t csb, double *c, size_t ldc, int accumulate, double *work, int level) {
    if (m == 0 || n == 0) return;
    if (!accumulate)
        for (size_t i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof(double));
    if (k == 0) return;
    tile_fn tile = tile_portable;
    size_t mr = MR_P, nr = NR_P;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (level >= LANES_AVX512) { tile = tile_avx512; mr = MR_5; nr = NR_5; }
    else if (level == LANES_AVX2) { tile = tile_avx2; mr = MR_2; nr = NR_2; }
#endif
    // Small, and no whole tile in it: the direct loops.
    if (m * n * k <= SMALL && (m < mr || n < nr)) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
        if (level >= LANES_AVX512) { small_avx512(m, n, k, a, rsa, csa, b, rsb, csb, c, ldc); return; }
        if (level == LANES_AVX2) { small_avx2(m, n, k, a, rsa, csa, b, rsb, csb, c, ldc); return; }
#else
        (void)level;
#endif
        small_portable(m, n, k, a, rsa, csa, b, rsb, csb, c, ldc);
        return;
    }
    // k-blocks of equal length (at most KC): 784 is 4 x 196, not 3 x 256 + 16.
    size_t blocks = (k + KC - 1) / KC, kcmax = (k + blocks - 1) / blocks;
    double *ap = work, *bp = work + MR_MAX * kcmax;
    double edge[MR_MAX * NR_MAX];
    for (size_t pc = 0; pc < k; pc += kcmax) {
        size_t kc = k - pc < kcmax ? k - pc : kcmax;
        pack_b(kc, n, b + (ptrdiff_t)pc * rsb, rsb, csb, nr, bp);
        for (size_t ir = 0; ir < m; ir += mr) {
            size_t rows = m - ir < mr ? m - ir : mr;
            // Whole row panels read A in place through its strides (packing
            // A costs as much as the product when n is a batch of 64); a
            // last partial panel is copied, zero-padded, into ap.
            const double *apanel = a + (ptrdiff_t)ir * rsa + (ptrdiff_t)pc * csa;
            ptrdiff_t ars = rsa, acs = csa;
            if (rows < mr) {
                pack_a(rows, kc, apanel, rsa, csa, mr, ap);
                apanel = ap, ars = 1, acs = (ptrdiff_t)mr;
            }
            for (size_t jr = 0; jr < n; jr += nr) {
                size_t cols = n - jr < nr ? n - jr : nr;
                const double *bpanel = bp + jr * kc;
                double *ct = c + ir * ldc + jr;
                if (rows == mr && cols == nr) {
                    tile(kc, apanel, ars, acs, bpanel, ct, ldc);
                    continue;
                }
                for (size_t i = 0; i < mr; i++)
                    for (size_t j = 0; j < nr; j++) edge[i * nr + j] = i < rows && j < cols ? ct[i * ldc + j] : 0;
                tile(kc, apanel, ars, acs, bpanel, edge, nr);
                for (size_t i = 0; i < rows; i++)
                    for (size_t j = 0; j < cols; j++) ct[i * ldc + j] = edge[i * nr + j];
            }
        }
    }
}
