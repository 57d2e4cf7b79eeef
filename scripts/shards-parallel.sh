#!/usr/bin/env bash
# Runs a lyapsim command (estimate, spectrum, gradients, angles, calibrate,
# profile or train; estimate when COMMAND is left out) as SHARDS shards
# under GNU parallel on JOBS job slots, then merges them. The merged output
# is byte-identical to the single run's, because record i (a network, a
# replication, a training run) depends only on (seed, i).
#
#   scripts/shards-parallel.sh SHARDS JOBS DIR [COMMAND] [options ...]
#   e.g. scripts/shards-parallel.sh 16 8 run1 --width 256 --slope 0.1 --depth 500 --samples 100000
#        scripts/shards-parallel.sh 8 2 run2 train --task fashion-mnist --width 16 --depth 30 --init lyapunov --runs 30
#
# Environment: LYAPSIM (the binary; default: lyapsim on PATH), FORMAT (text,
# json or csv; default text), THREADS (threads per shard; default 1),
# PARALLEL_OPTS (extra options for parallel, e.g. "--sshloginfile hosts" to
# spread shards over several hosts that share DIR and the binary's path).
# Each shard checkpoints to DIR/shard-K.ckpt, so rerunning the same command
# after an interruption resumes every unfinished shard.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 SHARDS JOBS DIR [COMMAND] [options ...]" >&2; exit 64; }
shards=$1 jobs=$2 dir=$3
shift 3
command=estimate
if [ $# -gt 0 ] && [[ $1 != -* ]]; then command=$1; shift; fi
lyapsim=${LYAPSIM:-lyapsim}
mkdir -p "$dir"
# -q: parallel passes the options as given, without a shell re-reading them.
# --halt now,fail=1: one failing shard stops the run with its exit status.
# shellcheck disable=SC2086
seq 0 $((shards - 1)) | parallel ${PARALLEL_OPTS:-} -q --halt now,fail=1 -j "$jobs" \
    "$lyapsim" "$command" "$@" --threads "${THREADS:-1}" --quiet \
    --shard "{}/$shards" --save "$dir/shard-{}.lyp" --checkpoint "$dir/shard-{}.ckpt" >/dev/null
files=()
for ((k = 0; k < shards; k++)); do files+=("$dir/shard-$k.lyp"); done
exec "$lyapsim" merge "${files[@]}" --format "${FORMAT:-text}"
