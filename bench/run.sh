#!/usr/bin/env bash
# lyapsim's Monte Carlo speed beside NumPy and JAX references, measured in one run.
#
#   bash bench/run.sh            # every case (about 30 minutes on 2 cores; NumPy dominates)
#   bash bench/run.sh quick      # N = 64 only
#
# For each case it prints lyapsim's time (xoshiro256++x8, 2 threads), the
# NumPy and JAX references' times and lyapsim's ratio to each, weights per
# second, lyapsim's RNG floor (the ensemble's own random numbers drawn with
# the same generator on the same threads and in the same per-sample streams,
# doing nothing else) and the ratio to it; then the scalar xoshiro256++
# against x8, GSL's taus2 against its own floor, and 1 thread against 2.
# JAX runs jit-compiled on the CPU in 64-bit; its compile time is excluded
# from its seconds and printed in its own column. Ratios, not seconds, are
# the claim: the machine is shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --quiet numpy
python3 -c 'import jax' 2>/dev/null || python3 -m pip install --quiet jax
swift build -c release --product lyapsim >/dev/null
bin=.build/release/lyapsim
only=${1:-all}
rng=xoshiro256++x8

field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# lyapsim bench prints the best of --repeats runs as JSON.
lyap() { "$bin" bench --slope 0.1 --repeats 2 "$@"; }

# Doubles M until lyapsim's run takes at least 2 seconds.
calibrate() {
    local ens=$1 n=$2 depth=$3 m=$4
    while :; do
        local t
        t=$(lyap --ensemble "$ens" --width "$n" --depth "$depth" --samples "$m" --rng "$rng" --threads 2 --repeats 1 | field seconds)
        if python3 -c "import sys; sys.exit(0 if $t >= 2 else 1)"; then echo "$m"; return; fi
        m=$((m * 2))
    done
}

cases=()
ensembles="gaussian orthogonal uniform rademacher"
if [ "$only" = quick ]; then
    for ens in $ensembles; do cases+=("$ens 64 1000 16"); done
else
    for ens in $ensembles; do
        cases+=("$ens 4 1000 512" "$ens 16 1000 64" "$ens 64 1000 16" "$ens 256 100 8")
    done
fi

echo "lyapsim bench, $(date -u +%Y-%m-%d), $(nproc) cores, numpy $(python3 -c 'import numpy; print(numpy.__version__)'), jax $(python3 -c 'import jax; print(jax.__version__)'), $rng level $("$bin" rngs | sed -n 's/.*x8 .*runs on \([^;,)]*\).*/\1/p' | head -1)"
echo
echo "| ensemble | N | L | M | lyapsim s | NumPy s | NumPy / lyapsim | JAX s | JAX compile s | JAX / lyapsim | weights/s | floor s | lyapsim / floor | xoshiro256++ / x8 | taus2 / its floor | 2 threads vs 1 |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for c in "${cases[@]}"; do
    read -r ens n depth m0 <<<"$c"
    m=$(calibrate "$ens" "$n" "$depth" "$m0")
    fast=$(lyap --ensemble "$ens" --width "$n" --depth "$depth" --samples "$m" --rng "$rng" --threads 2)
    one=$(lyap --ensemble "$ens" --width "$n" --depth "$depth" --samples "$m" --rng "$rng" --threads 1)
    scalar=$(lyap --ensemble "$ens" --width "$n" --depth "$depth" --samples "$m" --rng xoshiro256++ --threads 2)
    gsl=$(lyap --ensemble "$ens" --width "$n" --depth "$depth" --samples "$m" --rng taus2 --threads 2)
    ref=$(python3 bench/numpy_reference.py --ensemble "$ens" --width "$n" --depth "$depth" --samples "$m")
    jx=$(python3 bench/jax_reference.py --ensemble "$ens" --width "$n" --depth "$depth" --samples "$m")
    python3 - "$ens" "$n" "$depth" "$m" "$fast" "$one" "$scalar" "$gsl" "$ref" "$jx" <<'PY'
import json, sys
ens, n, depth, m = sys.argv[1:5]
fast, one, scalar, gsl, ref, jx = (json.loads(s) for s in sys.argv[5:11])
t, f = fast["seconds"], fast["floor_seconds"]
print(f"| {ens} | {n} | {depth} | {m} | {t:.2f} | {ref['seconds']:.2f} | {ref['seconds'] / t:.1f}x | "
      f"{jx['seconds']:.2f} | {jx['compile_seconds']:.1f} | {jx['seconds'] / t:.1f}x | "
      f"{fast['weights_per_second']:.3g} | {f:.2f} | {t / f:.2f} | {scalar['seconds'] / t:.2f} | "
      f"{gsl['seconds'] / gsl['floor_seconds']:.2f} | {one['seconds'] / t:.2f}x |")
PY
done
echo
echo "lyapsim: --rng $rng --threads 2 --method full; floor = the same random numbers (normals; words for rademacher; uniforms for uniform), same streams and threads, nothing else."
echo "NumPy: bench/numpy_reference.py (weights batched over samples, matmul; qr with the sign correction)."
echo "JAX: bench/jax_reference.py (jax.jit, lax.scan over layers, batched jax.random, einsum, 64-bit, CPU); compile time excluded from its seconds."
