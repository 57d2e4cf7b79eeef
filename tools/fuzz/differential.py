"""Differential properties: what several runs of one small invocation must agree on.

A single run can look perfect and still be wrong: two runs with a different --noise that
shared one checkpoint once printed the first run's numbers, and each run alone passed
every oracle. These properties compare runs with each other instead, for every
subcommand whose dump-help declares --shard (so a subcommand that gains --shard, --save
and --checkpoint is checked with no edit here):

  shards-merge         --shard k/N --save f_k for every k, then `merge f_0 ... f_N-1`,
                       prints the unsharded run's bytes, in every --format
  threads              --threads 1 and --threads 2 print the same bytes
  checkpoint-resume    a run with --checkpoint stopped after k samples, then run again,
                       prints the uninterrupted run's bytes
  checkpoint-identity  the checkpoint of one run given to a run with one identity-relevant
                       option changed is refused (exit 64, one line naming --checkpoint, the
                       file untouched) or the changed run prints its own fresh output; never
                       the first run's numbers

Runs are interrupted at an exact point through the binary's test hook
LYAPSIM_TEST_STOP_AFTER=k (Sources/LyapsimRuns/StopRequest.swift): the run stops as
SIGINT would once k samples are done, saves the checkpoint and exits 130.
Each property ends in pass, fail or skip (skip: the invocation does not have what the
property needs, or the binary refused a variant it may refuse).
"""

import concurrent.futures
import random
import shutil
from dataclasses import dataclass, field

from . import rules
from .option_values import ARCH_FILES, OUTPUT_ONLY
from .parsing import integer
from .generators import Generator
from .report import command_line
from .sandbox import Sandbox, make_fixtures

STOP_AFTER = "LYAPSIM_TEST_STOP_AFTER"
INTERRUPTED_EXIT = 130          # 128 + SIGINT
PROPERTIES = {
    "shards-merge": "shards joined by merge print the unsharded run's bytes (every format)",
    "threads": "--threads 1 and --threads 2 print the same bytes",
    "checkpoint-resume": "stopped after k samples and resumed, a run prints the uninterrupted bytes",
    "checkpoint-identity": "a checkpoint reused by a changed command is refused or ignored, never reused",
}
# Sizes small enough that every run of a case takes well under a second.
TINY = {"width": (1, 4), "depth": (1, 12), "samples": (2, 12), "replications": (2, 3), "inputs": (1, 3),
        "target-depth": (1, 5), "repeats": (1, 1), "exponents": (1, 2), "steps": (1, 5), "runs": (1, 3),
        "batch": (1, 8)}


@dataclass
class Check:
    """The verdict of one property on one case."""
    prop: str
    status: str                # "pass", "fail" or "skip"
    detail: str = ""
    commands: list = field(default_factory=list)   # the command lines to reproduce it


@dataclass
class DiffCase:
    """One small valid invocation and the checks made with it."""
    index: int
    command: list              # the subcommand's words
    args: list                 # its options, without output-only ones
    checks: list = field(default_factory=list)
    discarded: int = 0         # candidates the binary refused before this one


# ---------------------------------------------------------------------------
# Comparators: pure functions of the runs' outcomes (tested without the binary).


def first_difference(expected, got):
    """Where two outputs first differ, as a short text; None when they are equal."""
    if expected == got:
        return None
    a, b = expected.splitlines(), got.splitlines()
    for i in range(max(len(a), len(b))):
        left = a[i] if i < len(a) else "<end>"
        right = b[i] if i < len(b) else "<end>"
        if left != right:
            return f"line {i + 1}: expected {left[:120]!r}, got {right[:120]!r}"
    return "outputs differ in trailing whitespace or line endings"


def succeeded(outcome):
    """Did the run exit 0 (and not time out)?"""
    return outcome.status == 0 and not outcome.timed_out


def describe(outcome):
    """Exit status and first stderr line, for a detail text."""
    lines = outcome.stderr.strip().splitlines()
    return f"exit {outcome.label()}" + (f": {lines[0][:160]}" if lines else "")


