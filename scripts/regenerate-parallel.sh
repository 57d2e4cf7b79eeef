#!/usr/bin/env bash
# Regenerates results/ and notebooks-md/ with every table built as its own
# process under GNU parallel on JOBS job slots, then assembled by
# `lyapsim regenerate --tables-from DIR`. The files are byte-identical to a
# plain `lyapsim regenerate` with the same options (each table's numbers
# depend on the profile and the seed only; the saved records keep every bit),
# except the build times in results/README.md, which are each table's own.
#
#   scripts/regenerate-parallel.sh JOBS DIR [--profile quick|full] [--seed K] [regenerate options ...]
#   e.g. scripts/regenerate-parallel.sh 8 full-records --profile full
#
# Each finished table is DIR/ID.table; rerunning the same command after an
# interruption builds only the tables that are missing. Environment:
# LYAPSIM (the binary; default: lyapsim on PATH), THREADS (threads per table;
# default 1), PARALLEL_OPTS (extra options for parallel, e.g. --sshloginfile).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 JOBS DIR [--profile quick|full] [--seed K] [regenerate options ...]" >&2; exit 64; }
jobs=$1 dir=$2
shift 2
lyapsim=${LYAPSIM:-lyapsim}
# Only the options that decide a table's numbers (and --accept-cost, which
# lets a table of core-hours start) go to the table builds.
table_options=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
        --profile | --seed) table_options+=("${args[i]}" "${args[i + 1]}"); i=$((i + 1)) ;;
        --profile=* | --seed=* | --accept-cost) table_options+=("${args[i]}") ;;
    esac
done
mkdir -p "$dir"
# shellcheck disable=SC2086
"$lyapsim" tables --list | parallel ${PARALLEL_OPTS:-} -q --halt now,fail=1 -j "$jobs" \
    "$lyapsim" tables --only "{}" --save "$dir/{}.table" --tables-from "$dir" \
    --threads "${THREADS:-1}" "${table_options[@]}" >/dev/null
exec "$lyapsim" regenerate --tables-from "$dir" "$@"
