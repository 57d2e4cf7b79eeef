// See include/lanes.h. xoshiro256++: Blackman and Vigna, "Scrambled linear
// pseudorandom number generators", ACM TOMS 2021. Ziggurat: Marsaglia and
// Tsang, J. Stat. Softw. 2000; the word's bits 0-7 pick the layer, bit 8 is
// the sign, bits 12-63 the uniform (the bits of 1 + u, minus 1).
#include "lanes.h"

#include <math.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t step_lane(lanes_state *st, int l) {
    uint64_t s0 = st->s[0][l], s1 = st->s[1][l], s2 = st->s[2][l], s3 = st->s[3][l];
    uint64_t result = rotl(s0 + s3, 23) + s0;
    uint64_t t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 45);
    st->s[0][l] = s0; st->s[1][l] = s1; st->s[2][l] = s2; st->s[3][l] = s3;
    return result;
}

static inline double bits_to_double(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static inline uint64_t double_to_bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

// ---------------------------------------------------------------- portable

static void words_portable(lanes_state *st, uint64_t *out, size_t blocks) {
    for (size_t b = 0; b < blocks; b++)
        for (int l = 0; l < LANES_COUNT; l++) out[b * LANES_COUNT + l] = step_lane(st, l);
}

static size_t normals_portable(lanes_state *st, double *out, size_t count, const double *x, uint32_t *miss) {
    size_t misses = 0;
    for (size_t k = 0; k < count; k += LANES_COUNT) {
        for (int l = 0; l < LANES_COUNT; l++) {
            uint64_t u = step_lane(st, l);
            if (k + l >= count) continue;
            size_t i = (size_t)(u & 0xFF);
            double unit = bits_to_double((u >> 12) | 0x3FF0000000000000ull) - 1.0;
            double z = unit * x[i];
            if (z < x[i + 1]) {
                out[k + l] = bits_to_double(double_to_bits(z) ^ ((u & 0x100) << 55));
            } else {
                out[k + l] = bits_to_double(u);
                miss[misses++] = (uint32_t)(k + l);
            }
        }
    }
    return misses;
}

static void subtract_combination_portable(double *v, const double *q, size_t count, size_t n, const double *c) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const double *q0 = q + i * n, *q1 = q0 + n, *q2 = q1 + n, *q3 = q2 + n;
        double c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
        for (size_t t = 0; t < n; t++) v[t] -= (c0 * q0[t] + c1 * q1[t]) + (c2 * q2[t] + c3 * q3[t]);
    }
    for (; i < count; i++) {
        const double *qi = q + i * n;
        double ci = c[i];
        for (size_t t = 0; t < n; t++) v[t] -= ci * qi[t];
    }
}

static void rows_dot_portable(const double *w, size_t rows, size_t n, const double *x, double scale, double *h) {
    for (size_t r = 0; r < rows; r++) {
        const double *a = w + r * n;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += a[j] * x[j];
            s1 += a[j + 1] * x[j + 1];
            s2 += a[j + 2] * x[j + 2];
            s3 += a[j + 3] * x[j + 3];
        }
        for (; j < n; j++) s0 += a[j] * x[j];
        h[r] = scale * ((s0 + s1) + (s2 + s3));
    }
}

static inline uint64_t bit_at(const uint64_t *bits, size_t b) { return (bits[b >> 6] >> (b & 63)) & 1; }

static void rows_signs_portable(const uint64_t *bits, size_t rows, size_t n, const double *x, double scale,
                                double *h) {
    const uint64_t sign = 0x8000000000000000ull;
    for (size_t r = 0; r < rows; r++) {
        size_t b = r * n;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += bits_to_double(double_to_bits(x[j]) ^ (bit_at(bits, b + j) ? sign : 0));
            s1 += bits_to_double(double_to_bits(x[j + 1]) ^ (bit_at(bits, b + j + 1) ? sign : 0));
            s2 += bits_to_double(double_to_bits(x[j + 2]) ^ (bit_at(bits, b + j + 2) ? sign : 0));
            s3 += bits_to_double(double_to_bits(x[j + 3]) ^ (bit_at(bits, b + j + 3) ? sign : 0));
        }
        for (; j < n; j++) s0 += bits_to_double(double_to_bits(x[j]) ^ (bit_at(bits, b + j) ? sign : 0));
        h[r] = scale * ((s0 + s1) + (s2 + s3));
    }
}

