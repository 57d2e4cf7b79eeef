#!/usr/bin/env bash
# Training speed: `lyapsim train` against the same model in PyTorch on the
# CPU (float64 and float32) and in NumPy (float64), all from
# bench/train_reference.py: same task, sizes, steps, batch and optimizer
# (AdamW), one thread each. Widths 2, 8, 64, 256 on quintic and the
# Fashion-MNIST network 784-64-(64 x 20)-10 on the real data (lyapsim:
# --task fashion-mnist; needs Debian's dataset-fashion-mnist). Prints
# seconds per training run and the ratios reference / lyapsim (above 1:
# lyapsim is faster).
#
# PyTorch and NumPy live in a virtual environment (LYAPSIM_BENCH_VENV,
# default /opt/lyapsim-bench-venv), created when missing: torch from the
# PyTorch CPU index (no CUDA wheel), or from PyPI if that index is
# unreachable. Usage: bash bench/train.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${LYAPSIM_BENCH_VENV:-/opt/lyapsim-bench-venv}
if ! "$venv/bin/python" -c 'import torch, numpy' 2>/dev/null; then
    echo "bench/train.sh: installing torch and numpy into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --timeout 30 --retries 1 --index-url https://download.pytorch.org/whl/cpu \
        torch numpy 2>/dev/null || "$venv/bin/pip" install --quiet torch numpy
fi
py="$venv/bin/python"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
swift build -c release --product lyapsim >/dev/null
steps=2000; quick=0
if [[ "${1:-}" == "--quick" ]]; then steps=200; quick=1; fi
now() { date +%s.%N; }
versions=$("$py" -c 'import torch, numpy; print(f"torch {torch.__version__}, numpy {numpy.__version__}")')
echo "lyapsim train bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc --all) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $versions, $steps steps of batch 64, AdamW, one thread"
printf "%-6s %-6s %-14s %-11s %-11s %-11s %-11s %-9s %-9s %-9s\n" width depth task "lyapsim s" "torch64 s" "torch32 s" \
    "numpy s" "t64/ours" "t32/ours" "np/ours"
# width depth task lyapsim-runs
for case in "2 40 quintic 20" "8 40 quintic 20" "64 20 quintic 2" "256 10 quintic 1" "64 20 fashion-mnist 1"; do
    read -r n l task runs <<<"$case"
    (( quick )) && runs=1
    init=lyapunov
    [[ $task == fashion-mnist ]] && init=he
    t0=$(now)
    .build/release/lyapsim train --task "$task" --width "$n" --depth "$l" --init "$init" --steps "$steps" \
        --runs "$runs" --threads 1 --format csv >/dev/null
    t1=$(now)
    ours=$(echo "($t1 - $t0) / $runs" | bc -l)
    t64=$("$py" bench/train_reference.py --backend torch --dtype float64 --task "$task" --width "$n" --depth "$l" --steps "$steps" --runs 1)
    t32=$("$py" bench/train_reference.py --backend torch --dtype float32 --task "$task" --width "$n" --depth "$l" --steps "$steps" --runs 1)
    if [[ $task == quintic ]]; then
        np=$(printf "%.3f" "$("$py" bench/train_reference.py --backend numpy --width "$n" --depth "$l" --steps "$steps" --runs 1)")
        npr=$(printf "%.2f" "$(echo "$np / $ours" | bc -l)")
    else
        np="-"; npr="-"
    fi
    printf "%-6s %-6s %-14s %-11.3f %-11.3f %-11.3f %-11s %-9.2f %-9.2f %-9s\n" "$n" "$l" "$task" "$ours" "$t64" "$t32" "$np" \
        "$(echo "$t64 / $ours" | bc -l)" "$(echo "$t32 / $ours" | bc -l)" "$npr"
done
echo "lyapsim: wall time of the whole command over its runs (data, initialization, training, 21 held-out evaluations);"
echo "  quintic with --init lyapunov, fashion-mnist with --init he (reads and standardizes the 70,000 images each time)."
echo "PyTorch, NumPy: bench/train_reference.py, the same work per run (time.perf_counter around the runs, after a warm-up);"
echo "  torch32 is PyTorch in float32, the others float64. Ratios above 1: lyapsim is faster."
