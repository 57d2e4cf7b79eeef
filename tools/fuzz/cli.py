"""The fuzzer's command line: discover, plan, run, minimize, check the properties, report.

    python3 tools/fuzz --binary PATH [--count N] [--seed K] [--jobs J] [--report FILE]
                       [--differential N] [--timeout S] [--list] ...

The exit status is 0 when no oracle and no property failed, 1 otherwise.
"""

import argparse
import os
import random
import sys
import tempfile
import time

from . import differential, generators, report, runner, surface as surface_module
from .sandbox import plain_runner, remove_tree

DEFAULT_SEED = 20260223


def parse_args(argv):
    """The fuzzer's own options."""
    parser = argparse.ArgumentParser(prog="python3 tools/fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the lyapsim executable to fuzz")
    parser.add_argument("--count", type=int, default=10000, help="single invocations to run (default 10000)")
    parser.add_argument("--differential", type=int, default=200, metavar="N",
                        help="differential cases (shards, threads, checkpoints) to run (default 200)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel invocations")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per invocation (default 20)")
    parser.add_argument("--slow-timeout", type=float, default=300.0,
                        help="seconds for full runs of slow subcommands and slow tables (default 300)")
    parser.add_argument("--slow-probes", action="store_true",
                        help="also run each slow subcommand once in full (regenerate: minutes)")
    parser.add_argument("--report", help="write a JSON report here")
    parser.add_argument("--examples", type=int, default=3, help="minimized examples per failure class")
    parser.add_argument("--list", action="store_true", help="print the planned command lines and stop")
    parser.add_argument("--keep", action="store_true", help="keep every sandbox")
    parser.add_argument("--backtraces", action="store_true",
                        help="leave Swift's crash backtracer on (slow; off by default)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--only-command", metavar="NAME",
                        help="plan single invocations of this subcommand only (e.g. train)")
    return parser.parse_args(argv)


def main(argv=None):
    """Run a campaign; 0 if nothing failed, 1 otherwise."""
    args = parse_args(argv)
    binary = os.path.abspath(args.binary)
    surface = surface_module.discover(binary, plain_runner(args.timeout))
    if not surface.commands:
        sys.exit(f"fuzz: no subcommands in `{binary} --experimental-dump-help`")
    planned_surface = surface
    if args.only_command:
        planned = [c for c in surface.commands if c.words[:1] == [args.only_command]]
        if not planned:
            sys.exit(f"fuzz: no subcommand {args.only_command!r} in `{binary} --experimental-dump-help`")
        planned_surface = surface_module.Surface(planned, surface.listings, surface.refused, surface.described)
    is_root = os.geteuid() == 0
    fixed, random_cases, derived_count, gen = generators.plan(planned_surface, args.seed, args.count, is_root,
                                                             args.slow_probes)
    planned_cases = (fixed + random_cases)[:args.count]
    next_index = [len(planned_cases)]
    derived_left = [args.count - len(planned_cases)]
    derive_rand = random.Random(args.seed + 1)
    ensembles = tuple(surface.listings.get("ensemble", ()))

    def derive(probe, result):
        """Collision cases from a finished probe, topped up with random ones to keep the count."""
        learned = probe.learned if result.outcome.status == 0 and probe.learned else {}
        wanted = (1 if probe.slow else 4) * len(probe.probe)
        cases = generators.collision_cases(probe, learned, next_index[0], derive_rand)[:wanted]
        filler = generators.Generator(planned_surface, args.seed + 2 + probe.index, wanted, is_root)
        while len(cases) < wanted:
            cases.append(filler.make_case(next_index[0] + len(cases)))
        cases = cases[:max(0, derived_left[0])]
        next_index[0] += len(cases)
        derived_left[0] -= len(cases)
        return cases

    if args.list:
        for case in planned_cases:
            print(f"{case.index:5d} {case.kind:<18} {case.expect:<6} {report.command_line(binary, case.argv)}")
        print(f"(+{derived_count} collision cases planned from the probes' outputs)")
        return 0
    if not args.quiet:
        shardable = [" ".join(c.words) for c in surface.commands if c.option("shard")]
        print(f"fuzzing {binary}: {len(surface.commands)} subcommands, {args.count} invocations, "
              f"{args.differential} differential cases of {', '.join(shardable) or 'none'}, {args.jobs} jobs",
              file=sys.stderr, flush=True)
    started = time.monotonic()
    workroot = tempfile.mkdtemp(prefix="lyapsim-fuzz-")
    failed = False
    try:
        results = runner.run_all(binary, planned_cases, derive, workroot, args, ensembles) if args.count > 0 else {}
        single_seconds = time.monotonic() - started
        by_class, examples, extra = runner.pick_examples(binary, results, workroot, args, ensembles,
                                                         gen.expect_argv)
        diff_started = time.monotonic()
        progress = None if args.quiet else \
            (lambda n: print(f"  {n} differential cases, {time.monotonic() - diff_started:.0f} s",
                             file=sys.stderr, flush=True))
        diff_cases = differential.run_differential(binary, surface, workroot, args.differential, args.seed,
                                                   args.timeout, args.jobs, args.backtraces, progress)
        diff_seconds = time.monotonic() - diff_started
    finally:
        if not args.keep:
            remove_tree(workroot)
    counts = differential.tally(diff_cases)
    if args.count > 0:
        report.print_singles(binary, results, by_class, examples, single_seconds, extra, surface, args)
        failed = bool(by_class)
    if args.differential > 0:
        report.print_differential(diff_cases, counts, diff_seconds, differential.PROPERTIES)
        failed = failed or any(c["fail"] for c in counts.values())
    print(f"\ntotal time {time.monotonic() - started:.1f} s")
    if args.report:
        report.write_report(args.report, binary, results, by_class, examples, single_seconds, surface, args,
                            diff_cases, counts)
    return 1 if failed else 0