static double dot_portable(const double *a, const double *b, size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        s0 += a[j] * b[j];
        s1 += a[j + 1] * b[j + 1];
        s2 += a[j + 2] * b[j + 2];
        s3 += a[j + 3] * b[j + 3];
    }
    for (; j < n; j++) s0 += a[j] * b[j];
    return (s0 + s1) + (s2 + s3);
}

// One reflection (see HaarOrthogonal.reflect): y <- H (d y), d = -sign(v_0).
#define REFLECT_BODY(DOT, AXPY)                                         \
    double v0 = v[0];                                                   \
    double s = v0 < 0 ? -1.0 : 1.0;                                     \
    y[0] = -s * y[0];                                                   \
    double u0 = v0 + s * norm;                                          \
    double d = u0 * y[0] + (DOT(v, y, m) - v0 * y[0]);                  \
    double utu = 2 * norm * (norm + fabs(v0));                          \
    if (!(utu > 0)) return;                                             \
    double c = 2 * d / utu;                                             \
    y[0] -= c * u0;                                                     \
    AXPY

static void reflect_portable(double *y, const double *v, size_t m, double norm) {
    REFLECT_BODY(dot_portable, for (size_t i = 1; i < m; i++) y[i] -= c * v[i];)
}

static void reflect_group_portable(double *x, size_t n, size_t k, long first, long last, const double *normals) {
    size_t offset = 0;
    for (long j = first; j > last; j--) {
        size_t m = n - (size_t)j;
        const double *v = normals + offset;
        double norm = sqrt(dot_portable(v, v, m));
        for (size_t t = 0; t < k; t++) reflect_portable(x + t * n + (size_t)j, v, m, norm);
        offset += m;
    }
}

// ------------------------------------------------------------ x86-64 wide

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

static uint64_t xcr0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

int lanes_best_level(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return LANES_PORTABLE;
    // OSXSAVE (c bit 27) and AVX (c bit 28): the OS saves the wide registers.
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return LANES_PORTABLE;
    uint64_t x = xcr0();
    if ((x & 0x6) != 0x6) return LANES_PORTABLE;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return LANES_PORTABLE;
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
    if (avx512f && (x & 0xE6) == 0xE6) return LANES_AVX512;
    if (avx2) return LANES_AVX2;
    return LANES_PORTABLE;
}

// AVX2: the eight lanes in two 256-bit halves (lanes 0-3 and 4-7), two
// independent dependency chains per step.
typedef struct { __m256i s0, s1, s2, s3; } half2;

__attribute__((target("avx2"))) static inline __m256i rotl2(__m256i v, int k) {
    return _mm256_or_si256(_mm256_slli_epi64(v, k), _mm256_srli_epi64(v, 64 - k));
}

__attribute__((target("avx2"))) static inline __m256i step2(half2 *h) {
    __m256i result = _mm256_add_epi64(rotl2(_mm256_add_epi64(h->s0, h->s3), 23), h->s0);
    __m256i t = _mm256_slli_epi64(h->s1, 17);
    h->s2 = _mm256_xor_si256(h->s2, h->s0);
    h->s3 = _mm256_xor_si256(h->s3, h->s1);
    h->s1 = _mm256_xor_si256(h->s1, h->s2);
    h->s0 = _mm256_xor_si256(h->s0, h->s3);
    h->s2 = _mm256_xor_si256(h->s2, t);
    h->s3 = rotl2(h->s3, 45);
    return result;
}

__attribute__((target("avx2"))) static void load2(const lanes_state *st, half2 *a, half2 *b) {
    a->s0 = _mm256_loadu_si256((const __m256i *)&st->s[0][0]); b->s0 = _mm256_loadu_si256((const __m256i *)&st->s[0][4]);
    a->s1 = _mm256_loadu_si256((const __m256i *)&st->s[1][0]); b->s1 = _mm256_loadu_si256((const __m256i *)&st->s[1][4]);
    a->s2 = _mm256_loadu_si256((const __m256i *)&st->s[2][0]); b->s2 = _mm256_loadu_si256((const __m256i *)&st->s[2][4]);
    a->s3 = _mm256_loadu_si256((const __m256i *)&st->s[3][0]); b->s3 = _mm256_loadu_si256((const __m256i *)&st->s[3][4]);
}

