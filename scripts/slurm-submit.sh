#!/usr/bin/env bash
# Submits a sharded lyapsim run (estimate by default, or any recorded
# command named first among the options) to Slurm: an array of SHARDS tasks,
# then a merge job that starts when all of them succeeded.
#
#   scripts/slurm-submit.sh SHARDS DIR [COMMAND] [options ...]
#
# Pass sbatch options (partition, time limit, account) through SBATCH_OPTS.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 SHARDS DIR [COMMAND] [options ...]" >&2; exit 64; }
shards=$1 dir=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086
jid=$(sbatch --parsable ${SBATCH_OPTS:-} --array=0-$((shards - 1)) "$here/slurm-shard.sbatch" "$dir" "$@")
# shellcheck disable=SC2086
sbatch ${SBATCH_OPTS:-} --dependency=afterok:"${jid%%;*}" "$here/slurm-merge.sbatch" "$dir"
echo "submitted array job $jid ($shards shards) and its merge; the report will be in $dir/result.${FORMAT:-text}"
