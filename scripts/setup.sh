#!/usr/bin/env bash
# Installs what lyapsim needs and a fresh machine may lack: GSL (Debian's
# libgsl-dev), zlib (zlib1g-dev) and pkg-config, Fashion-MNIST (Debian's
# dataset-fashion-mnist, files under /usr/share/datasets/fashion-mnist, for
# `lyapsim train --task fashion-mnist`), GNU parallel (Debian's `parallel`, for
# scripts/shards-parallel.sh and its test) and `script` (util-linux, for the
# progress test under a pseudo-terminal). Runs `apt-get update` once, and
# only when something is missing. The NumPy test installs numpy itself.
set -euo pipefail
missing=()
dpkg -s libgsl-dev >/dev/null 2>&1 || missing+=(libgsl-dev)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
dpkg -s dataset-fashion-mnist >/dev/null 2>&1 || missing+=(dataset-fashion-mnist)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v parallel >/dev/null 2>&1 || missing+=(parallel)
command -v script >/dev/null 2>&1 || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
