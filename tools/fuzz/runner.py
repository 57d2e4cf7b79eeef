"""Running the planned single invocations, and shrinking the failing ones.

Cases run on a small thread pool (each one a separate process in its own sandbox).
Probes run first, because the collision cases are derived from what they wrote. A
failing case is then minimized: arguments are dropped or simplified while the same
failure class reproduces, so the report shows short command lines.
"""

import concurrent.futures
import os
import re
import sys
import time
from collections import deque
from dataclasses import dataclass, field

from . import oracle
from .option_values import KNOWN
from .generators import Case
from .sandbox import Outcome, Sandbox, make_fixtures, snapshot, changed


@dataclass
class Result:
    """One invocation and what the oracles said about it."""
    case: Case
    outcome: Outcome
    left_behind: list = field(default_factory=list)
    verdicts: list = field(default_factory=list)

    @property
    def findings(self):
        """[(failure class, detail)] of the oracles that failed."""
        return [(v.what, v.detail) for v in self.verdicts if not v.passed]

    # Shortcuts used by the report.
    @property
    def stdout(self):
        return self.outcome.stdout

    @property
    def stderr(self):
        return self.outcome.stderr

    @property
    def seconds(self):
        return self.outcome.seconds


def learn_outputs(root, probe):
    """{flag: [(relative path, kind, mtime)]} of what a probe wrote into each of its folders."""
    learned = {}
    for flag, folder in probe.items():
        entries = [(rel, kind, mtime) for rel, (kind, _, mtime) in snapshot(os.path.join(root, folder)).items()]
        for rel, kind, _ in list(entries):
            if kind == "dir":
                newest = max((m for r, k, m in entries if r.startswith(rel + os.sep)), default=0)
                entries = [(r, k, newest if r == rel else m) for r, k, m in entries]
        learned[flag] = entries
    return learned


def execute(binary, case, workroot, timeout, backtraces=False, keep=False, ensembles=()):
    """Run one case in a fresh sandbox and return its judged Result."""
    box = Sandbox(workroot, prefix=f"c{case.index:05d}-", backtraces=backtraces)
    make_fixtures(box.root, case.fixtures)
    before = snapshot(box.root)
    outcome = box.run(binary, case.argv, timeout)
    left = changed(before, snapshot(box.root))
    if case.probe is not None and outcome.status == 0:
        case.learned = learn_outputs(box.root, case.probe)
    if not keep:
        box.remove()
    result = Result(case=case, outcome=outcome, left_behind=left)
    result.verdicts = oracle.judge(case.argv, case.expect, case.target, outcome, left, ensembles)
    return result


def time_limit(case, args):
    """Seconds one case may take: the slow timeout for full runs of slow subcommands."""
    if case.slow:
        return args.slow_timeout
    return args.timeout * (3 if case.heavy else 1)


