#!/usr/bin/env python3
"""Rewrites the T16 section of results/full/README.md from the part records there.

The section (from the line starting "T16's full profile" to the end of the file)
lists every computed part of the full Fashion-MNIST table with its setting and
the wall time its record holds, so the list cannot disagree with the records.
The profile's cost is read from the rendered table's notes, the one place the
code states it.

    python3 tools/full_parts_readme.py --dates "2026-12-05 to 2026-12-06"
"""
import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FULL = ROOT / "results" / "full"
MARK = "T16's full profile"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", required=True, help="when the parts were computed, as the README should say it")
    args = parser.parse_args()

    readme = FULL / "README.md"
    text = readme.read_text()
    start = text.find(MARK)
    if start < 0:
        sys.exit(f"{readme}: no line starting {MARK!r}")

    table = (FULL / "T16-fashion-mnist.md").read_text()
    cost = re.search(r"about (\d+) core-hours at the measured rate", table)
    total_parts = re.search(r"of the profile's (\d+) settings", table)
    if not cost or not total_parts:
        sys.exit("results/full/T16-fashion-mnist.md: no cost or settings count in its notes (render it first)")

    records = []
    for path in FULL.glob("T16.part-*.record"):
        record = json.loads(path.read_text())
        records.append((record["part"], record["label"], path.name, record["seconds"]))
    records.sort()
    if not records:
        sys.exit("results/full: no T16 part records")

    rows = [f"| {k} | {label} | [{name}]({name}) | {seconds / 60:.1f} min |" for k, label, name, seconds in records]
    hours = sum(r[3] for r in records) / 3600
    section = f"""{MARK} (Fashion-MNIST, about {cost.group(1)} core-hours at the measured rate) is built in parts, one per
setting ([docs/fashion-mnist.md](../../docs/fashion-mnist.md#the-full-profile)). {len(records)} of its {total_parts.group(1)} parts are
computed so far, on the 2-core machine above, two parts at a time on one thread each (GNU parallel,
{args.dates}):

    lyapsim tables --profile full --only T16 --part K --threads 1 --save results/full/T16.part-K.record
    lyapsim tables --profile full --only T16 --tables-from results/full --partial --out results/full

[T16](T16-fashion-mnist.md) ([csv](T16-fashion-mnist.csv)) renders the parts present; `FullProfileTests`
renders it again from the parts and rebuilds runs 0 and 1 of two of its rows with `lyapsim train`, bit for bit.
This list is written from the records by `python3 tools/full_parts_readme.py`.

| part | setting | record | wall time (one thread) |
| --- | --- | --- | --- |
""" + "\n".join(rows) + f"\n\nTotal: {hours:.2f} hours of one core.\n"
    readme.write_text(text[:start] + section)
    print(f"{readme}: {len(records)} parts, {hours:.2f} core-hours")
    return 0


if __name__ == "__main__":
    sys.exit(main())
