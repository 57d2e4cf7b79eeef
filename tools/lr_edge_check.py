#!/usr/bin/env python3
"""Does the bottom of T16's learning-rate grid hide a better rate for tanh at depth 100?

In the full T16, every tanh row at N = 8, L = 100 except the searched noise
chose the grid's smallest rate, 0.0003 (marked * in the table). If a smaller
rate trained better, the table's comparisons at that depth would compare
methods at rates the grid cut off. This script retrains He, orthogonal, LSUV
and diagonal-noise 0.085 on the full T16 setting's seed (the same 30 paired
runs: data subset, batch order, output layer) at a third of the chosen rate,
0.0001, and prints their median test accuracy beside the table's. It also
retrains each method at the table's own rate and checks that it reproduces
the table's median, so the comparison is of rates and nothing else, run by
run (paired sign test). Where the lower rate's median is higher, it steps
down by the same factor again, at most twice more, while the median keeps
rising, and prints each median (the last column). A check read on the test set, never a choice: the table's
rates stay those the validation split chose.

    python3 tools/lr_edge_check.py .build/release/lyapsim > results/full/lr-edge-check.md

Reads each setting's seed, rates, noises and medians from the rendered
results/full/T16-fashion-mnist.{md,csv} (those settings' parts must be in it).
"""
import json
import re
import subprocess
import sys

from t16_checks import find_row, median, read_table, sign_test

SETTINGS = [("tanh", 8, 100, 10000)]
METHODS = ["he", "orthogonal", "lsuv", "diagonal-noise"]
STEPS, RUNS, FACTOR = 3000, 30, 1 / 3


def train(binary, activation, width, depth, k, seed, lr, init):
    args = [binary, "train", "--task", "fashion-mnist", "--activation", activation, "--width", str(width),
            "--depth", str(depth), "--train-size", str(k), "--lr", lr, "--steps", str(STEPS), "--runs", str(RUNS),
            "--seed", seed, "--threads", "1", "--format", "json", "--quiet"] + init
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return [r["accuracy"] for r in out["runs"]]


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit("usage: lr_edge_check.py PATH-TO-LYAPSIM")
    binary = sys.argv[1]
    notes, col, rows = read_table()

    print("# Fashion-MNIST: below the learning-rate grid, tanh at depth 100\n")
    print(f"Made by `python3 tools/lr_edge_check.py PATH-TO-LYAPSIM` ({STEPS} steps, {RUNS} paired runs per row on "
          "the full T16 setting's seed); medians of test accuracy at the table's rate (the grid's smallest, chosen "
          f"on the validation split) and at {FACTOR:.3g} of it. `lower - table`: runs where the lower rate gave the "
          "higher test accuracy, and fewer; the sign test's exact two-sided p. Where the lower rate is better, the "
          "last column steps down again while the median rises. A check read on the test set, not a choice.\n")
    print("| activation | N | L | K | init | table lr | table median | reproduced | lower lr | median at lower lr "
          "| lower - table | sign-test p | further down |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for activation, width, depth, k in SETTINGS:
        seed = re.search(rf"{activation} N = {width} L = {depth} K = {k}: (\d+)", notes).group(1)
        for method in METHODS:
            r = find_row(rows, activation, width, depth, k, method)
            lr = r[col["lr"]].rstrip("*")
            init = ["--init", method]
            if method == "diagonal-noise":
                init += ["--noise", re.search(r"noise ([0-9.]+)", r[col["hidden sigma"]]).group(1)]
            table_median = r[col["median test accuracy [CI]"]].split(" ")[0]
            at_table = train(binary, activation, width, depth, k, seed, lr, init)
            reproduced = f"{median(at_table):.3f}"
            if reproduced != table_median:
                sys.exit(f"{activation} N = {width} L = {depth} K = {k} {method}: the table's rate gives "
                         f"{reproduced}, the table says {table_median}")
            lower = float(lr) * FACTOR
            below = train(binary, activation, width, depth, k, seed, f"{lower:.6g}", init)
            d = [y - x for x, y in zip(at_table, below)]
            wins, losses = sum(v > 0 for v in d), sum(v < 0 for v in d)
            further, best, rate = [], median(below), lower
            while best > median(at_table) and len(further) < 2:
                rate *= FACTOR
                m = median(train(binary, activation, width, depth, k, seed, f"{rate:.6g}", init))
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
