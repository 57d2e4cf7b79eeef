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
        double mhat = mi / c1, vhat = vi / c2;                                                                         \
        theta[i] = theta[i] * decay - lr * mhat / (SQRT(vhat) + eps);                                                  \
    }

static void adamw_portable(double *restrict theta, const double *restrict g, double *restrict m, double *restrict v,
                           size_t count, double b1, double b2, double c1, double c2, double lr, double decay,
                           double eps) {
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

__attribute__((target("avx2"))) static void adamw_avx2(double *restrict theta, const double *restrict g,
                                                       double *restrict m, double *restrict v, size_t count, double b1,
                                                       double b2, double c1, double c2, double lr, double decay,
                                                       double eps) {
    ADAMW_BODY(__builtin_sqrt)
}

__attribute__((target("avx512f"))) static void adamw_avx512(double *restrict theta, const double *restrict g,
                                                           double *restrict m, double *restrict v, size_t count,
                                                           double b1, double b2, double c1, double c2, double lr,
                                                           double decay, double eps) {
    ADAMW_BODY(__builtin_sqrt)
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

void lanes_adamw(double *theta, const double *g, double *m, double *v, size_t count, double b1, double b2, double c1,
                 double c2, double lr, double decay, double eps, int level) {
    if (level >= LANES_AVX512) adamw_avx512(theta, g, m, v, count, b1, b2, c1, c2, lr, decay, eps);
    else if (level == LANES_AVX2) adamw_avx2(theta, g, m, v, count, b1, b2, c1, c2, lr, decay, eps);
    else adamw_portable(theta, g, m, v, count, b1, b2, c1, c2, lr, decay, eps);
}

double lanes_max_abs(const double *x, size_t count, int level) {
    if (level >= LANES_AVX512) return max_abs_avx512(x, count);
    if (level == LANES_AVX2) return max_abs_avx2(x, count);
    return max_abs_portable(x, count);
}

#else

void lanes_adamw(double *theta, const double *g, double *m, double *v, size_t count, double b1, double b2, double c1,
                 double c2, double lr, double decay, double eps, int level) {
    (void)level;
    adamw_portable(theta, g, m, v, count, b1, b2, c1, c2, lr, decay, eps);
}

double lanes_max_abs(const double *x, size_t count, int level) {
    (void)level;
    return max_abs_portable(x, count);
}

#endif
