"""Compare two renders of the full T16 (results/full/T16-fashion-mnist.csv) after new parts land.

Holm's adjustment runs over every test in the table, so each new part can move the adjusted p of
the tests already there. This prints what a reader of docs/findings.md needs to re-check:

  python3 tools/t16_compare.py verdicts OLD.csv NEW.csv   # counts, and every verdict that changed
  python3 tools/t16_compare.py near NEW.csv [OLD.csv]     # tests whose Holm p is near 0.05
  python3 tools/t16_compare.py setting NEW.csv ACT N L    # one setting's medians and verdicts

OLD.csv is typically `git show HEAD:results/full/T16-fashion-mnist.csv`. A verdict is "+" (the
challenger is better: Holm p < 0.05, more wins than losses and a median difference of that sign),
"-" (the baseline is better), "nd" (no difference detected) or "?" (significant, with wins and the
median difference pointing apart: the Markdown table's verdict decides)."""
import csv
import re
import sys

BASELINES = ("he", "orthogonal", "lsuv")
CELL = re.compile(r"(\d+)-(\d+), median diff (\S+) \(sign p \S+, W p \S+, Holm (\S+)\)")


def read(path):
    lines = [l for l in open(path).read().splitlines() if not l.startswith("#")]
    rows = list(csv.reader(lines))
    header, rows = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    return col, rows


def tests(path):
    """{(activation, N, L, K, init, baseline): (wins, losses, holm, verdict)} and each row's median."""
    col, rows = read(path)
    out, medians = {}, {}
    for r in rows:
        key = tuple(r[:5])
        medians[key] = r[col["median test accuracy [CI]"]].split(" ")[0]
        for b in BASELINES:
            cell = r[col[f"vs {b}"]]
            if not cell:
                continue
            m = CELL.fullmatch(cell)
            if not m:
                sys.exit(f"{path}: cannot read the cell {cell!r} of {key} vs {b}")
            wins, losses, diff, holm = int(m.group(1)), int(m.group(2)), float(m.group(3)), float(m.group(4))
            # lyapsim takes the direction from the Wilcoxon statistic, which the cell does not print;
            # wins against losses and the median difference agree with it whenever they agree with
            # each other, and "?" marks a significant cell where they do not.
            if holm >= 0.05:
                verdict = "nd"
            elif wins > losses and diff >= 0:
                verdict = "+"
            elif losses > wins and diff <= 0:
                verdict = "-"
            else:
                verdict = "?"
            out[key + (b,)] = (wins, losses, holm, verdict)
    return out, medians


def counts(t):
    c = {"+": 0, "-": 0, "nd": 0, "?": 0}
    for v in t.values():
        c[v[3]] += 1
    unclear = f", {c['?']} significant with wins and median difference in disagreement (read the Markdown)" if c["?"] else ""
    return f"{len(t)} tests: {c['+']} favour the challenger, {c['-']} the baseline, {c['nd']} no difference detected{unclear}"


def name(key):
    act, n, l, k, init, b = key
    return f"{act} N={n} L={l} K={k} {init} vs {b}"


def verdicts(old_path, new_path):
    old, _ = tests(old_path)
    new, _ = tests(new_path)
    print("old:", counts(old))
    print("new:", counts(new))
    changed = [k for k in old if k in new and old[k][3] != new[k][3]]
    for k in changed:
        print(f"changed: {name(k)}: {old[k][3]} (Holm {old[k][2]:.3g}) -> {new[k][3]} (Holm {new[k][2]:.3g})")
    gone = sorted(set(old) - set(new))
    for k in gone:
        print(f"gone: {name(k)}")
    print(f"{len(changed)} verdicts changed; {len(set(new) - set(old))} new tests; {len(gone)} tests gone")


def near(new_path, old_path=None, lo=0.02, hi=0.1):
    new, _ = tests(new_path)
    old = tests(old_path)[0] if old_path else {}
    for k, (w, l, holm, v) in sorted(new.items(), key=lambda kv: kv[1][2]):
        if lo <= holm <= hi:
            before = f" (was {old[k][2]:.3g})" if k in old else " (new)" if old_path else ""
            print(f"{name(k)}: {w}-{l}, Holm {holm:.3g}{before}, {v}")


def setting(new_path, act, n, l):
    new, medians = tests(new_path)
    for key, med in medians.items():
        if key[:3] != (act, n, l):
            continue
        cells = [f"vs {b} {new[key + (b,)][0]}-{new[key + (b,)][1]} {new[key + (b,)][3]} ({new[key + (b,)][2]:.2g})"
                 for b in BASELINES if key + (b,) in new]
        print(f"K={key[3]:>5} {key[4]:<20} {med}  " + "; ".join(cells))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "verdicts":
        verdicts(sys.argv[2], sys.argv[3])
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "near":
        near(*sys.argv[2:])
    elif len(sys.argv) == 6 and sys.argv[1] == "setting":
        setting(*sys.argv[2:])
    else:
        sys.exit(__doc__)