__attribute__((target("avx2"))) static void store2(lanes_state *st, const half2 *a, const half2 *b) {
    _mm256_storeu_si256((__m256i *)&st->s[0][0], a->s0); _mm256_storeu_si256((__m256i *)&st->s[0][4], b->s0);
    _mm256_storeu_si256((__m256i *)&st->s[1][0], a->s1); _mm256_storeu_si256((__m256i *)&st->s[1][4], b->s1);
    _mm256_storeu_si256((__m256i *)&st->s[2][0], a->s2); _mm256_storeu_si256((__m256i *)&st->s[2][4], b->s2);
    _mm256_storeu_si256((__m256i *)&st->s[3][0], a->s3); _mm256_storeu_si256((__m256i *)&st->s[3][4], b->s3);
}

__attribute__((target("avx2"))) static void words_avx2(lanes_state *st, uint64_t *out, size_t blocks) {
    half2 a, b;
    load2(st, &a, &b);
    for (size_t k = 0; k < blocks; k++) {
        _mm256_storeu_si256((__m256i *)(out + 8 * k), step2(&a));
        _mm256_storeu_si256((__m256i *)(out + 8 * k + 4), step2(&b));
    }
    store2(st, &a, &b);
}

// Four words through the fast path; stores min(4, left) outputs at out.
__attribute__((target("avx2"))) static inline size_t fast4_avx2(__m256i u, double *out, size_t left, size_t base,
                                                                const double *x, uint32_t *miss, size_t misses) {
    const __m256i byte = _mm256_set1_epi64x(0xFF), signbit = _mm256_set1_epi64x(0x100);
    const __m256i one = _mm256_set1_epi64x(0x3FF0000000000000ll);
    __m256i i = _mm256_and_si256(u, byte);
    __m256i sign = _mm256_slli_epi64(_mm256_and_si256(u, signbit), 55);
    __m256d unit = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(u, 12), one)),
                                 _mm256_set1_pd(1.0));
    __m256d edge = _mm256_i64gather_pd(x, i, 8);
    __m256d next = _mm256_i64gather_pd(x + 1, i, 8);
    __m256d z = _mm256_mul_pd(unit, edge);
    int fast = _mm256_movemask_pd(_mm256_cmp_pd(z, next, _CMP_LT_OQ));
    __m256d v = _mm256_castsi256_pd(_mm256_xor_si256(_mm256_castpd_si256(z), sign));
    if (left >= 4 && fast == 0xF) {
        _mm256_storeu_pd(out, v);
        return misses;
    }
    double vs[4];
    uint64_t us[4];
    _mm256_storeu_pd(vs, v);
    _mm256_storeu_si256((__m256i *)us, u);
    for (size_t l = 0; l < 4 && l < left; l++) {
        if (fast >> l & 1) {
            out[l] = vs[l];
        } else {
            out[l] = bits_to_double(us[l]);
            miss[misses++] = (uint32_t)(base + l);
        }
    }
    return misses;
}

__attribute__((target("avx2"))) static size_t normals_avx2(lanes_state *st, double *out, size_t count,
                                                          const double *x, uint32_t *miss) {
    half2 a, b;
    load2(st, &a, &b);
    size_t misses = 0;
    for (size_t k = 0; k < count; k += 8) {
        __m256i ua = step2(&a), ub = step2(&b);
        misses = fast4_avx2(ua, out + k, count - k, k, x, miss, misses);
        if (count - k > 4) misses = fast4_avx2(ub, out + k + 4, count - k - 4, k + 4, x, miss, misses);
    }
    store2(st, &a, &b);
    return misses;
}

// One row's four partial sums are one 256-bit register; four rows at a time
// share the loads of x and give four independent chains of additions.
__attribute__((target("avx2"))) static inline double finish_row(__m256d acc, const double *a, const double *x,
                                                               size_t j, size_t n, double scale) {
    double s[4];
    _mm256_storeu_pd(s, acc);
    for (; j < n; j++) s[0] += a[j] * x[j];
    return scale * ((s[0] + s[1]) + (s[2] + s[3]));
}

