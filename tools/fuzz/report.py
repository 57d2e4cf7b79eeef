"""The printed summary and the JSON report of a campaign.

Every failure is shown as a command line that reproduces it when pasted into a shell in
an empty directory (with the setup the case needed, e.g. "afile is a file").
"""

import json
import re
from collections import Counter

from .oracle import ORACLES


def shell_quote(arg):
    """Quote one argument for a POSIX shell; bash $'...' for control characters."""
    if arg and re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", arg):
        return arg
    if all(c.isprintable() for c in arg):
        return "'" + arg.replace("'", "'\\''") + "'"
    escaped = "".join(c if c.isprintable() and c not in "'\\" else
                      "\\n" if c == "\n" else "\\t" if c == "\t" else
                      "\\'" if c == "'" else "\\\\" if c == "\\" else f"\\u{ord(c):04x}"
                      for c in arg)
    return "$'" + escaped + "'"


def command_line(binary, argv):
    """The exact command line, quoted for a shell."""
    return " ".join(shell_quote(a) for a in [binary] + list(argv))


def oracle_counts(results):
    """{oracle: (runs checked, runs failed)} over single-run results."""
    checked, failed = Counter(), Counter()
    for result in results.values():
        seen_fail = set()
        for verdict in result.verdicts:
            checked[verdict.oracle] += 1
            if not verdict.passed and verdict.oracle not in seen_fail:
                failed[verdict.oracle] += 1
                seen_fail.add(verdict.oracle)
    return {name: (checked[name], failed[name]) for name in ORACLES}


def time_by_subcommand(results, surface):
    """{subcommand: seconds spent running it}, largest first; anything else is "(other)"."""
    names = {c.words[0] for c in surface.commands}
    spent = Counter()
    for result in results.values():
        first = result.case.argv[0] if result.case.argv else ""
        spent[first if first in names else "(other)"] += result.seconds
    return {k: round(v, 1) for k, v in spent.most_common()}


def example_record(binary, failure, result):
    """A JSON-ready description of one example."""
    detail = next((d for f, d in result.findings if f == failure), "")
    return {"command": command_line(binary, result.case.argv), "argv": result.case.argv,
            "outcome": result.outcome.label(), "detail": detail,
            "setup": dict(result.case.fixtures),
            "stderr_head": result.stderr.splitlines()[:3], "stdout_head": result.stdout.splitlines()[:3],
            "seconds": round(result.seconds, 3)}


def print_singles(binary, results, by_class, examples, seconds, extra_runs, surface, args):
    """Print the summary of the single invocations."""
    outcomes = Counter(r.outcome.label() for r in results.values())
    failing = [r for r in results.values() if r.findings]
    print(f"\nlyapsim fuzz: {len(results)} invocations of {binary} in {seconds:.1f} s "
          f"(seed {args.seed}, {args.jobs} jobs, +{extra_runs} minimization reruns)")
    print("subcommands: " + ", ".join(" ".join(c.words) + f" ({len(c.options)} options)" for c in surface.commands))
    print("exit status: " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items(), key=lambda kv: (
        not kv[0].isdigit(), int(kv[0]) if kv[0].isdigit() else 0, kv[0]))))
    print("expected: " + ", ".join(f"{k}: {v}" for k, v in sorted(Counter(r.case.expect for r in results.values()).items())))
    print("seconds by subcommand: " + ", ".join(f"{k} {v}" for k, v in time_by_subcommand(results, surface).items()))
    print("\noracle                 checked   failed   promise")
    for name, (checked, failed) in oracle_counts(results).items():
        print(f"  {name:<20} {checked:>7}  {failed:>7}   {ORACLES[name]}")
    print(f"\nfailing invocations: {len(failing)}; failure classes: {len(by_class)}")
    width = max([len(f) for f in by_class] + [10])
    for failure in sorted(by_class, key=lambda f: -len(by_class[f])):
        print(f"  {failure:<{width}}  {len(by_class[failure])}")
    for failure in sorted(by_class, key=lambda f: -len(by_class[f])):
        print(f"\n[{failure}] {len(by_class[failure])} invocations")
        for result in examples.get(failure, []):
            record = example_record(binary, failure, result)
            print(f"  $ {record['command']}")
            if record["setup"]:
                print("    setup in the empty working directory: " + ", ".join(
                    f"{shell_quote(p)} is a {k}" for p, k in sorted(record["setup"].items())))
            print(f"    exit: {record['outcome']}" + (f"; {record['detail']}" if record["detail"] else ""))
            for line in record["stderr_head"]:
                print(f"    stderr: {line[:160]}")


