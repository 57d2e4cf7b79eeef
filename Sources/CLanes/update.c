// See include/lanes_update.h.
#include "lanes_update.h"
#include "lanes.h"

#include <math.h>

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

#define ADAMW_BODY(SQRT)                                                                                               \
    for (size_t i = 0; i < count; i++) {                                                                               \
        double mi = b1 * m[i] + (1 - b1) * g[i];                                                                       \
        double vi = b2 * v[i] + (1 - b2) * g[i] * g[i];                                                                \
        m[i] = mi;                                                                                                     \
        v[i] = vi;                                                                                                     \
        theta[i] = theta[i] * decay - alpha * mi / (SQRT(vi) + epshat);                                                \
    }

static void adamw_portable(double *restrict theta, const double *restrict g, double *restrict m, double *restrict v,
                           size_t count, double b1, double b2, double alpha, double epshat, double decay) {
    ADAMW_BODY(sqrt)
}

static double max_abs_portable(const double *x, size_t count) {
    double big = 0;
    for (size_t i = 0; i < count; i++) {
        double t = fabs(x[i]);
        if (t != t) return NAN;
        if (t > big) big = t;
    }
    return big;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// Explicit vectors: without -fno-math-errno the compiler keeps sqrt scalar
// (it may set errno), so the loops would not vectorize. The operations are
// the portable loop's, one by one (multiply, add, divide, square root; no
// fused multiply-add), so each element gets the same bits.
__attribute__((target("avx2"))) static void adamw_avx2(double *restrict theta, const double *restrict g,
                                                       double *restrict m, double *restrict v, size_t count, double b1, double b2, double alpha, double epshat, double decay) {
    const __m256d vb1 = _mm256_set1_pd(b1), vb2 = _mm256_set1_pd(b2), o1 = _mm256_set1_pd(1 - b1),
                  o2 = _mm256_set1_pd(1 - b2), valpha = _mm256_set1_pd(alpha),
                  vdecay = _mm256_set1_pd(decay), veps = _mm256_set1_pd(epshat);
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256d gi = _mm256_loadu_pd(g + i);
        __m256d mi = _mm256_add_pd(_mm256_mul_pd(vb1, _mm256_loadu_pd(m + i)), _mm256_mul_pd(o1, gi));
        __m256d vi = _mm256_add_pd(_mm256_mul_pd(vb2, _mm256_loadu_pd(v + i)), _mm256_mul_pd(_mm256_mul_pd(o2, gi), gi));
        _mm256_storeu_pd(m + i, mi);
        _mm256_storeu_pd(v + i, vi);
        __m256d step = _mm256_div_pd(_mm256_mul_pd(valpha, mi), _mm256_add_pd(_mm256_sqrt_pd(vi), veps));
        _mm256_storeu_pd(theta + i, _mm256_sub_pd(_mm256_mul_pd(_mm256_loadu_pd(theta + i), vdecay), step));
    }
    adamw_portable(theta + i, g + i, m + i, v + i, count - i, b1, b2, alpha, epshat, decay);
}

__attribute__((target("avx512f"))) static void adamw_avx512(double *restrict theta, const double *restrict g,
                                                           double *restrict m, double *restrict v, size_t count,
                                                           double b1, double b2, double alpha, double epshat, double decay) {
    const __m512d vb1 = _mm512_set1_pd(b1), vb2 = _mm512_set1_pd(b2), o1 = _mm512_set1_pd(1 - b1),
                  o2 = _mm512_set1_pd(1 - b2), valpha = _mm512_set1_pd(alpha),
                  vdecay = _mm512_set1_pd(decay), veps = _mm512_set1_pd(epshat);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m512d gi = _mm512_loadu_pd(g + i);
        __m512d mi = _mm512_add_pd(_mm512_mul_pd(vb1, _mm512_loadu_pd(m + i)), _mm512_mul_pd(o1, gi));
        __m512d vi = _mm512_add_pd(_mm512_mul_pd(vb2, _mm512_loadu_pd(v + i)), _mm512_mul_pd(_mm512_mul_pd(o2, gi), gi));
        _mm512_storeu_pd(m + i, mi);
        _mm512_storeu_pd(v + i, vi);
        __m512d step = _mm512_div_pd(_mm512_mul_pd(valpha, mi), _mm512_add_pd(_mm512_sqrt_pd(vi), veps));
        _mm512_storeu_pd(theta + i, _mm512_sub_pd(_mm512_mul_pd(_mm512_loadu_pd(theta + i), vdecay), step));
    }
    adamw_portable(theta + i, g + i, m + i, v + i, count - i, b1, b2, alpha, epshat, decay);
}

// Eight running maxima; a NaN anywhere makes the unordered compare fire.
__attribute__((target("avx512f"))) static double max_abs_avx512(const double *x, size_t count) {
    __m512d acc = _mm512_setzero_pd();
    __mmask8 nan = 0;
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m512d t = _mm512_abs_pd(_mm512_loadu_pd(x + i));
        nan |= _mm512_cmp_pd_mask(t, t, _CMP_UNORD_Q);
        acc = _mm512_max_pd(acc, t);
    }
    if (nan) return NAN;
    double big = _mm512_reduce_max_pd(acc);
    double rest = max_abs_portable(x + i, count - i);
    if (rest != rest) return NAN;
    return rest > big ? rest : big;
}

__attribute__((target("avx2"))) static double max_abs_avx2(const double *x, size_t count) {
    const __m256d mask = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7FFFFFFFFFFFFFFFll));
    __m256d acc = _mm256_setzero_pd(), nan = _mm256_setzero_pd();
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256d t = _mm256_and_pd(_mm256_loadu_pd(x + i), mask);
        nan = _mm256_or_pd(nan, _mm256_cmp_pd(t, t, _CMP_UNORD_Q));
        acc = _mm256_max_pd(acc, t);
    }
    if (_mm256_movemask_pd(nan)) return NAN;
    double lanes[4];
    _mm256_storeu_pd(lanes, acc);
    double big = lanes[0];
    for (int l = 1; l < 4; l++) if (lanes[l] > big) big = lanes[l];
    double rest = max_abs_portable(x + i, count - i);
    if (rest != rest) return NAN;
    return rest > big ? rest : big;
}

void lanes_adamw(double *theta, const double *g, double *m, double *v, size_t count, double b1, double b2,
                 double alpha, double epshat, double decay, int level) {
    if (level >= LANES_AVX512) adamw_avx512(theta, g, m, v, count, b1, b2, alpha, epshat, decay);
    else if (level == LANES_AVX2) adamw_avx2(theta, g, m, v, count, b1, b2, alpha, epshat, decay);
    else adamw_portable(theta, g, m, v, count, b1, b2, alpha, epshat, decay);
}

double lanes_max_abs(const double *x, size_t count, int level) {
    if (level >= LANES_AVX512) return max_abs_avx512(x, count);
    if (level == LANES_AVX2) return max_abs_avx2(x, count);
    return max_abs_portable(x, count);
}

#else

void lanes_adamw(double *theta, const double *g, double *m, double *v, size_t count, double b1, double b2,
                 double alpha, double epshat, double decay, int level) {
    (void)level;
    adamw_portable(theta, g, m, v, count, b1, b2, alpha, epshat, decay);
}

double lanes_max_abs(const double *x, size_t count, int level) {
    (void)level;
    return max_abs_portable(x, count);
}

#endif