def judge_shards(shard_runs, merges, fresh):
    """shards-merge. shard_runs: [Outcome]; merges and fresh: {format: Outcome}.
    Returns (status, detail)."""
    for k, run in enumerate(shard_runs):
        if run.status == 64:
            return "skip", f"shard {k} refused: {describe(run)}"
        if not succeeded(run):
            return "fail", f"shard {k} failed: {describe(run)}"
    for fmt, merged in merges.items():
        if not succeeded(merged):
            return "fail", f"merge ({fmt}) failed: {describe(merged)}"
        diff = first_difference(fresh[fmt].stdout, merged.stdout)
        if diff:
            return "fail", f"merge ({fmt}) differs from the unsharded run: {diff}"
    return "pass", ""


def judge_threads(runs):
    """threads. runs: {threads label: Outcome}; all must succeed and print the same bytes."""
    labels = list(runs)
    for label in labels:
        if not succeeded(runs[label]):
            return "fail", f"--threads {label} failed: {describe(runs[label])}"
    for label in labels[1:]:
        diff = first_difference(runs[labels[0]].stdout, runs[label].stdout)
        if diff:
            return "fail", f"--threads {labels[0]} and --threads {label} differ: {diff}"
    return "pass", ""


def judge_resume(stops, resumed, fresh):
    """checkpoint-resume. stops: [Outcome] of the interrupted runs, in order; resumed: the run
    after them; fresh: the uninterrupted run."""
    if not stops or stops[0].status == 0:
        return "skip", "the run finished before the interruption"
    for i, stop in enumerate(stops):
        if stop.status == 0:
            break      # a later stop point past the end: the run finished and printed
        if stop.status != INTERRUPTED_EXIT:
            return "fail", f"interrupted run {i + 1} should exit {INTERRUPTED_EXIT}: {describe(stop)}"
        if stop.stdout.strip():
            return "fail", f"interrupted run {i + 1} printed on stdout: {stop.stdout.strip()[:120]!r}"
        if len(stop.stderr.strip().splitlines()) != 1:
            return "fail", f"interrupted run {i + 1} printed {len(stop.stderr.strip().splitlines())} lines on stderr"
    if not succeeded(resumed):
        return "fail", f"resumed run failed: {describe(resumed)}"
    diff = first_difference(fresh.stdout, resumed.stdout)
    return ("fail", f"resumed run differs from the uninterrupted one: {diff}") if diff else ("pass", "")


def judge_identity(reused, fresh_first, fresh_changed, file_before=None, file_after=None):
    """checkpoint-identity. reused: the changed command run with the first run's checkpoint;
    fresh_first, fresh_changed: both commands run without a checkpoint; file_before/after: the
    checkpoint's bytes around the reuse (a refusal must leave it as it was)."""
    lines = reused.stderr.strip().splitlines()
    if reused.status == 64:
        if len(lines) != 1 or "--checkpoint" not in lines[0]:
            return "fail", f"refused, but not in one line naming --checkpoint: {reused.stderr.strip()[:200]!r}"
        if file_before is not None and file_before != file_after:
            return "fail", "refused, but the checkpoint file was changed"
        return "pass", "refused"
    if not succeeded(reused):
        return "fail", f"reusing the checkpoint failed: {describe(reused)}"
    if reused.stdout == fresh_changed.stdout:
        return "pass", "same as a fresh run of the changed command"
    if reused.stdout == fresh_first.stdout and fresh_first.stdout != fresh_changed.stdout:
        return "fail", "printed the first run's numbers instead of the changed command's"
    return "fail", "printed neither fresh run's output (the first run's samples mixed in?): " + \
        (first_difference(fresh_changed.stdout, reused.stdout) or "")


# ---------------------------------------------------------------------------
# Planning small invocations.


def output_only(opt):
    """Options that never change the numbers (or that name files the properties choose)."""
    return opt.name in OUTPUT_ONLY or opt.kind in ("file", "path", "indir") or \
        opt.name.startswith("save")


