#!/usr/bin/env python3
"""Does the input layer explain why Lyapunov initialization loses on Fashion-MNIST?

Under per-layer Lyapunov initialization the 784 -> N input layer gets its own
sigma_crit (16.8 at N = 8 for Leaky ReLU a = 0.1, against He's 1.41), so each
first-layer unit starts with about sqrt(784 / N) times the signal He's rule
gives it. This script separates that from the hidden layers: it trains, run by
run on the same seeds as the full T16 setting, (a) `--init lyapunov` and
(b) `--init gaussian --sigma sigma_crit`, whose hidden layers are the same
normals at the same scale and whose input layer is the common draw at He's
gain; everything else (data subset, batch order, output layer, learning rate)
is shared, and (b) keeps (a)'s validated learning rate rather than choosing its
own. It prints one Markdown row per setting: the medians, runs where (b) beat
(a) - lost, the median paired difference and the exact two-sided sign-test p.
Where (a)'s rate is the top of the T16 grid, it also trains (a) at three times
that rate, above the grid, to see whether the grid's edge hid a better rate: a
check read on the test set, never a choice.

    python3 tools/input_layer_ablation.py .build/release/lyapsim > results/full/input-layer-ablation.md

Reads each setting's seed, learning rate and the He row's median from the
rendered results/full/T16-fashion-mnist.{md,csv} (those settings' parts must
be in it).
"""
import json
import subprocess
import sys

from t16_checks import find_row, median, read_table, setting_seed, sign_test

SETTINGS = [(8, 10, 10000), (8, 30, 10000), (8, 10, 55000), (8, 30, 55000)]
STEPS, RUNS = 3000, 30


def train(binary, width, depth, k, seed, lr, init):
    args = [binary, "train", "--task", "fashion-mnist", "--activation", "leaky-relu", "--width", str(width),
            "--depth", str(depth), "--train-size", str(k), "--lr", lr, "--steps", str(STEPS), "--runs", str(RUNS),
            "--seed", seed, "--threads", "1", "--format", "json", "--quiet"] + init
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return out, [r["accuracy"] for r in out["runs"]]


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit("usage: input_layer_ablation.py PATH-TO-LYAPSIM")
    binary = sys.argv[1]
    notes, col, rows = read_table()

    def row(width, depth, k, init):
        return find_row(rows, "leaky-relu", width, depth, k, init)

    grid_top = max(float(r[col["lr"]].rstrip("*")) for r in rows)
    print("# Fashion-MNIST: the Lyapunov input layer, ablated\n")
    print(f"Made by `python3 tools/input_layer_ablation.py PATH-TO-LYAPSIM` (Leaky ReLU a = 0.1, {STEPS} steps, "
          f"{RUNS} paired runs per setting on the full T16 setting's seed); medians of test accuracy. "
          "The last column trains plain Lyapunov at three times its rate where that rate is the grid's top.\n")
    print("| N | L | K | lr | lyapunov (input at its sigma_crit) | same hidden layers, input at He's gain "
          "| better - worse | median paired difference | sign-test p | He (table) | lyapunov at 3 x lr |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for width, depth, k in SETTINGS:
        seed = setting_seed(notes, "leaky-relu", width, depth, k)
        lyap = row(width, depth, k, "lyapunov")
        lr = lyap[col["lr"]].rstrip("*")
        full, a = train(binary, width, depth, k, seed, lr, ["--init", "lyapunov"])
        _, b = train(binary, width, depth, k, seed, lr, ["--init", "gaussian", "--sigma", repr(full["hidden_sigma"])])
        diffs = [y - x for x, y in zip(a, b)]
        wins, losses = sum(d > 0 for d in diffs), sum(d < 0 for d in diffs)
        he = row(width, depth, k, "he")[col["median test accuracy [CI]"]].split(" ")[0]
        above = ""
        if float(lr) == grid_top:
            _, c = train(binary, width, depth, k, seed, repr(3 * float(lr)), ["--init", "lyapunov"])
            above = f"{median(c):.3f} at {3 * float(lr):g}"
        print(f"| {width} | {depth} | {k} | {lr} | {median(a):.3f} | {median(b):.3f} | {wins}-{losses} "
              f"| {median(diffs):+.4f} | {sign_test(wins, losses):.2g} | {he} | {above} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