__attribute__((target("avx2"))) static void rows_dot_avx2(const double *w, size_t rows, size_t n, const double *x,
                                                         double scale, double *h) {
    size_t n4 = n & ~(size_t)3, r = 0;
    for (; r + 4 <= rows; r += 4) {
        const double *a0 = w + r * n, *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
        __m256d c0 = _mm256_setzero_pd(), c1 = c0, c2 = c0, c3 = c0;
        for (size_t j = 0; j < n4; j += 4) {
            __m256d b = _mm256_loadu_pd(x + j);
            c0 = _mm256_add_pd(c0, _mm256_mul_pd(_mm256_loadu_pd(a0 + j), b));
            c1 = _mm256_add_pd(c1, _mm256_mul_pd(_mm256_loadu_pd(a1 + j), b));
            c2 = _mm256_add_pd(c2, _mm256_mul_pd(_mm256_loadu_pd(a2 + j), b));
            c3 = _mm256_add_pd(c3, _mm256_mul_pd(_mm256_loadu_pd(a3 + j), b));
        }
        h[r] = finish_row(c0, a0, x, n4, n, scale);
        h[r + 1] = finish_row(c1, a1, x, n4, n, scale);
        h[r + 2] = finish_row(c2, a2, x, n4, n, scale);
        h[r + 3] = finish_row(c3, a3, x, n4, n, scale);
    }
    for (; r < rows; r++) {
        const double *a = w + r * n;
        __m256d c = _mm256_setzero_pd();
        for (size_t j = 0; j < n4; j += 4) c = _mm256_add_pd(c, _mm256_mul_pd(_mm256_loadu_pd(a + j), _mm256_loadu_pd(x + j)));
        h[r] = finish_row(c, a, x, n4, n, scale);
    }
}

// Elementwise, so four coordinates per register change nothing in any
// coordinate's arithmetic: the same bits as the portable loop.
__attribute__((target("avx2"))) static void subtract_combination_avx2(double *v, const double *q, size_t count,
                                                                     size_t n, const double *c) {
    size_t n4 = n & ~(size_t)3, i = 0;
    for (; i + 4 <= count; i += 4) {
        const double *q0 = q + i * n, *q1 = q0 + n, *q2 = q1 + n, *q3 = q2 + n;
        __m256d c0 = _mm256_set1_pd(c[i]), c1 = _mm256_set1_pd(c[i + 1]);
        __m256d c2 = _mm256_set1_pd(c[i + 2]), c3 = _mm256_set1_pd(c[i + 3]);
        for (size_t t = 0; t < n4; t += 4) {
            __m256d a = _mm256_add_pd(_mm256_mul_pd(c0, _mm256_loadu_pd(q0 + t)), _mm256_mul_pd(c1, _mm256_loadu_pd(q1 + t)));
            __m256d b = _mm256_add_pd(_mm256_mul_pd(c2, _mm256_loadu_pd(q2 + t)), _mm256_mul_pd(c3, _mm256_loadu_pd(q3 + t)));
            _mm256_storeu_pd(v + t, _mm256_sub_pd(_mm256_loadu_pd(v + t), _mm256_add_pd(a, b)));
        }
        for (size_t t = n4; t < n; t++) v[t] -= (c[i] * q0[t] + c[i + 1] * q1[t]) + (c[i + 2] * q2[t] + c[i + 3] * q3[t]);
    }
    for (; i < count; i++) {
        const double *qi = q + i * n;
        __m256d ci = _mm256_set1_pd(c[i]);
        for (size_t t = 0; t < n4; t += 4)
            _mm256_storeu_pd(v + t, _mm256_sub_pd(_mm256_loadu_pd(v + t), _mm256_mul_pd(ci, _mm256_loadu_pd(qi + t))));
        for (size_t t = n4; t < n; t++) v[t] -= c[i] * qi[t];
    }
}

// The four bits of entries b ..< b + 4, as one nibble (may straddle two words).
static inline unsigned nibble_at(const uint64_t *bits, size_t b) {
    size_t w = b >> 6, sh = b & 63;
    uint64_t v = bits[w] >> sh;
    if (sh > 60) v |= bits[w + 1] << (64 - sh);
    return (unsigned)(v & 15);
}

