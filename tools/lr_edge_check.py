#!/usr/bin/env python3
"""Does the bottom of T16's learning-rate grid hide a better rate?

Where validation chose the grid's smallest rate (marked * in the full T16), a
smaller rate might train better, and the table's comparisons would then be of
methods at rates the grid cut off. This script retrains the named methods of
one setting on the full T16 setting's seed (the same 30 paired runs: data
subset, batch order, output layer) at a third of the chosen rate, and prints
their median test accuracy beside the table's. It first retrains each method
at the table's own rate and checks that it reproduces the table's median, so
the comparison is of rates and nothing else, run by run (paired sign test).
Where the lower rate's median is higher, it steps down by the same factor
again, at most twice more, while the median keeps rising, and prints each
median (the last column). A check read on the test set, never a choice: the
table's rates stay those the validation split chose.

    python3 tools/lr_edge_check.py .build/release/lyapsim > results/full/lr-edge-check.md
    python3 tools/lr_edge_check.py .build/release/lyapsim --setting leaky-relu,64,10,1000 \
        --methods he,orthogonal,lsuv,lyapunov-orthogonal > results/full/lr-edge-check-N64.md

The first (the defaults) checks tanh at N = 8, L = 100, K = 10000, where every
method but the searched noise chose 0.0003. Reads each setting's seed, rates,
noises and medians from the rendered results/full/T16-fashion-mnist.{md,csv}
(the setting's part must be in it).
"""
import argparse
import json
import re
import subprocess
import sys

from t16_checks import find_row, median, read_table, setting_seed, sign_test

STEPS, RUNS, FACTOR = 3000, 30, 1 / 3


def train(binary, activation, width, depth, k, seed, lr, init, threads):
    args = [binary, "train", "--task", "fashion-mnist", "--activation", activation, "--width", str(width),
            "--depth", str(depth), "--train-size", str(k), "--lr", lr, "--steps", str(STEPS), "--runs", str(RUNS),
            "--seed", seed, "--threads", str(threads), "--format", "json", "--quiet"] + init
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return [r["accuracy"] for r in out["runs"]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", metavar="PATH-TO-LYAPSIM")
    parser.add_argument("--setting", default="tanh,8,100,10000", help="ACTIVATION,N,L,K of a computed T16 part")
    parser.add_argument("--methods", default="he,orthogonal,lsuv,diagonal-noise", help="comma-separated inits")
    # train's output does not depend on its thread count (a tested property),
    # so this changes only the wall time and is left out of the printed command.
    parser.add_argument("--threads", type=int, default=1, help="threads per training run (same numbers)")
    args = parser.parse_args()
    binary = args.binary
    fields = args.setting.split(",")
    if len(fields) != 4 or not all(f.isdigit() for f in fields[1:]):
        sys.exit(f"--setting: expected ACTIVATION,N,L,K with whole numbers, got {args.setting!r}")
    activation, (width, depth, k) = fields[0], map(int, fields[1:])
    methods = args.methods.split(",")
    options = "" if args.setting == parser.get_default("setting") and args.methods == parser.get_default("methods") \
        else f" --setting {args.setting} --methods {args.methods}"
    notes, col, rows = read_table()

    print(f"# Fashion-MNIST: below the learning-rate grid, {activation} at N = {width}, L = {depth}, K = {k}\n")
    print(f"Made by `python3 tools/lr_edge_check.py PATH-TO-LYAPSIM{options}` ({STEPS} steps, {RUNS} paired runs per row on "
          "the full T16 setting's seed); medians of test accuracy at the table's rate (the grid's smallest, chosen "
          f"on the validation split) and at {FACTOR:.3g} of it. `lower - table`: runs where the lower rate gave the "
          "higher test accuracy, and fewer; the sign test's exact two-sided p. Where the lower rate is better, the "
          "last column steps down again while the median rises. A check read on the test set, not a choice.\n")
    print("| activation | N | L | K | init | table lr | table median | reproduced | lower lr | median at lower lr "
          "| lower - table | sign-test p | further down |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    seed = setting_seed(notes, activation, width, depth, k)
    smallest = min(float(r[col["lr"]].rstrip("*")) for r in rows)
    for method in methods:
        r = find_row(rows, activation, width, depth, k, method)
        lr = r[col["lr"]].rstrip("*")
        if float(lr) != smallest:
            sys.exit(f"{activation} N = {width} L = {depth} K = {k} {method}: validation chose {lr}, not the grid's "
                     f"smallest rate {smallest:g}")
        init = ["--init", method]
        if method == "diagonal-noise":
            init += ["--noise", re.search(r"noise ([0-9.]+)", r[col["hidden sigma"]]).group(1)]
        table_median = r[col["median test accuracy [CI]"]].split(" ")[0]
        at_table = train(binary, activation, width, depth, k, seed, lr, init, args.threads)
        reproduced = f"{median(at_table):.3f}"
        if reproduced != table_median:
            sys.exit(f"{activation} N = {width} L = {depth} K = {k} {method}: the table's rate gives "
                     f"{reproduced}, the table says {table_median}")
        lower = float(lr) * FACTOR
        below = train(binary, activation, width, depth, k, seed, f"{lower:.6g}", init, args.threads)
        d = [y - x for x, y in zip(at_table, below)]
        wins, losses = sum(v > 0 for v in d), sum(v < 0 for v in d)
        further, best, rate = [], median(below), lower
        while best > median(at_table) and len(further) < 2:
            rate *= FACTOR
            m = median(train(binary, activation, width, depth, k, seed, f"{rate:.6g}", init, args.threads))
            further.append(f"{m:.3f} at {rate:.3g}")
            if m <= best:
                break
            best = m
        print(f"| {activation} | {width} | {depth} | {k} | {method} | {lr} | {table_median} | {reproduced} "
              f"| {lower:.6g} | {median(below):.3f} | {wins}-{losses} | {sign_test(wins, losses):.2g} "
              f"| {', '.join(further)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