def shrink(cmd, values, rand):
    """Tiny sizes: every size option given a small value, so each run takes milliseconds."""
    for name, (low, high) in TINY.items():
        opt = cmd.option(name)
        if not opt or (name == "depth" and not rules.shape_given(values)):
            continue
        current = integer(values, name)
        if current is None or not low <= current <= high or name in ("depth", "samples"):
            values[name] = str(rand.randint(low, high))
    if "widths" in values:
        values["widths"] = ",".join(str(min(int(w), 4)) if w.isdigit() else w for w in values["widths"].split(","))
    if "exponents" in values and integer(values, "width") is not None:
        values["exponents"] = str(min(int(values["exponents"]), int(values["width"])))
    if "burn-in" in values and integer(values, "depth") is not None:
        values["burn-in"] = str(min(integer(values, "burn-in") or 0, int(values["depth"]) - 1))
    return values


def expected(gen, cmd, values):
    """What the single-run model expects of values: "ok", "refuse" or "any"."""
    return gen.expect_values(cmd, values)


def small_values(gen, cmd, rand):
    """{option: text} of a small invocation the model expects to succeed, or None."""
    for _ in range(60):
        values = {n: t for n, t in gen.typical_values(cmd).items() if not output_only(cmd.option(n))}
        gen.harmonize_any(cmd, values)
        values = {n: t for n, t in values.items() if not output_only(cmd.option(n))}
        shrink(cmd, values, rand)
        if expected(gen, cmd, values) == "ok":
            return values
    return None


def render(cmd, values):
    """Arguments (after the subcommand) for values, in help order."""
    args = []
    for opt in cmd.options:
        if opt.name in values:
            args += [values[opt.name]] if opt.positional else [opt.flag, values[opt.name]]
    return args


def identity_change(gen, cmd, values, rand):
    """A copy of values with one identity-relevant option changed (given another valid value,
    added, or left out), and that option's name; None when no change the model expects to be
    valid is found. Output-only options (OUTPUT_ONLY) are never picked."""
    candidates = [o for o in cmd.options if not o.positional and not output_only(o)
                  and o.kind not in ("flag", "input", "list")]
    for _ in range(60):
        opt = rand.choice(candidates)
        changed = dict(values)
        if opt.name in values and not opt.required and rand.random() < 0.2:
            del changed[opt.name]
        elif opt.name in TINY:
            low, high = TINY[opt.name]
            changed[opt.name] = str(rand.randint(low, high))
        else:
            changed[opt.name] = gen.typical(opt)
        before, after = values.get(opt.name, opt.default), changed.get(opt.name, opt.default)
        if before != after and expected(gen, cmd, changed) == "ok":
            return changed, opt.name
    return None


# ---------------------------------------------------------------------------
# Running the properties.