// Row m: the sign bit set in lane j when bit j of m is set.
static const uint64_t sign_masks[16][4] __attribute__((aligned(32))) = {
#define S(m, j) (((m) >> (j) & 1) ? 0x8000000000000000ull : 0)
#define ROW(m) {S(m, 0), S(m, 1), S(m, 2), S(m, 3)}
    ROW(0), ROW(1), ROW(2), ROW(3), ROW(4), ROW(5), ROW(6), ROW(7),
    ROW(8), ROW(9), ROW(10), ROW(11), ROW(12), ROW(13), ROW(14), ROW(15),
#undef ROW
#undef S
};

__attribute__((target("avx2"))) static inline __m256d signed4(const double *x, const uint64_t *bits, size_t b) {
    __m256i mask = _mm256_load_si256((const __m256i *)sign_masks[nibble_at(bits, b)]);
    return _mm256_castsi256_pd(_mm256_xor_si256(_mm256_castpd_si256(_mm256_loadu_pd(x)), mask));
}

__attribute__((target("avx2"))) static inline double finish_signs(__m256d acc, const uint64_t *bits, size_t b,
                                                                 const double *x, size_t j, size_t n, double scale) {
    double s[4];
    _mm256_storeu_pd(s, acc);
    for (; j < n; j++) s[0] += bit_at(bits, b + j) ? -x[j] : x[j];
    return scale * ((s[0] + s[1]) + (s[2] + s[3]));
}

__attribute__((target("avx2"))) static void rows_signs_avx2(const uint64_t *bits, size_t rows, size_t n,
                                                           const double *x, double scale, double *h) {
    size_t n4 = n & ~(size_t)3, r = 0;
    for (; r + 4 <= rows; r += 4) {
        size_t b0 = r * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
        __m256d c0 = _mm256_setzero_pd(), c1 = c0, c2 = c0, c3 = c0;
        for (size_t j = 0; j < n4; j += 4) {
            c0 = _mm256_add_pd(c0, signed4(x + j, bits, b0 + j));
            c1 = _mm256_add_pd(c1, signed4(x + j, bits, b1 + j));
            c2 = _mm256_add_pd(c2, signed4(x + j, bits, b2 + j));
            c3 = _mm256_add_pd(c3, signed4(x + j, bits, b3 + j));
        }
        h[r] = finish_signs(c0, bits, b0, x, n4, n, scale);
        h[r + 1] = finish_signs(c1, bits, b1, x, n4, n, scale);
        h[r + 2] = finish_signs(c2, bits, b2, x, n4, n, scale);
        h[r + 3] = finish_signs(c3, bits, b3, x, n4, n, scale);
    }
    for (; r < rows; r++) {
        size_t b = r * n;
        __m256d c = _mm256_setzero_pd();
        for (size_t j = 0; j < n4; j += 4) c = _mm256_add_pd(c, signed4(x + j, bits, b + j));
        h[r] = finish_signs(c, bits, b, x, n4, n, scale);
    }
}

__attribute__((target("avx2"))) static inline double dot_avx2(const double *a, const double *b, size_t n) {
    size_t n4 = n & ~(size_t)3;
    __m256d c = _mm256_setzero_pd();
    for (size_t j = 0; j < n4; j += 4) c = _mm256_add_pd(c, _mm256_mul_pd(_mm256_loadu_pd(a + j), _mm256_loadu_pd(b + j)));
    return finish_row(c, a, b, n4, n, 1.0) ;
}

__attribute__((target("avx2"))) static void reflect_avx2(double *y, const double *v, size_t m, double norm) {
    REFLECT_BODY(dot_avx2, {
        __m256d cc = _mm256_set1_pd(c);
        size_t i = 1;
        for (; i + 4 <= m; i += 4)
            _mm256_storeu_pd(y + i, _mm256_sub_pd(_mm256_loadu_pd(y + i), _mm256_mul_pd(cc, _mm256_loadu_pd(v + i))));
        for (; i < m; i++) y[i] -= c * v[i];
    })
}

__attribute__((target("avx2"))) static void reflect_group_avx2(double *x, size_t n, size_t k, long first, long last,
                                                              const double *normals) {
    size_t offset = 0;
    for (long j = first; j > last; j--) {
        size_t m = n - (size_t)j;
        const double *v = normals + offset;
        double norm = sqrt(dot_avx2(v, v, m));
        for (size_t t = 0; t < k; t++) reflect_avx2(x + t * n + (size_t)j, v, m, norm);
        offset += m;
    }
}

