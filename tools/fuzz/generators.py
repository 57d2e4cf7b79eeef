"""Planning single invocations: typical valid ones, boundary and extreme values, broken syntax.

Every planned invocation (a Case) carries what it should do: "ok" (exit 0), "refuse"
(exit 64, naming `target` when one flag is at fault) or "any" (the crash-type oracles
only). The list of cases depends only on the seed and on the surface, never on timing.
"""

import random
import re
from dataclasses import dataclass, field

from . import cost, rules
from .option_values import ARCH_FILES, GARBAGE, OPTION_SHARE, ValueGenerator, fresh_name
from .parsing import INT_TEXT, integer

@dataclass
class Case:
    """One planned invocation of the binary."""
    index: int
    units: list                # token groups; units[0] selects the subcommand
    expect: str                # "ok", "refuse" or "any"
    kind: str                  # which generator made it
    target: str = None         # the flag a refusal (exit 64) must name
    pinned: set = field(default_factory=set)   # units the minimizer must keep
    keep_required: set = field(default_factory=set)
    fixtures: dict = field(default_factory=dict)   # relative path -> fixture kind
    slow: bool = False         # a full run of a slow subcommand: --slow-timeout
    heavy: bool = False        # deliberately extreme but valid: three times --timeout
    probe: dict = None         # {flag: directory} of a probe whose output is learned
    learned: dict = None       # what that probe wrote: {flag: [(path, kind, mtime)]}

    @property
    def argv(self):
        """The arguments after the binary's path."""
        return [token for unit in self.units for token in unit]


def combine(expectations):
    """What the whole invocation should do, given what each part of it should do."""
    if "invalid" in expectations:
        return "refuse"
    if "unknown" in expectations:
        return "any"
    return "ok"


