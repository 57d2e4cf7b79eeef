// Eight interleaved xoshiro256++ lanes and the ziggurat's fast path over
// them, with run-time selection of the widest instruction set the CPU has
// (AVX-512, AVX2, or portable C). Every level computes the same words and
// the same doubles bit for bit: integer arithmetic, and IEEE operations
// (subtract, multiply, compare) that no level contracts or reorders.
#ifndef LYAPSIM_LANES_H
#define LYAPSIM_LANES_H

#include <stddef.h>
#include <stdint.h>

#define LANES_COUNT 8

/// State word j of lane l is s[j][l].
typedef struct {
    uint64_t s[4][LANES_COUNT];
} lanes_state;

enum { LANES_PORTABLE = 0, LANES_AVX2 = 1, LANES_AVX512 = 2 };

/// The widest level this CPU (and its OS) supports.
int lanes_best_level(void);

/// Writes blocks * 8 words: word 8 b + l is lane l's b-th output.
void lanes_words(lanes_state *state, uint64_t *out, size_t blocks, int level);

/// The ziggurat's fast path on ceil(count / 8) blocks of words: out[k] gets
/// the normal of word k when the word falls inside its layer's rectangle;
/// otherwise out[k] gets the word's raw bits and k is appended to miss.
/// Returns the number of misses; miss must hold count + 8 entries (a wide
/// level writes eight at a time). x is the table of layer edges (257 doubles).
size_t lanes_normals(lanes_state *state, double *out, size_t count, const double *x, uint32_t *miss,
                     int level);

/// h[r] = scale * (w_r . x) for the rows w_r = w + r n, r < rows, with each
/// dot product summed exactly as lyapsim's scalar `Kernels.dot`: partial
/// sums s_m over j = m (mod 4), leftover j >= 4 floor(n/4) into s_0 in
/// order, then (s_0 + s_1) + (s_2 + s_3); multiplies and adds separate (no
/// fused multiply-add). So every level gives the scalar kernel's bits.
void lanes_rows_dot(const double *w, size_t rows, size_t n, const double *x, double scale, double *h, int level);

/// v <- v - sum_i c_i q_i for the `count` vectors q_i = q + i n, four at a
/// time as (c0 q0 + c1 q1) + (c2 q2 + c3 q3), then one at a time: the
/// Gram-Schmidt update of lyapsim's `TangentFrame.project`, with the same
/// operations per coordinate (no fused multiply-add) at every level.
void lanes_subtract_combination(double *v, const double *q, size_t count, size_t n, const double *c, int level);

/// Rademacher rows from bits: h[r] = scale * sum_j s_rj x_j where s_rj = -1
/// when bit r n + j of `bits` (bit b is bit b mod 64 of bits[b / 64]) is set,
/// else +1. The signs are applied by flipping x_j's sign bit (no
/// multiplies), and summed exactly as `lanes_rows_dot` with +-1.0 entries,
/// so the result has the same bits.
void lanes_rows_signs(const uint64_t *bits, size_t rows, size_t n, const double *x, double scale, double *h,
                      int level);

/// Householder reflections of lyapsim's Haar sampler (`HaarOrthogonal`), the
/// same operations in the same order as its Swift `reflect`: for j = first,
/// first - 1, ..., last + 1 (m = n - j coordinates each, v = the next m
/// doubles of `normals`), every vector x_t = x + t n (t < k) gets
/// y = x_t + j replaced by D H (y), with ||v|| computed once per reflection.
/// Dot products are summed as in `lanes_rows_dot`.
void lanes_reflect_group(double *x, size_t n, size_t k, long first, long last, const double *normals, int level);

#include "lanes_gemm.h"
#include "lanes_update.h"

#endif