// AVX-512: one lane per 64-bit element of a 512-bit register, and a native
// 64-bit rotate.
typedef struct { __m512i s0, s1, s2, s3; } full8;

__attribute__((target("avx512f"))) static inline __m512i step8(full8 *h) {
    __m512i result = _mm512_add_epi64(_mm512_rol_epi64(_mm512_add_epi64(h->s0, h->s3), 23), h->s0);
    __m512i t = _mm512_slli_epi64(h->s1, 17);
    h->s2 = _mm512_xor_si512(h->s2, h->s0);
    h->s3 = _mm512_xor_si512(h->s3, h->s1);
    h->s1 = _mm512_xor_si512(h->s1, h->s2);
    h->s0 = _mm512_xor_si512(h->s0, h->s3);
    h->s2 = _mm512_xor_si512(h->s2, t);
    h->s3 = _mm512_rol_epi64(h->s3, 45);
    return result;
}

__attribute__((target("avx512f"))) static void words_avx512(lanes_state *st, uint64_t *out, size_t blocks) {
    full8 h = {_mm512_loadu_si512(st->s[0]), _mm512_loadu_si512(st->s[1]), _mm512_loadu_si512(st->s[2]),
               _mm512_loadu_si512(st->s[3])};
    for (size_t k = 0; k < blocks; k++) _mm512_storeu_si512(out + 8 * k, step8(&h));
    _mm512_storeu_si512(st->s[0], h.s0); _mm512_storeu_si512(st->s[1], h.s1);
    _mm512_storeu_si512(st->s[2], h.s2); _mm512_storeu_si512(st->s[3], h.s3);
}

__attribute__((target("avx512f"))) static size_t normals_avx512(lanes_state *st, double *out, size_t count,
                                                               const double *x, uint32_t *miss) {
    full8 h = {_mm512_loadu_si512(st->s[0]), _mm512_loadu_si512(st->s[1]), _mm512_loadu_si512(st->s[2]),
               _mm512_loadu_si512(st->s[3])};
    const __m512i byte = _mm512_set1_epi64(0xFF), signbit = _mm512_set1_epi64(0x100);
    const __m512i one = _mm512_set1_epi64(0x3FF0000000000000ll);
    const __m512d unitOne = _mm512_set1_pd(1.0);
    const __m512i lane = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    size_t misses = 0;
    for (size_t k = 0; k < count; k += 8) {
        __m512i u = step8(&h);
        __m512i i = _mm512_and_si512(u, byte);
        __m512i sign = _mm512_slli_epi64(_mm512_and_si512(u, signbit), 55);
        __m512d unit = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(_mm512_srli_epi64(u, 12), one)), unitOne);
        // The table rows (x[i], x[i+1]) by eight 128-bit loads and two
        // permutes: faster than two 8-way gathers on the CPUs measured.
        uint64_t ix[8];
        _mm512_storeu_si512(ix, i);
        __m128d p0 = _mm_loadu_pd(x + ix[0]), p1 = _mm_loadu_pd(x + ix[1]), p2 = _mm_loadu_pd(x + ix[2]), p3 = _mm_loadu_pd(x + ix[3]);
        __m128d p4 = _mm_loadu_pd(x + ix[4]), p5 = _mm_loadu_pd(x + ix[5]), p6 = _mm_loadu_pd(x + ix[6]), p7 = _mm_loadu_pd(x + ix[7]);
        __m256d a01 = _mm256_insertf128_pd(_mm256_castpd128_pd256(p0), p1, 1); // e0 n0 e1 n1
        __m256d a23 = _mm256_insertf128_pd(_mm256_castpd128_pd256(p2), p3, 1);
        __m256d a45 = _mm256_insertf128_pd(_mm256_castpd128_pd256(p4), p5, 1);
        __m256d a67 = _mm256_insertf128_pd(_mm256_castpd128_pd256(p6), p7, 1);
        __m512d lo = _mm512_insertf64x4(_mm512_castpd256_pd512(a01), a23, 1); // e0 n0 e1 n1 e2 n2 e3 n3
        __m512d hi = _mm512_insertf64x4(_mm512_castpd256_pd512(a45), a67, 1);
        const __m512i ie = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0), in = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
        __m512d edge = _mm512_permutex2var_pd(lo, ie, hi);
        __m512d next = _mm512_permutex2var_pd(lo, in, hi);
        __m512d z = _mm512_mul_pd(unit, edge);
        __mmask8 fast = _mm512_cmp_pd_mask(z, next, _CMP_LT_OQ);
        __m512d v = _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(z), sign));
        size_t left = count - k;
        __mmask8 keep = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
        // Misses keep the word's bits for the caller's slow path; their
        // positions are compressed into miss (branch-free: one block in
        // nine has a miss, too often to predict).
        __m512d w = _mm512_mask_blend_pd(fast, _mm512_castsi512_pd(u), v);
        if (keep == 0xFF) _mm512_storeu_pd(out + k, w); else _mm512_mask_storeu_pd(out + k, keep, w);
        __mmask8 missed = (__mmask8)(~fast & keep);
        __m512i pos = _mm512_add_epi64(_mm512_set1_epi64((long long)k), lane);
        _mm256_storeu_si256((__m256i *)(miss + misses), _mm512_cvtepi64_epi32(_mm512_maskz_compress_epi64(missed, pos)));
        misses += (size_t)__builtin_popcount(missed);
    }
    _mm512_storeu_si512(st->s[0], h.s0); _mm512_storeu_si512(st->s[1], h.s1);
    _mm512_storeu_si512(st->s[2], h.s2); _mm512_storeu_si512(st->s[3], h.s3);
    return misses;
}

