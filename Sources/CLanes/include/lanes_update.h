// Element-wise parameter updates for the trainer, with the instruction set
// chosen at run time like the rest of CLanes. Each element's arithmetic is
// the same IEEE operations in the same order at every level (no
// contraction into fused multiply-adds), so every level gives the same bits.
#ifndef LYAPSIM_LANES_UPDATE_H
#define LYAPSIM_LANES_UPDATE_H

#include <stddef.h>

/// AdamW on count parameters, per element in this order:
/// m = b1 m + (1 - b1) g; v = b2 v + ((1 - b2) g) g;
/// theta = theta decay - (alpha m) / (sqrt(v) + epshat). With
/// alpha = lr sqrt(c2) / c1 and epshat = eps sqrt(c2) (c1, c2 the bias
/// corrections) this is lr mhat / (sqrt(vhat) + eps) with one division and
/// one square root per element instead of three divisions.
void lanes_adamw(double *theta, const double *g, double *m, double *v, size_t count, double b1, double b2,
                 double alpha, double epshat, double decay, int level);

/// The largest |x_i| over count entries (exact: max does not depend on the
/// order); NaN if any entry is NaN; 0 for count 0.
double lanes_max_abs(const double *x, size_t count, int level);

#endif