def run_all(binary, planned, derive, workroot, args, ensembles=()):
    """Run the cases; probes first, and their collision cases right after them.
    derive(probe case, its Result) returns the cases to run once that probe has finished.
    Returns {index: Result}."""
    pending = deque(sorted(planned, key=lambda c: (c.probe is None, not c.slow, c.index)))
    results, in_flight, done, started = {}, {}, 0, time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        while pending or in_flight:
            while pending and len(in_flight) < 2 * args.jobs:
                case = pending.popleft()
                future = pool.submit(execute, binary, case, workroot, time_limit(case, args),
                                     args.backtraces, args.keep, ensembles)
                in_flight[future] = case
            finished, _ = concurrent.futures.wait(in_flight, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                case = in_flight.pop(future)
                results[case.index] = future.result()
                done += 1
                if case.probe is not None:
                    pending.extendleft(reversed(derive(case, results[case.index])))
                if not args.quiet and done % 1000 == 0:
                    print(f"  {done} invocations, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return results


def minimize(binary, result, failure, workroot, args, ensembles=(), model=None):
    """Drop and simplify arguments while the failure class still reproduces.
    Units the case's expectation depends on (the mutated option, required options) stay, and
    so does what model(argv) expects ("ok", "refuse" ...): a valid command line shortened into
    an invalid one would "reproduce" a refusal for the wrong reason.
    Returns the smallest reproducing Result and the number of reruns it took."""
    best, runs = result, 0
    if result.outcome.timed_out or result.seconds > 5 or result.case.slow:
        return best, runs
    limit = min(args.timeout, max(2.0, 5 * result.seconds))
    judged = model(result.case.argv) if model else None

    def attempt(units):
        """Run a variant of the case; return its Result if the failure reproduces, else None."""
        nonlocal runs
        if judged is not None and model([t for u in units for t in u]) != judged:
            return None
        runs += 1
        trial = Case(index=best.case.index, units=units, expect=best.case.expect, kind=best.case.kind,
                     target=best.case.target, fixtures=best.case.fixtures, heavy=best.case.heavy)
        outcome = execute(binary, trial, workroot, limit, args.backtraces, ensembles=ensembles)
        return outcome if failure in [f for f, _ in outcome.findings] else None

    i = len(best.case.units) - 1
    while i >= 1 and runs < 40:
        case = best.case
        if i not in case.pinned and i not in case.keep_required:
            found = attempt(case.units[:i] + case.units[i + 1:])
            if found:
                found.case.pinned = {p - (p > i) for p in case.pinned if p != i}
                found.case.keep_required = {p - (p > i) for p in case.keep_required if p != i}
                best = found
        i -= 1
    for i, unit in enumerate(best.case.units):
        if i == 0 or i in best.case.pinned or runs >= 60 or result.case.heavy:
            continue
        flag = unit[0].split("=")[0]
        known = KNOWN.get(flag.lstrip("-"))
        if not known or not known.simple:
            continue
        simpler = [flag, known.simple]
        if unit == simpler:
            continue
        units = [list(u) for u in best.case.units]
        units[i] = simpler
        found = attempt(units)
        if found:
            found.case.pinned, found.case.keep_required = best.case.pinned, best.case.keep_required
            best = found
    return best, runs


def fingerprint(failure, result):
    """What makes two examples of one failure class different enough to show both."""
    first = result.stderr.splitlines()[0] if result.stderr.strip() else ""
    detail = next((d for f, d in result.findings if f == failure), "")
    shape = [re.sub(r"'[^']*'", "'…'", re.sub(r"[0-9][0-9.e+-]*", "N", text))[:60]
             for text in (first, detail)]
    words = [t for t in result.case.argv if re.fullmatch(r"[a-z][a-z0-9+_]*", t)]
    return (failure, tuple(words), *shape)


def pick_examples(binary, results, workroot, args, ensembles=(), model=None):
    """Up to args.examples minimized, distinct examples per failure class.
    Returns ({class: [results]}, {class: [minimized results]}, reruns made)."""
    by_class = {}
    for result in sorted(results.values(), key=lambda r: (len(r.case.argv),
                                                         len(" ".join(r.case.argv)), r.case.index)):
        for failure, _ in result.findings:
            by_class.setdefault(failure, []).append(result)
    examples, total = {}, 0

    def one_class(failure):
        """Minimize candidates of one class until enough distinct examples are found."""
        chosen, seen, tried, reruns = [], set(), set(), 0
        for candidate in by_class[failure]:
            if len(tried) >= 4 * args.examples:
                break
            if fingerprint(failure, candidate) in tried:
                continue
            tried.add(fingerprint(failure, candidate))
            small, runs = minimize(binary, candidate, failure, workroot, args, ensembles, model)
            reruns += runs
            key = fingerprint(failure, small)
            if key in seen:
                continue
            seen.add(key)
            chosen.append(small)
            if len(chosen) >= args.examples:
                break
        return failure, chosen, reruns

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for failure, chosen, reruns in pool.map(one_class, sorted(by_class)):
            examples[failure] = chosen
            total += reruns
    return by_class, examples, total
