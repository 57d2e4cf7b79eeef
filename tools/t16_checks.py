"""What the T16 side checks (tools/input_layer_ablation.py, tools/lr_edge_check.py) share:
reading the rendered full table and the two small statistics they print."""
import csv
import math
import pathlib
import re
import sys

TABLE = pathlib.Path(__file__).resolve().parent.parent / "results" / "full" / "T16-fashion-mnist"


def sign_test(wins: int, losses: int) -> float:
    """Exact two-sided sign-test p (ties dropped)."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def read_table():
    """The rendered full T16: its Markdown (whose notes hold each setting's seed), the CSV's
    column index by name, and its rows."""
    notes = TABLE.with_suffix(".md").read_text()
    rows = list(csv.reader(line for line in TABLE.with_suffix(".csv").read_text().splitlines() if not line.startswith("#")))
    header, rows = rows[0], rows[1:]
    return notes, {name: i for i, name in enumerate(header)}, rows


def setting_seed(notes, activation, width, depth, k):
    """The setting's seed from the table's notes ("... relu N = 8 L = 10 K = 1000: SEED, ..."). The name
    must not be the tail of a longer one: "relu N = 64 ..." also occurs inside "leaky-relu N = 64 ...".
    Exits naming the setting when its part is not computed."""
    found = re.search(rf"(?<![\w-]){re.escape(activation)} N = {width} L = {depth} K = {k}: (\d+)", notes)
    if not found:
        sys.exit(f"results/full/T16: no seed for {activation} N = {width} L = {depth} K = {k} (is its part computed?)")
    return found.group(1)


def find_row(rows, activation, width, depth, k, init):
    """The row of one method in one setting; exits naming the setting when its part is not computed."""
    for r in rows:
        if r[:5] == [activation, str(width), str(depth), str(k), init]:
            return r
    sys.exit(f"results/full/T16: no row {activation} N = {width} L = {depth} K = {k} {init} (is its part computed?)")