void lanes_rows_dot(const double *w, size_t rows, size_t n, const double *x, double scale, double *h, int level) {
    if (level >= LANES_AVX2) rows_dot_avx2(w, rows, n, x, scale, h);
    else rows_dot_portable(w, rows, n, x, scale, h);
}

void lanes_subtract_combination(double *v, const double *q, size_t count, size_t n, const double *c, int level) {
    if (level >= LANES_AVX2) subtract_combination_avx2(v, q, count, n, c);
    else subtract_combination_portable(v, q, count, n, c);
}

void lanes_rows_signs(const uint64_t *bits, size_t rows, size_t n, const double *x, double scale, double *h,
                      int level) {
    if (level >= LANES_AVX2) rows_signs_avx2(bits, rows, n, x, scale, h);
    else rows_signs_portable(bits, rows, n, x, scale, h);
}

void lanes_reflect_group(double *x, size_t n, size_t k, long first, long last, const double *normals, int level) {
    if (level >= LANES_AVX2) reflect_group_avx2(x, n, k, first, last, normals);
    else reflect_group_portable(x, n, k, first, last, normals);
}

void lanes_words(lanes_state *state, uint64_t *out, size_t blocks, int level) {
    if (level >= LANES_AVX512) words_avx512(state, out, blocks);
    else if (level == LANES_AVX2) words_avx2(state, out, blocks);
    else words_portable(state, out, blocks);
}

size_t lanes_normals(lanes_state *state, double *out, size_t count, const double *x, uint32_t *miss, int level) {
    if (level >= LANES_AVX512) return normals_avx512(state, out, count, x, miss);
    if (level == LANES_AVX2) return normals_avx2(state, out, count, x, miss);
    return normals_portable(state, out, count, x, miss);
}

#else

int lanes_best_level(void) { return LANES_PORTABLE; }

void lanes_rows_dot(const double *w, size_t rows, size_t n, const double *x, double scale, double *h, int level) {
    (void)level;
    rows_dot_portable(w, rows, n, x, scale, h);
}

void lanes_subtract_combination(double *v, const double *q, size_t count, size_t n, const double *c, int level) {
    (void)level;
    subtract_combination_portable(v, q, count, n, c);
}

void lanes_rows_signs(const uint64_t *bits, size_t rows, size_t n, const double *x, double scale, double *h,
                      int level) {
    (void)level;
    rows_signs_portable(bits, rows, n, x, scale, h);
}

void lanes_reflect_group(double *x, size_t n, size_t k, long first, long last, const double *normals, int level) {
    (void)level;
    reflect_group_portable(x, n, k, first, last, normals);
}

void lanes_words(lanes_state *state, uint64_t *out, size_t blocks, int level) {
    (void)level;
    words_portable(state, out, blocks);
}

size_t lanes_normals(lanes_state *state, double *out, size_t count, const double *x, uint32_t *miss, int level) {
    (void)level;
    return normals_portable(state, out, count, x, miss);
}

#endif
