#!/usr/bin/env bash
# Regenerates results/ and notebooks-md/ with every table built as its own
# process under GNU parallel on JOBS job slots, then assembled by
# `lyapsim regenerate --tables-from DIR`. A table built in parts (T16: one
# part per setting) is built as one process per part. The files are
# byte-identical to a plain `lyapsim regenerate` with the same options (each
# table's numbers depend on the profile and the seed only; the saved records
# keep every bit), except the build times in results/README.md, which are
# each table's own (for a table in parts, the sum of its parts').
#
#   scripts/regenerate-parallel.sh JOBS DIR [--profile quick|full] [--seed K] [regenerate options ...]
#   e.g. scripts/regenerate-parallel.sh 8 full-records --profile full
#
# Each finished table is DIR/ID.table, each finished part DIR/ID.part-K.record;
# rerunning the same command after an interruption builds only what is
# missing, and a part stopped midway goes on from DIR/ID.part-K.checkpoint
# (its finished methods kept). Environment: LYAPSIM (the binary; default: lyapsim on PATH),
# THREADS (threads per job; default 1), PARALLEL_OPTS (extra options for
# parallel, e.g. --sshloginfile).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 JOBS DIR [--profile quick|full] [--seed K] [regenerate options ...]" >&2; exit 64; }
jobs=$1 dir=$2
shift 2
lyapsim=${LYAPSIM:-lyapsim}
# Only the options that decide a table's numbers go to the builds.
table_options=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
        --profile | --seed) table_options+=("${args[i]}" "${args[i + 1]}"); i=$((i + 1)) ;;
        --profile=* | --seed=*) table_options+=("${args[i]}") ;;
    esac
done
mkdir -p "$dir"
# One job per line: "ID" for a table of one part, "ID K" for part K.
jobs_file=$(mktemp)
trap 'rm -f "$jobs_file"' EXIT
ids=$("$lyapsim" tables --list)  # a failure stops the script here (set -e)
for id in $ids; do
    listing=$("$lyapsim" tables --list --only "$id" "${table_options[@]}")
    parts=$(printf '%s\n' "$listing" | cut -f1)
    if [ -z "$parts" ]; then
        [ -e "$dir/$id.table" ] || echo "$id"
    else
        for k in $parts; do [ -e "$dir/$id.part-$k.record" ] || echo "$id $k"; done
    fi
done >"$jobs_file"
build() {  # ID [K]
    if [ -n "${2:-}" ]; then
        # A part stopped midway goes on from its checkpoint when the script is run again.
        "$lyapsim" tables --only "$1" --part "$2" --save "$dir/$1.part-$2.record" --checkpoint "$dir/$1.part-$2.checkpoint" \
            --threads "${THREADS:-1}" "${table_options[@]}"
    else
        "$lyapsim" tables --only "$1" --save "$dir/$1.table" --tables-from "$dir" --accept-cost \
            --threads "${THREADS:-1}" "${table_options[@]}"
    fi
}
export -f build
export lyapsim dir THREADS
# An array cannot be exported: the options travel as words (none has a space).
export table_options_text="${table_options[*]}"
# --env carries the function and its variables to remote hosts (--sshloginfile);
# after a failure, running jobs finish and keep their records (--halt soon).
# shellcheck disable=SC2086
SHELL=/bin/bash parallel ${PARALLEL_OPTS:-} --env build --env lyapsim --env dir --env THREADS --env table_options_text \
    --colsep ' ' --halt soon,fail=1 -j "$jobs" \
    'table_options=($table_options_text); build {1} {2}' <"$jobs_file" >/dev/null
exec "$lyapsim" regenerate --tables-from "$dir" "$@"
