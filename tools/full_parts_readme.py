#!/usr/bin/env python3
"""Rewrites the T16 section of results/full/README.md from the part records there.

The section (from the line starting "T16's full profile" to the end of the file)
lists every computed part of the full Fashion-MNIST table with its setting and
the time its record holds, so the list of parts and times cannot disagree
with the records. The profile's cost and its number of settings are read from
the rendered table's notes (T16FashionMNIST computes them).

    python3 tools/full_parts_readme.py --dates "2026-12-05 to 2026-12-07"
"""
import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FULL = ROOT / "results" / "full"
MARK = "T16's full profile"


def parts(suffix, fmt):
    """(part, path, JSON) of every T16.part-K.SUFFIX in results/full, after the checks `--tables-from`
    makes before it uses a part: its format, table, profile and part index."""
    for path in FULL.glob(f"T16.part-*.{suffix}"):
        saved = json.loads(path.read_text())
        named = int(path.name.removeprefix("T16.part-").removesuffix(f".{suffix}"))
        if (saved.get("format"), saved.get("id"), saved.get("profile"), saved.get("part")) != (fmt, "T16", "full", named):
            sys.exit(f"{path}: not a {fmt} of part {named} of the full T16 (format, id, profile or part differ)")
        yield named, path, saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", required=True, help="when the parts were computed, as the README should say it")
    args = parser.parse_args()

    readme = FULL / "README.md"
    text = readme.read_text()
    start = text.find("\n" + MARK) + 1
    if start == 0:
        sys.exit(f"{readme}: no line starting {MARK!r}")

    table = (FULL / "T16-fashion-mnist.md").read_text()
    cost = re.search(r"about (\d+) core-hours at the measured rate", table)
    # "Computed so far: P of the profile's N settings" while parts are missing;
    # without that sentence the table holds every part.
    so_far = re.search(r"of the profile's (\d+) settings", table)
    if not cost:
        sys.exit("results/full/T16-fashion-mnist.md: no cost in its notes (render it first)")

    records = [(named, r["label"], path.name, r["seconds"]) for named, path, r in parts("record", "lyapsim-table-part")]
    records.sort()
    if not records:
        sys.exit("results/full: no T16 part records")
    total = int(so_far.group(1)) if so_far else len(records)

    # Parts under way: a checkpoint keeps the methods finished when a part was stopped.
    under_way = []
    for named, path, c in parts("checkpoint", "lyapsim-table-part-checkpoint"):
        if any(k == named for k, *_ in records):
            sys.exit(f"{path}: part {named} has its record; remove the checkpoint")
        done = [d["unit"] for d in c["done"]]
        under_way.append((named, c["label"], path.name, done, len(c["units"]), c["seconds"]))
    under_way.sort()
    waiting = ""
    if under_way:
        lines = [f"| {k} | {label} | [{name}]({name}) | {len(done)} of {units} ({', '.join(done)}) | {seconds / 60:.1f} min |"
                 for k, label, name, done, units, seconds in under_way]
        waiting = f"""
Parts under way: their checkpoints keep the methods finished when they were stopped, and the first
command above with `--checkpoint results/full/T16.part-K.checkpoint` goes on from there (with a
binary whose numbers are those of the records; `--tables-from` reads records only).

| part | setting | checkpoint | methods done | core-minutes so far |
| --- | --- | --- | --- | --- |
""" + "\n".join(lines) + "\n"

    rows = [f"| {k} | {label} | [{name}]({name}) | {seconds / 60:.1f} min |" for k, label, name, seconds in records]
    hours = sum(r[3] for r in records) / 3600
    complete = len(records) == total
    # Once every part is there, the table renders without --partial (which
    # only allows missing parts) and the sentence stops saying "so far".
    count = f"All {total} of its parts are\ncomputed" if complete else f"{len(records)} of its {total} parts are\ncomputed so far"
    partial = "" if complete else " --partial"
    section = f"""{MARK} (Fashion-MNIST, about {cost.group(1)} core-hours at the measured rate) is built in parts, one per
setting ([docs/fashion-mnist.md](../../docs/fashion-mnist.md#the-full-profile)). {count}, on the 2-core machine above, two parts at a time on one thread each (GNU parallel,
{args.dates}; from 2026-12-07, parts 71 and 80, the last, one at a time on `--threads 2`, which gives the
same record bit for bit):

    lyapsim tables --profile full --only T16 --part K --threads 1 --save results/full/T16.part-K.record
    lyapsim tables --profile full --only T16 --tables-from results/full{partial} --out results/full

A part may also be given `--checkpoint FILE`: it keeps each finished method there and, run again after a
stop, goes on from it; the record is the same bit for bit.
[T16](T16-fashion-mnist.md) ([csv](T16-fashion-mnist.csv)) renders the parts present; `FullProfileTests`
renders it again from the parts and rebuilds runs 0 and 1 of two of its rows with `lyapsim train`, bit for bit.
This list is written from the records by `python3 tools/full_parts_readme.py`.

[input-layer-ablation.md](input-layer-ablation.md) follows T16's Leaky ReLU rows at N = 8 up: the same
hidden layers with the input layer at He's gain, and plain Lyapunov above the grid
(`python3 tools/input_layer_ablation.py PATH-TO-LYAPSIM`, 2026-12-05, the machine above, about 25 minutes
of one core).

[lr-edge-check.md](lr-edge-check.md) retrains four tanh rows at N = 8, L = 100, K = 10000, whose validation
chose the grid's smallest rate, below the grid (`python3 tools/lr_edge_check.py PATH-TO-LYAPSIM`,
2026-12-06, the machine above while two T16 parts ran, about an hour of one core).
[lr-edge-check-N64.md](lr-edge-check-N64.md) does the same for He, orthogonal, LSUV and
Lyapunov-orthogonal at N = 64, L = 10, K = 1000 (`python3 tools/lr_edge_check.py PATH-TO-LYAPSIM
--setting leaky-relu,64,10,1000 --methods he,orthogonal,lsuv,lyapunov-orthogonal`, 2026-12-06, the
machine above while two T16 parts ran, about 25 minutes of one core), and
[lr-edge-check-relu-N64.md](lr-edge-check-relu-N64.md) for He, orthogonal, LSUV and relu-orthogonal at
ReLU, N = 64, L = 10, K = 55000 (`--setting relu,64,10,55000 --methods he,orthogonal,lsuv,relu-orthogonal`,
2026-12-06, the machine above, about 17 minutes of one core).
[lr-edge-check-tanh-N64.md](lr-edge-check-tanh-N64.md) does it for orthogonal at tanh, N = 64, L = 100,
K = 1000 (`--setting tanh,64,100,1000 --methods orthogonal --threads 1`, 2026-12-07, the machine above
while another training ran, about 110 minutes of one core; He was started after it and stopped unfinished).

A record's time is the CPU time of its part, every thread together (core-minutes, the same whatever
`--threads` was). Records and checkpoints written before 2026-12-07 hold the wall time of their one thread,
two parts at a time on two cores, which is the same up to the minutes a part waited for its core.

| part | setting | record | core-minutes |
| --- | --- | --- | --- |
""" + "\n".join(rows) + f"\n\nTotal: {hours:.2f} core-hours.\n" + waiting
    readme.write_text(text[:start] + section)
    print(f"{readme}: {len(records)} parts, {hours:.2f} core-hours")
    return 0


if __name__ == "__main__":
    sys.exit(main())
