#!/usr/bin/env bash
# Training speed: `lyapsim train` against the same model in NumPy
# (bench/train_reference.py), same task (quintic), sizes, steps, batch and
# optimizer, one thread each, in one run. Prints seconds per training run
# and the ratio NumPy / lyapsim. Usage: bash bench/train.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --quiet numpy
swift build -c release --product lyapsim >/dev/null
steps=2000; runs=20; ref_runs=2
if [[ "${1:-}" == "--quick" ]]; then steps=200; runs=4; ref_runs=1; fi
now() { date +%s.%N; }
echo "lyapsim train bench, $(date -u +%Y-%m-%d), $(nproc) cores, numpy $(python3 -c 'import numpy; print(numpy.__version__)'), $steps steps of batch 64, AdamW, one thread"
printf "%-8s %-6s %-14s %-14s %-8s\n" width depth "lyapsim s/run" "numpy s/run" ratio
for case in "2 40" "8 40" "32 40"; do
    read -r n l <<<"$case"
    t0=$(now)
    .build/release/lyapsim train --task quintic --width "$n" --depth "$l" --init lyapunov --steps "$steps" \
        --runs "$runs" --threads 1 --format csv >/dev/null
    t1=$(now)
    ours=$(echo "($t1 - $t0) / $runs" | bc -l)
    ref=$(python3 bench/train_reference.py --width "$n" --depth "$l" --steps "$steps" --runs "$ref_runs")
    printf "%-8s %-6s %-14.4f %-14.4f %-8.1f\n" "$n" "$l" "$ours" "$ref" "$(echo "$ref / $ours" | bc -l)"
done
echo "lyapsim: wall time of the whole command over its runs (data, Lyapunov init, training, 21 held-out evaluations)."
echo "NumPy: bench/train_reference.py, the same work per run (time.perf_counter around the runs)."