class Generator(ValueGenerator):
    """Plans invocations of the commands of one surface from one seed."""

    MUTATIONS = (("typical", 30), ("boundary", 13), ("extreme", 12), ("garbage", 8),
                 ("enum-unknown", 5), ("equals-form", 4), ("unknown-option", 5),
                 ("missing-required", 4), ("missing-value", 3), ("duplicate", 4),
                 ("extra-positional", 2), ("random-subcommand", 3), ("help", 2), ("path", 2),
                 ("extreme-valid", 0.6), ("chaos", 3), ("near-miss", 6))
    PARSE_LEVEL = {"unknown-option", "missing-value", "enum-unknown", "extra-positional",
                   "random-subcommand", "help", "garbage"}

    def __init__(self, surface, seed, count, is_root=False, harmonize=0.85):
        """Prepare to plan count invocations from seed."""
        super().__init__(surface, random.Random(seed), is_root)
        self.commands = [c for c in surface.commands if c.words != ["help"]]
        self.harmonize_share = harmonize
        self.extreme_left = max(5, int(count * 0.004))

    # -- whole invocations ------------------------------------------------

    def pick_command(self, slow_ok, need=None):
        """Choose a subcommand (slow ones less often), among those with an option of kind need."""
        pool = [c for c in self.commands if slow_ok or cost.SLOW_UNLESS.get(c.name, "x") is not None]
        if need:
            pool = [c for c in pool if any(o.kind in need for o in c.options)] or pool
        return self.rand.choices(pool, [cost.COMMAND_WEIGHT.get(c.name, 1.0) for c in pool])[0]

    def typical_values(self, cmd):
        """{option name: text}: typical values of the required options and of about a third of
        the others (options meant for other subcommands left out), one member of each group."""
        values = {}
        for opt in cmd.options:
            if opt.kind == "flag" or (opt.accepted_by and cmd.name not in opt.accepted_by):
                continue
            if opt.required or self.rand.random() < OPTION_SHARE.get(opt.name, 0.35):
                values[opt.name] = self.typical(opt)
        for kind, names in cmd.groups:
            usable = [n for n in names if not (cmd.option(n).accepted_by and cmd.name not in cmd.option(n).accepted_by)]
            given = [n for n in names if n in values]
            if kind == "one" and not given and usable:
                # The square shape most of the time: it combines with everything else.
                first = usable[0] if self.rand.random() < 0.85 else self.rand.choice(usable)
                values[first] = self.typical(cmd.option(first))
                given = [first]
            for extra in given[1:]:
                del values[extra]
        return values

    def harmonized_values(self, cmd, share=None):
        """typical_values, made consistent (harmonize) most of the time."""
        values = self.typical_values(cmd)
        if self.rand.random() < (self.harmonize_share if share is None else share):
            self.harmonize_any(cmd, values)
        return values

    def harmonize_any(self, cmd, values, pinned=()):
        """harmonize or harmonize_train, whichever fits the command."""
        if rules.is_train(cmd):
            self.harmonize_train(cmd, values, set(pinned))
        else:
            self.harmonize(cmd, values, set(pinned))
        for name in [n for n in values if not cmd.option(n)]:
            del values[name]      # a fix for an option this command does not have

    def harmonize(self, cmd, values, pinned=frozenset()):
        """Make an invocation consistent around its pinned options: an activation the command
        takes, --slope with leaky-relu only, --beta with scaled-tanh only, each ensemble's own
        parameter, no preset beside --ensemble or --sigma, one option of each group,
        --init lyapunov with a nonzero slope, one thread."""
        r = self.rand

        def drop(name):
            """Remove an option unless the caller pinned it."""
            if name not in pinned:
                values.pop(name, None)

        def give(name):
            """Add an option with a typical value unless it is there already."""
            if name not in values and cmd.option(name):
                values[name] = self.typical(cmd.option(name))

        if rules.homogeneous_only(cmd) and "target-depth" not in values and "activation" not in pinned:
            if values.get("activation") not in (None, "leaky-relu", "relu"):
                values["activation"] = r.choice(["leaky-relu", "relu"])
        activation = values.get("activation", "leaky-relu")
        if cmd.option("slope") and rules.shape_given(values):
            if activation == "leaky-relu":
                give("slope")
            else:
                drop("slope")
        if cmd.option("beta"):
            if activation == "scaled-tanh":
                give("beta")
            else:
                drop("beta")
        for kind, names in cmd.groups:
            given = [n for n in names if n in values]
            keep = next((n for n in given if n in pinned), given[0] if given else None)
            for name in given:
                if name != keep:
                    drop(name)
        if "preset" in values:
            if any(n in pinned for n in ("ensemble", "sigma", "init")):
                drop("preset")
            else:
                for name in ("ensemble", "sigma", "init"):
                    drop(name)
        ensemble = values.get("ensemble")
        for name, owner in (("dof", "student-t"), ("density", "sparse"), ("noise", "diagonal-noise")):
            if not cmd.option(name):
                continue
            if ensemble == owner and "target-depth" not in values:
                give(name)
            else:
                drop(name)
        if values.get("init") == "lyapunov" and rules.zero_slope(values) and cmd.name != "init":
            drop("init")
        if "target-depth" in values and cmd.name == "init":
            if "ensemble" not in pinned:
                values["ensemble"] = "diagonal-noise"
            for name in ("noise", "preset", "dof", "density"):
                drop(name)
        if "burn-in" in values and rules.burn_in_too_deep(None, cmd, values):
            drop("burn-in")
        if cmd.name == "gradients" and values.get("method") == "reduced":
            drop("method")
        if cmd.name in cost.CUBIC_COMMANDS and rules.zero_slope(values) and \
                not {"slope", "activation"} & pinned:
            values.pop("activation", None)
            values["slope"] = "0.1"
        if cmd.name == "angles" and integer(values, "width", 2) == 1 and "width" not in pinned:
            values["width"] = "2"
        if "exponents" in values and rules.too_many_exponents(None, cmd, values):
            drop("exponents")
        if "shard" in values and cmd.option("save"):
            give("save")
        if cmd.option("threads") and "threads" not in values and r.random() < 0.8:
            values["threads"] = "1"

    def harmonize_train(self, cmd, values, pinned=frozenset()):
        """Make a train invocation consistent around its pinned options: --sigma only with an
        ensemble, each ensemble's own parameter, --slope only with leaky-relu, --beta with
        scaled-tanh, Lyapunov methods with leaky-relu, lr * wd < 1, --data-dir only with
        fashion-mnist, one thread."""
        r = self.rand

        def drop(name):
            """Remove an option unless the caller pinned it."""
            if name not in pinned:
                values.pop(name, None)

        init = values.get("init")
        if "sigma" in values and init not in self.surface.listings.get("ensemble", ()):
            drop("sigma")
        for name, owner, typical in (("dof", "student-t", ("2.5", "5", "30")),
                                     ("density", "sparse", ("0.1", "0.5", "1")),
                                     ("noise", "diagonal-noise", ("0", "0.01", "0.1"))):
            if init == owner:
                values.setdefault(name, r.choice(typical))
            else:
                drop(name)
        if init in rules.lyapunov_inits(self.surface, cmd) and "activation" not in pinned:
            values["activation"] = "leaky-relu"
            if rules.zero_slope(values):
                drop("slope")
        activation = values.get("activation", "leaky-relu")
        if activation != "leaky-relu":
            drop("slope")
        if activation == "scaled-tanh":
            values.setdefault("beta", r.choice(("0.5", "1", "2")))
        else:
            drop("beta")
        if rules.train_decay_too_strong(self.surface, cmd, values) and "weight-decay" not in pinned:
            values["weight-decay"] = "0.01"
        if values.get("task") != "fashion-mnist":
            drop("data-dir")
        if rules.train_size_out_of_range(self.surface, cmd, values):
            drop("train-size")
            if rules.train_size_out_of_range(self.surface, cmd, values) and "batch" not in pinned:
                values["batch"] = "8"
        if "threads" not in values and r.random() < 0.8:
            values["threads"] = "1"

    def tame(self, cmd, values, pinned):
        """Keep an invocation cheap: add the narrowing option, drop costly profiles, shrink sizes.
        Returns the invocation's cost."""
        unless = cost.SLOW_UNLESS.get(cmd.name)
        if unless and cmd.option(unless) and unless not in values:
            values[unless] = self.typical(cmd.option(unless))
        if values.get("profile") == "full" and values.get("only") not in cost.CHEAP_FULL_PROFILE:
            if "profile" in pinned and cmd.option("only") and "only" not in pinned:
                values["only"] = self.rand.choice(sorted(cost.CHEAP_FULL_PROFILE))
            elif "profile" not in pinned:
                values["profile"] = "quick"
        if rules.is_train(cmd):
            return self.tame_train(values, pinned)
        if cmd.option("depth") and not cmd.option("depth").required and "depth" not in values and \
                "depth" not in pinned and \
                rules.shape_given(values) and cost.invocation_cost(cmd, values) > cost.NORMAL_CAP:
            values["depth"] = self.typical(cmd.option("depth"))
        while cost.invocation_cost(cmd, values) > cost.NORMAL_CAP:
            best, best_size = None, 1
            for name, exponent in cost.COST_EXPONENT.items():
                opt = cmd.option(name)
                if not opt or name in pinned:
                    continue
                text = values.get(name, opt.default)
                if text is None or not INT_TEXT.fullmatch(text):
                    continue
                size = float(min(int(text), 10**30)) ** exponent
                if int(text) > cost.COST_FLOOR.get(name, 1) and size > best_size:
                    best, best_size = name, size
            if best is None:
                break
            current = int(values.get(best, cmd.option(best).default))
            values[best] = str(max(cost.COST_FLOOR.get(best, 1), current // 4))
        return cost.invocation_cost(cmd, values)

    def tame_train(self, values, pinned):
        """Shrink train's unpinned sizes (steps, runs, batch first, then depth and width) until an
        invocation's work is below TRAIN_NORMAL_CAP; returns the work left."""
        while cost.train_cost(values) > cost.TRAIN_NORMAL_CAP:
            for name, floor in cost.TRAIN_SHRINK:
                current = integer(values, name, cost.TRAIN_DEFAULTS.get(name))
                if name in pinned or current is None or current <= floor:
                    continue
                values[name] = str(max(floor, current // 4))
                break
            else:
                break
        return cost.train_cost(values)

    def render(self, cmd, values, pinned, equals=False):
        """Turn {name: text} into token units, in help order; options now and then as --x=v."""
        units, r = [], self.rand
        for opt in cmd.options:
            if opt.name not in values:
                continue
            text = values[opt.name]
            if opt.positional:
                units.append([text])
                continue
            dashed = text.startswith("-") and len(text) > 1
            alone = pinned == {opt.name}       # the one value under test may go as "--x -0.5"
            if equals or (dashed and not alone) or (r.random() < 0.1 and text):
                units.append([f"{opt.flag}={text}"])
            else:
                units.append([opt.flag, text])
        if r.random() < 0.2:
            r.shuffle(units)
        return units

    def assemble(self, index, kind, cmd, values, expectations, pinned, fixtures=None, target=None,
                 equals=False, extra=None):
        """Build a Case from values and per-option expectations."""
        fired = rules.verdicts(self.surface, cmd, values)
        for rule, _ in fired:
            pinned = pinned | {n for n in rule.names if n in values}
            target = None      # several refusals may apply: any one may be the one reported
        fixtures = dict(fixtures or {})
        for opt in cmd.options:
            if opt.kind == "input" and values.get(opt.name) in ARCH_FILES:
                fixtures[values[opt.name]] = "content:" + values[opt.name]
            if opt.kind == "indir" and values.get(opt.name) == "emptydir":
                fixtures["emptydir"] = "dir"
        units = self.render(cmd, values, pinned, equals)

        def names_unit(unit, opt):
            """Does this token unit give option opt?"""
            return unit[0].split("=")[0] == opt.flag or (opt.positional and unit == [values.get(opt.name)])

        pinned_units = {i + 1 for i, u in enumerate(units)
                        if any(names_unit(u, cmd.option(n)) for n in pinned if cmd.option(n))}
        required = {i + 1 for i, u in enumerate(units)
                    if any(names_unit(u, o) for o in cmd.options
                           if o.required or any(o.name in names for _, names in cmd.groups))}
        parts = [expectations.get(n, "valid") for n in values] + \
            [e for n, e in expectations.items() if n not in values and not cmd.option(n)]
        parts += [verdict for _, verdict in fired]
        parts += ["invalid" for o in cmd.options if o.required and o.name not in values]
        expect = combine(parts)
        extra = extra or []
        pinned_units |= set(range(len(units) + 1, len(units) + 1 + len(extra)))   # the mutation
        return Case(index=index, units=[list(cmd.words)] + units + extra, expect=expect,
                    kind=kind, target=target if expect == "refuse" else None, pinned=pinned_units,
                    keep_required=required, fixtures=fixtures)

    def make_case(self, index):
        """Plan invocation number index."""
        kinds, weights = zip(*self.MUTATIONS)
        for _ in range(50):
            kind = self.rand.choices(kinds, weights)[0]
            case = self.try_case(index, kind)
            if case is not None:
                return case
        raise RuntimeError("could not plan an invocation")

    def expectations_of(self, cmd, values):
        """Per-option expectations of typical values (folders and inputs judged by scenario)."""
        return {n: "valid" if cmd.option(n).kind in ("path", "file", "indir", "input") else
                self.classify(cmd.option(n), t) for n, t in values.items()}

    def parse_argv(self, argv):
        """(command, {option name: text}) of an argv this surface reads, or None when it has
        unknown options, duplicates, flags or anything else the model does not judge."""
        cmd = next((c for c in self.commands if argv[:len(c.words)] == c.words), None)
        if cmd is None:
            return None
        tokens, values, i = argv[len(cmd.words):], {}, 0
        positionals = [o for o in cmd.options if o.positional]
        while i < len(tokens):
            token = tokens[i]
            if token.startswith("-") and token not in ("-",):
                flag, eq, text = token.partition("=")
                opt = next((o for o in cmd.options if o.flag == flag and not o.positional), None)
                if opt is None or opt.kind == "flag" or opt.name in values:
                    return None
                if not eq:
                    if i + 1 >= len(tokens):
                        return None
                    text, i = tokens[i + 1], i + 1
                values[opt.name] = text
            elif positionals and positionals[0].name not in values:
                values[positionals[0].name] = token
            elif not (positionals and positionals[0].repeating):
                return None
            i += 1
        return cmd, values

    def expect_argv(self, argv):
        """What the model expects of an argv ("ok", "refuse", "any"), or None when it cannot say.
        The minimizer uses it to keep a shortened command line as valid (or invalid) as the
        original one."""
        parsed = self.parse_argv(list(argv))
        if parsed is None:
            return None
        return self.expect_values(*parsed)

    def expect_values(self, cmd, values):
        """What the model expects of {option: text} for cmd: "ok", "refuse" or "any"."""
        parts = list(self.expectations_of(cmd, values).values())
        parts += [verdict for _, verdict in rules.verdicts(self.surface, cmd, values)]
        parts += ["invalid" for o in cmd.options if o.required and o.name not in values]
        return combine(parts)

    def near_miss(self, cmd, values):
        """From a valid invocation, one option added, changed or left out so that the model
        expects a refusal: the name of that option, or None. Each rule is tested alone this
        way, not only beside other mistakes that would be refused anyway."""
        if self.expect_values(cmd, values) != "ok":
            return None
        options = [o for o in cmd.options if o.kind not in ("flag", "path", "file", "input", "indir")
                   and not o.positional and not (o.accepted_by and cmd.name not in o.accepted_by)]
        for _ in range(12 if options else 0):
            opt = self.rand.choice(options)
            trial = dict(values)
            if opt.name in trial and self.rand.random() < 0.3:
                del trial[opt.name]
            else:
                trial[opt.name] = self.typical(opt)
            if self.expect_values(cmd, trial) == "refuse":
                values.clear()
                values.update(trial)
                return opt.name
        return None

    def try_case(self, index, kind):
        """Plan one invocation of the given kind, or None if it does not fit here."""
        r = self.rand
        parse_level = kind in self.PARSE_LEVEL
        need = ("path", "file", "input", "indir") if kind == "path" else None
        cmd = self.pick_command(slow_ok=parse_level, need=need)
        always_slow = cost.SLOW_UNLESS.get(cmd.name, "x") is None
        values = self.harmonized_values(cmd)
        if values.get("profile") == "full" and always_slow:
            values["profile"] = "quick"
        expectations = self.expectations_of(cmd, values)
        fixtures, pinned, target, extra, equals, duplicate = {}, set(), None, [], False, None
        value_options = [o for o in cmd.options if o.kind != "flag"]

        if kind == "help":
            forms = [list(cmd.words) + ["--help"], list(cmd.words) + ["-h"], ["help"] + cmd.words,
                     list(cmd.words) + ["--version"], ["--version"], ["--help"], ["help"], [],
                     list(cmd.words) + ["--experimental-dump-help"]]
            form = r.choice(forms)
            return Case(index=index, units=[form] if form else [], expect="ok" if form else "any",
                        kind=kind)
        if kind == "random-subcommand":
            name = self.random_word(cmd.name)
            if name in [c.words[0] for c in self.commands] + ["help"]:
                return None
            units = self.render(cmd, values, set(), False)
            return Case(index=index, units=[[name]] + units, expect="refuse", kind=kind)
        if kind in ("boundary", "extreme", "garbage", "enum-unknown"):
            pool = [o for o in value_options if o.kind in
                    {"boundary": ("int", "float"), "extreme": ("int", "float"),
                     "garbage": ("int", "float", "enum", "table", "string", "shard", "list"),
                     "enum-unknown": ("enum", "table", "list")}[kind]]
            if always_slow:
                pool = [o for o in pool if o.kind in ("enum", "int")]
            if not pool:
                return None
            opt = r.choice(pool)
            if kind == "boundary":
                text = self.boundary(opt)
            elif kind == "extreme":
                text = self.extreme(opt)
            elif kind == "garbage" or always_slow:
                text = r.choice(("abc", "", "1.5", "99999999999999999999", "\u0663")) \
                    if opt.kind == "int" else r.choice(GARBAGE)
                if opt.kind in ("enum", "table"):
                    text = self.odd_value(opt)
            else:
                text = self.odd_value(opt)
            if always_slow and self.classify(opt, text) != "invalid":
                return None
            values[opt.name], expectations[opt.name] = text, self.classify(opt, text)
            pinned.add(opt.name)
            target = opt.flag if not opt.positional else None
        elif kind == "path":
            pool = [o for o in value_options if o.kind in need and not o.positional]
            if not pool or always_slow:
                return None
            opt = r.choice(pool)
            if opt.kind == "file":
                text, expectation, fixtures = self.file_value(opt)
            elif opt.kind == "path":
                text, expectation, fixtures = self.path_value(opt)
            else:
                text, expectation, fixtures = self.input_value(opt)
            for group_kind, names in cmd.groups:     # an input that replaces a group member
                if opt.name in names:
                    for other in names:
                        if other != opt.name:
                            values.pop(other, None)
                            expectations.pop(other, None)
            values[opt.name], expectations[opt.name] = text, expectation
            pinned.add(opt.name)
            target = opt.flag
        elif kind == "equals-form":
            if always_slow:
                return None
            equals = True
        elif kind == "unknown-option":
            flag = self.unknown_flag(cmd)
            extra = [[flag]] if r.random() < 0.4 else [[flag, r.choice(["1", "x", "-1"])]]
            expectations["?"] = "invalid"
            target = flag if flag.startswith("--") else None
        elif kind == "missing-required":
            grouped = {n for kind_, names in cmd.groups if kind_ == "one" for n in names}
            required = [o for o in value_options if (o.required or o.name in grouped) and o.name in values]
            if not required:
                return None
            opt = r.choice(required)
            del values[opt.name]
            del expectations[opt.name]
            expectations["?"] = "invalid"
            # A missing group member may be reported by the name of another member.
            target = None if opt.positional or opt.name in grouped else opt.flag
        elif kind == "missing-value":
            pool = [o for o in value_options if not o.positional]
            if not pool:
                return None
            opt = r.choice(pool)
            values.pop(opt.name, None)
            expectations.pop(opt.name, None)
            expectations["?"] = "invalid"
            extra = [[opt.flag]]
            target = opt.flag
        elif kind == "duplicate":
            pool = [o for o in value_options if o.name in values and not o.positional]
            if not pool or always_slow:
                return None
            duplicate = r.choice(pool)
        elif kind == "extra-positional":
            if any(o.positional for o in cmd.options):
                return None
            extra = [[r.choice(["extra", "1", "--", "-", "\u00e9", ""])]]
            expectations["?"] = "invalid" if extra[0][0] not in ("--",) else "unknown"
        elif kind == "extreme-valid":
            if self.extreme_left <= 0 or always_slow:
                return None
            if not self.extreme_valid(cmd, values, expectations, pinned):
                return None
        elif kind == "chaos":
            if always_slow or not value_options:
                return None
            for opt in r.sample(value_options, min(len(value_options), r.randint(2, 3))):
                if opt.name == "profile" or opt.kind in ("input", "indir"):
                    continue
                maker = r.choice([self.boundary, self.extreme, self.odd_value])
                text = maker(opt) if opt.kind not in ("path", "file") else fresh_name(r)
                values[opt.name] = text
                expectations[opt.name] = "valid" if opt.kind == "path" else \
                    "unknown" if opt.kind == "file" else self.classify(opt, text)
                pinned.add(opt.name)
            bad = [n for n in pinned if expectations[n] == "invalid"]
            target = cmd.option(bad[0]).flag if len(bad) == 1 and not cmd.option(bad[0]).positional and \
                all(expectations[n] == "valid" for n in pinned if n != bad[0]) else None
        elif kind == "near-miss":
            name = None if always_slow else self.near_miss(cmd, values)
            if name is None:
                return None
            expectations = self.expectations_of(cmd, values)
            pinned.add(name)
        elif kind == "typical" and always_slow:
            return None

        if always_slow and kind not in self.PARSE_LEVEL:
            return None
        work = self.tame(cmd, values, pinned)
        if duplicate:
            again = self.typical(duplicate) if duplicate.kind != "path" else fresh_name(r)
            if duplicate.name == "profile":
                again = values[duplicate.name]       # never a second, costlier profile
            elif duplicate.name == "only" and values.get("profile") == "full":
                again = r.choice(sorted(cost.CHEAP_FULL_PROFILE))
            extra = [[duplicate.flag, again]]
        case = self.assemble(index, kind, cmd, values, expectations, pinned, fixtures, target,
                             equals, extra)
        if always_slow and case.expect != "refuse":
            return None             # a slow subcommand only with input it must refuse at once
        if kind == "duplicate":
            case.expect, case.target = "any", None     # the last one may win, or be refused
        if cmd.name in cost.SLOW_UNLESS and any(t in cost.SLOW_TABLES for t in case.argv) \
                and case.expect != "refuse":
            return None             # slow tables run once, in the sweep
        train = rules.is_train(cmd)
        normal_cap = cost.TRAIN_NORMAL_CAP if train else cost.NORMAL_CAP
        extreme_cap = cost.TRAIN_EXTREME_CAP if train else cost.EXTREME_CAP
        if work > normal_cap and case.expect != "refuse":
            if work > extreme_cap or self.extreme_left <= 0:
                return None
            self.extreme_left -= 1
            case.heavy = True
        return case

    def extreme_valid(self, cmd, values, expectations, pinned):
        """Set one size to an extreme but valid value and the others to their minimum."""
        r = self.rand
        names = [n for n in ("width", "depth", "samples", "threads", "seed", "steps", "runs") if cmd.option(n)]
        if not names or not rules.shape_given(values):
            return False
        name = r.choice(names)
        opt = cmd.option(name)
        low, high, _ = self.range_of(opt)
        text = {"width": str(int(high or 8192)) if r.random() < 0.5 else "4096",
                "depth": str(int(high or 10**8)) if r.random() < 0.3 else "1000000",
                "samples": "200000",
                "threads": str(int(high or 1024)),
                "seed": str(2**64 - 1),
                "steps": str(int(high or 10**7)) if r.random() < 0.3 else "1000000",
                "runs": str(int(high or 100000)) if r.random() < 0.3 else "10000"}[name]
        values[name] = text
        expectations[name] = self.classify(opt, text)
        pinned.add(name)
        for small, size in (("width", "1" if name == "depth" else "2"), ("depth", "1"),
                            ("samples", "2"), ("repeats", "1"), ("steps", "1"), ("runs", "1"), ("batch", "1")):
            if small != name and cmd.option(small):
                values[small], expectations[small] = size, "valid"
        if name == "depth" and cmd.option("method") and "reduced" in cmd.option("method").values:
            values["method"], expectations["method"] = "reduced", "valid"
        if name == "samples" and cmd.option("rng"):
            values["rng"], expectations["rng"] = r.choice(cost.FAST_RNGS), "valid"
        if values.get("ensemble") == "orthogonal":
            del values["ensemble"]
            expectations.pop("ensemble", None)
        return True

    def random_word(self, near):
        """A subcommand name that does not exist: misspelt, upper case, random or odd."""
        r = self.rand
        i = r.randrange(max(1, len(near) - 1))
        choices = [near[:i] + near[i + 1:], near[:i] + near[i + 1:i + 2] + near[i:i + 1] + near[i + 2:],
                   near.upper(), near + "s", "".join(r.choice("abcdefghijklmnopqrstuvwxyz")
                                                      for _ in range(r.randint(3, 10))),
                   "", "-", "\u00e9" + near[1:], near + "\n", "run"]
        return r.choice(choices)

    def unknown_flag(self, cmd):
        """An option the subcommand does not have: a misspelling or made up."""
        r = self.rand
        names = [o.name for o in cmd.options if not o.positional] or ["x"]
        name = r.choice(names)
        i = r.randrange(max(1, len(name) - 1))
        single = "-" + name if name != "help" else "--hepl"   # "-help" asking for help is fine
        pick = r.choice(["--" + name[:i] + name[i + 1:], "--" + name.upper(), "--" + name + "x",
                         "--" + name.replace("-", "_") + "_", single, "---" + name,
                         "--frobnicate", "--" + "".join(r.choice("xyzq") for _ in range(6)), "-Z",
                         "--\u00fcber"])
        return pick if pick.strip("-") not in names else "--frobnicate"

    def sweep(self, start):
        """One invocation per enumerated value (ensembles, presets, generators, tables ...)."""
        cases = []
        for cmd in self.commands:
            if cost.SLOW_UNLESS.get(cmd.name, "x") is None:
                continue
            for opt in cmd.options:
                if opt.kind not in ("enum", "table") or opt.positional:
                    continue
                texts = list(opt.values)
                if opt.kind == "table":
                    texts.append(self.past_end(opt))   # the next number after the documented ones
                for text in texts:
                    values = self.typical_values(cmd)
                    values[opt.name] = text
                    self.harmonize_any(cmd, values, {opt.name})
                    if cmd.option("format") and "json" in cmd.option("format").values and opt.name != "format":
                        values["format"] = "json"
                    pinned = {opt.name}
                    self.tame(cmd, values, pinned)
                    case = self.assemble(start + len(cases), "sweep", cmd, values,
                                         self.expectations_of(cmd, values), pinned, target=opt.flag)
                    case.slow = text in cost.SLOW_TABLES
                    cases.append(case)
        return cases

    def probes(self, start, slow=False):
        """Valid runs writing to fresh folders, whose output the collision cases then block.
        slow: also one full run of each slow subcommand (minutes)."""
        cases = []
        for cmd in self.commands:
            paths = [o for o in cmd.options if o.kind == "path" and not o.positional]
            if not paths:
                continue
            unless = cost.SLOW_UNLESS.get(cmd.name, "x")
            variants = [] if unless is None else ["cheap"]
            if slow and cmd.name in cost.SLOW_UNLESS:
                variants.append("slow")
            for variant in variants:
                values = self.harmonized_values(cmd, 1.0)
                pinned = set()
                if variant == "cheap":
                    self.tame(cmd, values, pinned)
                else:
                    if unless:
                        values.pop(unless, None)
                    if cmd.option("profile"):
                        values["profile"] = "quick"
                for o in paths:
                    values[o.name] = f"probe-{o.name}"
                    pinned.add(o.name)
                expectations = {n: "valid" for n in values}
                case = self.assemble(start + len(cases), "probe", cmd, values, expectations, pinned)
                case.slow = variant == "slow"
                case.probe = {o.flag: f"probe-{o.name}" for o in paths}
                cases.append(case)
        return cases


def collision_cases(probe, learned, start, rand):
    """Cases that rerun a probe with one of its outputs blocked by the opposite kind of entry.

    learned maps each folder flag of the probe to [(relative path, "file" or "dir", mtime)].
    The last-written entry is blocked (the run should then fail with nothing new left
    behind); for cheap probes every other entry is blocked once as well (up to three).
    """
    cases = []
    for flag, entries in sorted(learned.items()):
        if not entries:
            continue
        ordered = sorted(entries, key=lambda e: (e[2], e[0]))
        chosen = [ordered[-1]]
        if not probe.slow:
            others = [e for e in ordered[:-1] if e[1] == "file"]
            chosen += rand.sample(others, min(3, len(others)))
        for rel, kind, _ in chosen:
            units = [list(u) for u in probe.units]
            for unit in units:
                if unit[0] == flag:
                    unit[1] = "collide"
                elif unit[0].startswith(flag + "="):
                    unit[0] = f"{flag}=collide"
            blocker = "dir" if kind == "file" else "file"
            cases.append(Case(index=start + len(cases), units=units, expect="refuse", kind="collision",
                              pinned=set(range(1, len(units))), fixtures={f"collide/{rel}": blocker},
                              slow=probe.slow))
    return cases


def plan(surface, seed, count, is_root=False, slow_probes=False):
    """The fixed part of a campaign (probes, then the sweep) and the random cases after it.
    Returns (fixed cases, random cases, collision cases still to derive from the probes)."""
    gen = Generator(surface, seed, count, is_root)
    fixed = gen.probes(0, slow=slow_probes)
    fixed += gen.sweep(len(fixed))
    derived = sum(1 if p.slow else 4 for p in fixed if p.probe is not None for _ in p.probe) \
        if count > 200 else 0
    random_count = max(0, count - len(fixed) - derived)
    cases = [gen.make_case(len(fixed) + i) for i in range(random_count)]
    return fixed[:count], cases, derived, gen
