// The trainer's three products at its sizes: lanes_gemm (each level)
// against OpenBLAS's cblas_dgemm, one thread, GFLOP/s; and the levels'
// bits against a plain fma chain. Build and run: bash bench/gemm.sh
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes.h"
#include "lanes_gemm.h"

void openblas_set_num_threads(int);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double rnd(void) { return (double)rand() / RAND_MAX - 0.5; }

// kind 0: forward  C[m x n] = W[m x k] X[k x n]
// kind 1: backward C[m x n] = W^T X with W stored k x m
// kind 2: gradient C[m x n] = D[m x k] X^T with X stored n x k
static void one(const char *name, int kind, size_t m, size_t n, size_t k) {
    double *a = malloc(sizeof(double) * m * k), *b = malloc(sizeof(double) * k * n);
    double *c = malloc(sizeof(double) * m * n), *ref = malloc(sizeof(double) * m * n);
    double *work = malloc(sizeof(double) * lanes_gemm_workspace(m, n, k));
    for (size_t i = 0; i < m * k; i++) a[i] = rnd();
    for (size_t i = 0; i < k * n; i++) b[i] = rnd();
    ptrdiff_t rsa = kind == 1 ? 1 : (ptrdiff_t)k, csa = kind == 1 ? (ptrdiff_t)m : 1;
    ptrdiff_t rsb = kind == 2 ? 1 : (ptrdiff_t)n, csb = kind == 2 ? (ptrdiff_t)k : 1;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t t = 0; t < k; t++) s = fma(a[i * rsa + t * csa], b[t * rsb + j * csb], s);
            ref[i * n + j] = s;
        }
    double flops = 2.0 * m * n * k;
    int reps = (int)(1e9 / flops) + 1;
    printf("%-9s %4zu %4zu %4zu", name, m, n, k);
    for (int level = 0; level <= lanes_gemm_best_level(); level++) {
        lanes_gemm(m, n, k, a, rsa, csa, b, rsb, csb, c, n, 0, work, level);
        int same = memcmp(c, ref, sizeof(double) * m * n) == 0;
        int r = level == 0 ? reps / 10 + 1 : reps;
        double t0 = now();
        for (int i = 0; i < r; i++) lanes_gemm(m, n, k, a, rsa, csa, b, rsb, csb, c, n, 0, work, level);
        double t = (now() - t0) / r;
        printf("  L%d %6.2f%s", level, flops / t * 1e-9, same ? "" : "(bits differ!)");
    }
    enum CBLAS_TRANSPOSE ta = kind == 1 ? CblasTrans : CblasNoTrans, tb = kind == 2 ? CblasTrans : CblasNoTrans;
    int lda = kind == 1 ? (int)m : (int)k, ldb = kind == 2 ? (int)k : (int)n;
    cblas_dgemm(CblasRowMajor, ta, tb, (int)m, (int)n, (int)k, 1.0, a, lda, b, ldb, 0.0, c, (int)n);
    double maxdiff = 0;
    for (size_t i = 0; i < m * n; i++) maxdiff = fmax(maxdiff, fabs(c[i] - ref[i]));
    double t0 = now();
    for (int i = 0; i < reps; i++)
        cblas_dgemm(CblasRowMajor, ta, tb, (int)m, (int)n, (int)k, 1.0, a, lda, b, ldb, 0.0, c, (int)n);
    double t = (now() - t0) / reps;
    printf("  openblas %6.2f (max |diff| %.1e)\n", flops / t * 1e-9, maxdiff);
    free(a); free(b); free(c); free(ref); free(work);
}

int main(void) {
    openblas_set_num_threads(1);
    printf("GFLOP/s, one thread; L0 portable, L1 AVX2+FMA, L2 AVX-512F; %s, core %s\n", openblas_get_config(), openblas_get_corename());
    printf("%-9s %4s %4s %4s\n", "product", "m", "n", "k");
    size_t widths[] = {8, 64, 256};
    for (int w = 0; w < 3; w++) {
        size_t n = widths[w];
        one("forward", 0, n, 64, n);
        one("backward", 1, n, 64, n);
        one("gradient", 2, n, n, 64);
    }
    one("forward", 0, 64, 64, 784);
    one("gradient", 2, 64, 784, 64);
    one("forward", 0, 10, 64, 64);
    return 0;
}