class Runner:
    """Runs the differential cases of one campaign."""

    def __init__(self, binary, surface, workroot, timeout, seed, backtraces=False):
        self.binary = binary
        self.surface = surface
        self.workroot = workroot
        self.timeout = timeout
        self.seed = seed
        self.backtraces = backtraces
        self.merge = surface.command("merge")

    def commands(self):
        """The subcommands the properties apply to: those that declare --shard."""
        return [c for c in self.surface.commands if c.option("shard")]

    def shell(self, args, env=None):
        """A command line to paste into a shell (in an empty directory)."""
        prefix = " ".join(f"{k}={v}" for k, v in (env or {}).items())
        return (prefix + " " if prefix else "") + command_line(self.binary, args)

    def formats(self, cmd):
        """The --format values to compare, default first; [None] without --format."""
        opt = cmd.option("format")
        if not opt or not opt.values:
            return [None]
        return sorted(opt.values, key=lambda v: v != opt.default)

    def with_format(self, cmd, args, fmt):
        """args asking for format fmt (nothing added for the default)."""
        opt = cmd.option("format")
        return list(args) if fmt is None or (opt and fmt == opt.default) else list(args) + ["--format", fmt]

    def run_case(self, index, cmd):
        """Plan and check one case; returns a DiffCase."""
        rand = random.Random(self.seed * 1000003 + index)
        gen = Generator(self.surface, self.seed * 1000003 + index, 1, harmonize=1.0)
        gen.rand = rand
        box = Sandbox(self.workroot, prefix=f"d{index:04d}-", backtraces=self.backtraces)
        try:
            make_fixtures(box.root, {name: "content:" + name for name in ARCH_FILES})
            discarded = 0
            for _ in range(20):
                values = small_values(gen, cmd, rand)
                if values is None:
                    break
                base = list(cmd.words) + render(cmd, values)
                fresh = {fmt: box.run(self.binary, self.with_format(cmd, base, fmt), self.timeout)
                         for fmt in self.formats(cmd)}
                if all(succeeded(o) for o in fresh.values()):
                    break
                discarded += 1
            else:
                values = None
            case = DiffCase(index=index, command=list(cmd.words), args=base[len(cmd.words):] if values else [],
                            discarded=discarded)
            if values is None:
                case.checks = [Check(p, "skip", "no small valid invocation found") for p in PROPERTIES]
                return case
            case.checks.append(self.shards(box, cmd, values, base, fresh, rand))
            case.checks.append(self.threads(box, cmd, base, fresh, rand))
            case.checks.append(self.resume(box, cmd, values, base, fresh, rand))
            case.checks.append(self.identity(box, gen, cmd, values, base, fresh, rand))
            return case
        finally:
            box.remove()

    def shards(self, box, cmd, values, base, fresh, rand):
        """shards-merge on one case."""
        if not (cmd.option("save") and self.merge):
            return Check("shards-merge", "skip", "no --save option or no merge subcommand")
        samples = integer(values, "samples", 2) or 2
        count = rand.randint(2, max(2, min(4, samples)))
        lines, shard_runs, files = [], [], []
        for k in range(count):
            name = f"shard{k}of{count}.part"
            args = base + ["--shard", f"{k}/{count}", "--save", name]
            lines.append(self.shell(args))
            shard_runs.append(box.run(self.binary, args, self.timeout))
            files.append(name)
        order = files[:]
        rand.shuffle(order)
        merges = {}
        if all(succeeded(r) for r in shard_runs):
            for fmt in fresh:
                args = self.with_format(self.merge, list(self.merge.words) + order, fmt)
                lines.append(self.shell(args))
                merges[fmt] = box.run(self.binary, args, self.timeout)
        status, detail = judge_shards(shard_runs, merges, fresh)
        if status == "fail":
            lines.append("# compare with: " + self.shell(self.with_format(cmd, base, next(iter(fresh)))))
        return Check("shards-merge", status, detail, lines)

    def threads(self, box, cmd, base, fresh, rand):
        """threads on one case."""
        if not cmd.option("threads"):
            return Check("threads", "skip", "no --threads option")
        fmt = rand.choice(list(fresh))
        runs, lines = {}, []
        for count in ("1", "2"):
            args = self.with_format(cmd, base + ["--threads", count], fmt)
            lines.append(self.shell(args))
            runs[count] = box.run(self.binary, args, self.timeout)
        runs["default"] = fresh[fmt]
        status, detail = judge_threads(runs)
        return Check("threads", status, detail, lines)

    def interrupted(self, box, cmd, args, samples, rand, lines):
        """Run args with the stop hook at one or two increasing points; [Outcome]."""
        points = sorted(rand.sample(range(1, samples), min(samples - 1, rand.choice((1, 2))))) if samples > 1 else [1]
        stops = []
        for k in points:
            threads = ["--threads", rand.choice(("1", "2"))] if cmd.option("threads") else []
            env = {STOP_AFTER: str(k)}
            lines.append(self.shell(args + threads, env))
            stops.append(box.run(self.binary, args + threads, self.timeout, env))
            if stops[-1].status != INTERRUPTED_EXIT:
                break
        return stops

    def resume(self, box, cmd, values, base, fresh, rand):
        """checkpoint-resume on one case."""
        if not cmd.option("checkpoint"):
            return Check("checkpoint-resume", "skip", "no --checkpoint option")
        fmt = rand.choice(list(fresh))
        args = self.with_format(cmd, base, fmt) + ["--checkpoint", "resume.ckpt"]
        lines = []
        samples = integer(values, "samples", 2) or 2
        stops = self.interrupted(box, cmd, args, samples, rand, lines)
        lines.append(self.shell(args))
        resumed = box.run(self.binary, args, self.timeout)
        status, detail = judge_resume(stops, resumed, fresh[fmt])
        if status == "fail":
            lines.append("# compare with: " + self.shell(self.with_format(cmd, base, fmt)))
        return Check("checkpoint-resume", status, detail, lines)

    def identity(self, box, gen, cmd, values, base, fresh, rand):
        """checkpoint-identity on one case."""
        if not cmd.option("checkpoint"):
            return Check("checkpoint-identity", "skip", "no --checkpoint option")
        fmt = rand.choice(list(fresh))
        found = None
        # A change whose fresh output differs from the first run's tells reuse apart from a
        # fresh run; one that prints the same (a default given explicitly) is a last resort.
        for _ in range(8):
            change = identity_change(gen, cmd, values, rand)
            if change is None:
                break
            changed, name = change
            other = list(cmd.words) + render(cmd, changed)
            fresh_changed = box.run(self.binary, self.with_format(cmd, other, fmt), self.timeout)
            if succeeded(fresh_changed):
                found = (changed, name, other, fresh_changed)
                if fresh_changed.stdout != fresh[fmt].stdout:
                    break
        if found is None:
            return Check("checkpoint-identity", "skip", "no valid identity-relevant change found")
        changed, name, other, fresh_changed = found
        lines = [f"# changed option: --{name}"]
        first_args = self.with_format(cmd, base, fmt) + ["--checkpoint", "first.ckpt"]
        samples = integer(values, "samples", 2) or 2
        if rand.random() < 0.5 and samples > 1:
            stops = self.interrupted(box, cmd, first_args, samples, rand, lines)
            made = stops[-1]
        else:
            lines.append(self.shell(first_args))
            made = box.run(self.binary, first_args, self.timeout)
        if made.status not in (0, INTERRUPTED_EXIT):
            return Check("checkpoint-identity", "fail", f"the first run failed: {describe(made)}", lines)
        try:
            shutil.copyfile(box.path("first.ckpt"), box.path("reused.ckpt"))
        except OSError:
            return Check("checkpoint-identity", "skip", "the first run wrote no checkpoint file", lines)
        with open(box.path("reused.ckpt"), "rb") as handle:
            before = handle.read()
        lines.append("cp first.ckpt reused.ckpt")
        reuse_args = self.with_format(cmd, other, fmt) + ["--checkpoint", "reused.ckpt"]
        lines.append(self.shell(reuse_args))
        reused = box.run(self.binary, reuse_args, self.timeout)
        try:
            with open(box.path("reused.ckpt"), "rb") as handle:
                after = handle.read()
        except OSError:
            after = None
        status, detail = judge_identity(reused, fresh[fmt], fresh_changed, before, after)
        if fresh_changed.stdout == fresh[fmt].stdout:
            detail += " (both commands print the same)"
        if status == "fail":
            lines.append("# compare with: " + self.shell(self.with_format(cmd, other, fmt)))
        return Check("checkpoint-identity", status, f"--{name}: {detail}" if detail else f"--{name}", lines)


def run_differential(binary, surface, workroot, count, seed, timeout, jobs=1, backtraces=False, progress=None):
    """Run count differential cases (round robin over the commands that declare --shard).
    Returns [DiffCase]; empty when no command declares --shard."""
    runner = Runner(binary, surface, workroot, timeout, seed, backtraces)
    commands = runner.commands()
    if not commands or count <= 0:
        return []
    cases = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(runner.run_case, i, commands[i % len(commands)]) for i in range(count)]
        for done, future in enumerate(futures, 1):
            cases.append(future.result())
            if progress and done % 50 == 0:
                progress(done)
    return cases


def tally(cases):
    """{property: {"pass": n, "fail": n, "skip": n}} over cases."""
    counts = {p: {"pass": 0, "fail": 0, "skip": 0} for p in PROPERTIES}
    for case in cases:
        for check in case.checks:
            counts[check.prop][check.status] += 1
    return counts
