#!/usr/bin/env bash
# lyapsim spectrum (QR method, K = N = 64 tangent vectors) beside the NumPy
# reference bench/spectrum_reference.py (batched standard_normal, matmul and
# numpy.linalg.qr every layer), in one run. Ratios, not seconds, are the claim.
#
#   bash bench/spectrum.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --quiet numpy
swift build -c release --product lyapsim >/dev/null
bin=.build/release/lyapsim
n=64 depth=100 m=64
best() {  # best wall time of two runs of the command, in seconds
    local b=1e9
    for _ in 1 2; do
        local t0 t1
        t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
        b=$(python3 -c "print(min($b, $t1 - $t0))")
    done
    echo "$b"
}
echo "lyapsim spectrum bench, $(date -u +%Y-%m-%d), $(nproc) cores, numpy $(python3 -c 'import numpy; print(numpy.__version__)')"
t2=$(best "$bin" spectrum --width $n --slope 0.1 --depth $depth --samples $m --rng xoshiro256++ --threads 2 --format csv)
t1=$(best "$bin" spectrum --width $n --slope 0.1 --depth $depth --samples $m --rng xoshiro256++ --threads 1 --format csv)
ref=$(python3 bench/spectrum_reference.py --width $n --exponents $n --depth $depth --samples $m --slope 0.1 \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
python3 - "$t2" "$t1" "$ref" <<PY
import sys
t2, t1, ref = map(float, sys.argv[1:])
print()
print("| N = K | L | M | lyapsim 2 threads s | lyapsim 1 thread s | NumPy s | NumPy / lyapsim (2 threads) | NumPy / lyapsim (1 thread) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
print(f"| $n | $depth | $m | {t2:.2f} | {t1:.2f} | {ref:.2f} | {ref / t2:.1f}x | {ref / t1:.1f}x |")
PY