def print_differential(cases, counts, seconds, properties):
    """Print the summary of the differential properties."""
    commands = sorted({" ".join(c.command) for c in cases})
    discarded = sum(c.discarded for c in cases)
    print(f"\ndifferential: {len(cases)} cases of {', '.join(commands) or 'no command with --shard'} "
          f"in {seconds:.1f} s ({discarded} candidate invocations refused by the binary and replaced)")
    print("property              pass   fail   skip   promise")
    for prop, c in counts.items():
        print(f"  {prop:<19} {c['pass']:>5}  {c['fail']:>5}  {c['skip']:>5}   {properties[prop]}")
    skips = Counter((check.prop, check.detail) for case in cases for check in case.checks if check.status == "skip")
    if skips:
        print("skipped because: " + "; ".join(f"{p}: {d} ({n})" for (p, d), n in skips.most_common(8)))
    shown = Counter()
    for case in cases:
        for check in case.checks:
            if check.status != "fail":
                continue
            shown[check.prop] += 1
            if shown[check.prop] > 5:
                continue
            print(f"\n[{check.prop}] case {case.index}: {check.detail}")
            for line in check.commands:
                print(f"  $ {line}")
    for prop, n in shown.items():
        if n > 5:
            print(f"\n[{prop}] ... and {n - 5} more failures (see the JSON report)")


def write_report(path, binary, results, by_class, examples, seconds, surface, args, diff_cases=(),
                 diff_counts=None):
    """Write the machine-readable report."""
    outcomes = Counter(r.outcome.label() for r in results.values())
    report = {
        "binary": binary, "seed": args.seed, "count": len(results), "jobs": args.jobs,
        "timeout": args.timeout, "seconds": round(seconds, 1),
        "surface": [{"command": c.words, "groups": c.groups, "options": [
            {"flag": o.flag, "kind": o.kind, "required": o.required, "values": o.values,
             "refused": o.refused, "default": o.default, "low": o.low, "high": o.high,
             "accepted_by": o.accepted_by} for o in c.options]} for c in surface.commands],
        "exit_status_counts": dict(sorted(outcomes.items())),
        "oracles": {name: {"checked": c, "failed": f} for name, (c, f) in oracle_counts(results).items()},
        "failure_counts": {f: len(v) for f, v in sorted(by_class.items())},
        "seconds_by_subcommand": time_by_subcommand(results, surface),
        "slowest": [{"seconds": round(r.seconds, 2), "command": command_line(binary, r.case.argv)}
                    for r in sorted(results.values(), key=lambda r: -r.seconds)[:15]],
        "examples": {f: [example_record(binary, f, r) for r in ex] for f, ex in sorted(examples.items())},
        "failures": [{"index": r.case.index, "argv": r.case.argv, "kind": r.case.kind,
                      "expect": r.case.expect, "outcome": r.outcome.label(), "setup": r.case.fixtures,
                      "classes": [f for f, _ in r.findings], "details": [d for _, d in r.findings],
                      "stderr_head": r.stderr.splitlines()[:2]}
                     for r in sorted(results.values(), key=lambda r: r.case.index) if r.findings],
        "differential": {
            "properties": diff_counts or {},
            "cases": [{"index": c.index, "command": c.command, "args": c.args, "discarded": c.discarded,
                       "checks": [{"property": k.prop, "status": k.status, "detail": k.detail,
                                   "commands": k.commands} for k in c.checks]} for c in diff_cases],
        },
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
