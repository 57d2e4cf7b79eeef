#!/usr/bin/env bash
# The trainer's matrix products: CLanes' lanes_gemm at each instruction-set
# level against OpenBLAS (Debian's libopenblas-dev, one thread), GFLOP/s,
# with a bit check of every level against a plain fma chain.
# Usage: bash bench/gemm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pkg-config --exists openblas || { echo "bench/gemm.sh: needs libopenblas-dev (apt-get install libopenblas-dev)" >&2; exit 69; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -std=gnu11 -ISources/CLanes/include $(pkg-config --cflags openblas) bench/gemm_bench.c Sources/CLanes/gemm.c \
    Sources/CLanes/lanes.c -o "$out/gemm_bench" $(pkg-config --libs openblas) -lm
OPENBLAS_NUM_THREADS=1 "$out/gemm_bench"
