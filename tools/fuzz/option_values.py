"""Values by option name: what the dump-help JSON cannot say about an option's values.

KNOWN gives the typical valid values and the valid range of options whose meaning only
their name tells (sizes, slopes, seeds ...); a new numeric option without an entry gets
values from its documented range. Also here: the files the fuzzer writes for options
that read one, and the options that never change a number of the output.
"""

import math
import re
from dataclasses import dataclass

from . import cost
from .parsing import FLOAT_TEXT, INT_TEXT


@dataclass(frozen=True)
class Known:
    """Knowledge about one option name: its type, typical valid values and valid range."""
    kind: str                  # "int" or "float"
    typical: tuple             # typical valid values, as typed on a command line
    low: float = None          # valid range, used where the help states none
    high: float = None
    trusted: bool = True       # the typical values are documented to be valid
    simple: str = None         # value the minimizer tries in place of another
    also_valid: tuple = ()     # exact texts valid outside the range ("0" meaning "none")
    help_range: bool = True    # False: the help's range is for another case; use low/high


KNOWN = {
    "width": Known("int", ("1", "2", "2", "3", "4", "4", "5", "8", "16"), simple="4"),
    "depth": Known("int", ("1", "2", "5", "10", "20", "50"), simple="10"),
    "samples": Known("int", ("2", "3", "5", "10", "20", "50"), low=2, simple="10"),
    "slope": Known("float", ("0", "0.1", "0.01", "0.5", "1", "-0.5", "-1", "2", "0.3", "-0.2", "1e-3"),
                   low=-1e300, high=1e300, simple="0.1"),
    "sigma": Known("float", ("0.5", "1", "1.2", "1.4142135623730951", "2", "3"), simple="1.4"),
    "seed": Known("int", ("0", "1", "2", "42", "12345", "4294967295"), low=0, high=2**64 - 1, simple="1"),
    "threads": Known("int", ("1", "2"), low=1, simple="1"),
    "repeats": Known("int", ("1", "2"), low=1, simple="1"),
    # The engine's own ranges (student-t: nu > 2 for a finite variance), where a help is silent.
    "dof": Known("float", ("2.5", "5", "30"), low=2.0000000000000004, high=1e6, trusted=False, simple="5"),
    "density": Known("float", ("0.1", "0.5", "1"), low=1e-9, high=1, trusted=False, simple="0.5"),
    "noise": Known("float", ("0", "0.01", "0.1"), low=0, high=1000, trusted=False, simple="0"),
    "angle": Known("float", ("0", "0.5", "1.5707963267948966"), low=0, high=math.pi, simple="0"),
    "exponents": Known("int", ("1", "2", "3"), low=1, trusted=False, simple="1"),
    "replications": Known("int", ("2", "3", "5"), low=2, trusted=False, simple="2"),
    "burn-in": Known("int", ("0", "1", "10"), low=0, trusted=False, simple="0"),
    "beta": Known("float", ("0.5", "1", "2", "3"), low=1e-6, high=1e6, trusted=False, simple="1"),
    "inputs": Known("int", ("1", "2", "3", "4"), low=1, high=1024, simple="3"),
    "target-depth": Known("int", ("1", "2", "5", "10"), low=1, high=100000, trusted=False, simple="5"),
    "bias-sigma": Known("float", ("0", "0.1", "0.5", "1"), low=1e-300, high=1e10, also_valid=("0", "0.0"),
                        simple="0"),
    "residual": Known("float", ("0.1", "0.5", "1", "-0.5"), low=-1e6, high=1e6, trusted=False, simple="0.5"),
    # train: sizes of the optimization, learning rate in (0, 10], decoupled weight decay >= 0
    # (lr * wd < 1 is a rule below), clipping norm > 0 and finite.
    "steps": Known("int", ("1", "2", "5", "10", "20", "50", "200"), low=1, high=10**7, simple="5"),
    "batch": Known("int", ("1", "2", "8", "16", "32", "64"), low=1, high=1024, simple="8"),
    "runs": Known("int", ("1", "2", "3", "6", "10"), low=1, high=100000, simple="2"),
    "lr": Known("float", ("1e-4", "0.001", "0.01", "0.1", "1", "10"), low=5e-324, high=10, simple="0.001"),
    "weight-decay": Known("float", ("0", "1e-4", "0.01", "0.5", "10"), low=0, simple="0"),
    "clip": Known("float", ("1e-3", "0.1", "1", "10", "1e6"), low=5e-324, high=1.7976931348623157e308,
                  simple="1"),
    # The help's "1 to 55000" is fashion-mnist's; the synthetic tasks take 1 to 2^22 (a rule below).
    "train-size": Known("int", ("1", "16", "64", "100", "1024"), low=1, high=1 << 22, trusted=False,
                        simple="64", help_range=False),
}

# How often typical generation gives an optional option (others: 0.35). --residual makes the
# outcome unpredictable (see layered_shape), so it comes rarely.
OPTION_SHARE = {"residual": 0.08}

# How often typical generation picks some values (others weigh 1): Fashion-MNIST loads
# 55,000 images (about a second) before anything else.
VALUE_WEIGHT = {("task", "fashion-mnist"): 0.15}

# --shard K/N (0 <= K < N <= samples): typical values and the rule for valid text.
SHARD_TYPICAL = ("0/1", "0/2", "1/2", "2/3", "0/4", "3/4")
SHARD_TEXT = re.compile(r"([0-9]+)/([0-9]+)")
# Output files whose help names .npy (and .csv) must end in one of them; .npz likewise.
EXPORT_SUFFIXES = (".npy", ".csv")

# A small valid layer file for options that read one (--arch; docs/your-network.md), and
# broken variants. The fuzzer writes them into the sandbox.
ARCH_FILES = {
    "arch-ok.json": '{"input": 3, "layers": [{"width": 3, "activation": "leaky-relu", "slope": 0.2, "repeat": 3}]}\n',
    "arch-two.json": '{"input": 2, "layers": [{"width": 4, "activation": "relu"}, '
                     '{"width": 2, "activation": "linear", "ensemble": "orthogonal"}]}\n',
    "arch-empty.json": "",
    "arch-bad.json": '{"input": 3, "layers": [{"width": -1}]}\n',
    "arch-junk.json": "not json\n",
}

# Options that never change a number of the output (the differential properties leave
# them out when they pick an option whose change must change the run's identity).
OUTPUT_ONLY = ("threads", "format", "quiet", "save", "save-samples", "save-trajectories", "checkpoint",
               "shard", "help", "version")


# ---------------------------------------------------------------------------
# Generating and classifying single values.

HUGE_INTS = ("99999999999999999999", str(2**63 - 1), str(2**63), str(2**64 - 1), str(2**64),
             str(-2**63), str(-2**63 - 1), "-99999999999999999999", "5000000000")
EXTREME_FLOATS = ("1e-300", "1e300", "-0.5", "nan", "-nan", "NaN", "inf", "-inf", "infinity", "-0",
                  "-0.0", "0.0", "1e-320", "4.9e-324", "2.2250738585072014e-308",
                  "1.7976931348623157e308", "1e309", "-1e309", "1e-400", "1e100", "-1e100", "1e101",
                  "1e-100", "9.99e-101", "1e6", "-1e6", "1e-6", "1e-12", "0x1p-3", ".5", "5.",
                  "+0.5", "1E2")
GARBAGE = ("", " ", "abc", "1,5", "1 2", "0x10", "1e3", "4.0", "+4", "\u0663", "\uff14", "1\n2",
           "0.1\nfoo", "h\u00e9llo", "\U0001f642", "\u20145", "-", "--", "$(true)", "'", "\"", "\\",
           "\t", "9" * 400, "NULL", "true", "%s%n", "\x7f", "\u202e1")
NONFINITE_TEXT = re.compile(r"[-+]?(nan|inf|infinity)", re.IGNORECASE)



def classify_number(text, integer, low, high, trusted, low_open=False):
    """Is text a valid value for a numeric option? "valid", "invalid" or "unknown"."""
    ranged = low is not None or high is not None
    if integer:
        if not INT_TEXT.fullmatch(text):
            return "unknown" if re.fullmatch(r"\+[0-9]+", text) else "invalid"
        value = int(text)
        lo = low if low is not None else -2**63
        hi = high if high is not None else 2**63 - 1
        if not lo <= value <= hi or (low_open and value == lo):
            return "invalid"
        if not trusted and not ranged:
            return "unknown"
        if high is None and value > 10**6:
            return "unknown"       # e.g. a memory limit the help does not quantify
        return "valid"
    if FLOAT_TEXT.fullmatch(text):
        value = float(text)
        if ranged and not ((low is None or low <= value) and (high is None or value <= high)):
            return "invalid"
        if low_open and value == low:
            return "invalid"
        return "valid" if trusted or ranged else "unknown"
    if NONFINITE_TEXT.fullmatch(text):
        return "invalid" if ranged else "unknown"
    if re.fullmatch(r"[-+]?(0x[0-9a-fA-F.]+(p[-+]?[0-9]+)?|\.[0-9]+|[0-9]+\.)|\+[0-9.eE+-]+", text):
        return "unknown"
    return "invalid"


def required_suffixes(opt):
    """File name endings an output file option documents (FILE.npy or FILE.csv; FILE.npz)."""
    return tuple(dict.fromkeys(s.lower() for s in re.findall(r"FILE(\.[a-z]+)", opt.help)))


def fresh_file(rand, opt):
    """A new file name inside the sandbox, with a suffix the option wants."""
    name = rand.choice(["run.lyp", "out", "nested/deeper/run", "r\u00e9sultat", "with space", "a.b.c"])
    suffixes = required_suffixes(opt)
    if suffixes:
        name = re.sub(r"\.[^./]*$", "", name) + rand.choice(suffixes)
    return name


def classify_file(opt, text):
    """Should an output-file option accept text? Documented suffixes are required."""
    if text == "":
        return "invalid"
    suffixes = required_suffixes(opt)
    if suffixes and not text.lower().endswith(suffixes):
        return "invalid"
    return "unknown"


def classify_widths(text):
    """A width list N0,N1,...: at least two integers from 1 to 8192 ("unknown" past that)."""
    parts = text.split(",")
    if len(parts) >= 2 and all(re.fullmatch(r"[0-9]+", p) for p in parts):
        return "valid" if all(1 <= int(p) <= 8192 for p in parts) and len(parts) <= 10001 else "invalid"
    return "invalid" if not re.search(r"[0-9]", text) or text.strip() == "" else "unknown"


def fresh_name(rand):
    """A new directory name inside the sandbox."""
    return rand.choice(["out", "out2", "nested/deeper/out", "r\u00e9sultats", "dir with space", "."])


class ValueGenerator:
    """Single values for the options of one surface: typical, boundary, extreme and odd ones,
    output-file and folder scenarios, and whether the binary should accept a value."""

    def __init__(self, surface, rand, is_root=False):
        self.surface = surface
        self.rand = rand
        self.is_root = is_root

    def known(self, opt):
        """The Known entry for an option, or one inferred from its documented range."""
        if opt.name in KNOWN:
            return KNOWN[opt.name]
        if opt.kind == "int":
            low = opt.low if opt.low is not None else 0
            hi = opt.high if opt.high is not None else low + 10
            return Known("int", tuple(str(int(v)) for v in sorted({low, low + 1, min(hi, low + 3)})),
                         trusted=False, simple=str(int(low)))
        lo = opt.low if opt.low is not None else 0.0
        hi = opt.high if opt.high is not None else lo + 2.0
        return Known("float", (repr(lo), repr(min(hi, lo + 0.5)), repr(min(hi, lo + 1.0))),
                     trusted=False, simple=repr(min(hi, lo + 0.5)))

    def range_of(self, opt):
        """The documented valid range of a numeric option: (low, high, low_open)."""
        known = KNOWN.get(opt.name)
        use_help = known is None or known.help_range
        low = opt.low if use_help and opt.low is not None else (known.low if known else None)
        high = opt.high if use_help and opt.high is not None else (known.high if known else None)
        return low, high, opt.low_open if use_help and opt.low is not None else False

    def classify(self, opt, text):
        """Should the binary accept text for opt? "valid", "invalid" or "unknown"."""
        if opt.kind in ("enum", "table"):
            if text in opt.values:
                return "valid"
            if text in opt.refused:
                return "invalid"
            folded = [v.lower() for v in opt.values]
            return "unknown" if text.strip().lower() in folded else "invalid"
        if opt.kind in ("int", "float"):
            known = KNOWN.get(opt.name)
            if known and FLOAT_TEXT.fullmatch(text) and float(text) in [float(v) for v in known.also_valid]:
                return "valid"      # -0 is 0 too
            low, high, low_open = self.range_of(opt)
            trusted = known.trusted if known else (opt.low is not None and opt.high is not None)
            return classify_number(text, opt.kind == "int", low, high, trusted, low_open)
        if opt.kind == "shard":
            match = SHARD_TEXT.fullmatch(text)
            if not match:
                return "invalid"
            return "valid" if int(match.group(1)) < int(match.group(2)) else "invalid"
        if opt.kind == "file":
            return classify_file(opt, text)
        if opt.kind == "list":
            return classify_widths(text)
        return "unknown"

    def typical(self, opt):
        """A typical valid value for opt."""
        r = self.rand
        if opt.kind == "table":
            return r.choices(opt.values, [0 if v in cost.SLOW_TABLES else cost.TABLE_WEIGHT.get(v, 6)
                                          for v in opt.values])[0]
        if opt.kind == "enum":
            if opt.name == "rng":
                own = [n for n in cost.FAST_RNGS if n in opt.values]
                if own and r.random() < 0.6:
                    return r.choice(own)
            return r.choices(opt.values, [VALUE_WEIGHT.get((opt.name, v), 1) for v in opt.values])[0]
        if opt.kind == "path":
            return fresh_name(r)
        if opt.kind == "indir":
            return r.choice(["emptydir", "nosuch"])
        if opt.kind == "file":
            return fresh_file(r, opt)
        if opt.kind == "input":
            return r.choice(sorted(ARCH_FILES))
        if opt.kind == "shard":
            return r.choice(SHARD_TYPICAL)
        if opt.kind == "list":
            return ",".join(str(r.choice((1, 2, 3, 4, 5))) for _ in range(r.randint(2, 5)))
        if opt.kind in ("int", "float"):
            low, high, low_open = self.range_of(opt)
            candidates = [v for v in self.known(opt).typical
                          if self.classify(opt, v) == "valid"
                          or classify_number(v, opt.kind == "int", low, high, True, low_open) == "valid"]
            return r.choice(candidates or [self.known(opt).typical[0]])
        return r.choice(["x", "abc", "1"])

    def boundary(self, opt):
        """A value at or just past the edge of opt's range: 0, 1, -1, min, max, max+1 ..."""
        r = self.rand
        if opt.kind not in ("int", "float"):
            return self.odd_value(opt)
        low, high, _ = self.range_of(opt)
        picks = ["0", "1", "-1"]
        for edge, step in ((low, -1), (high, 1)):
            if edge is None:
                continue
            if opt.kind == "int":
                picks += [str(int(edge)), str(int(edge) + step)]
            else:
                picks += [repr(float(edge)), repr(edge * (1 + 2e-16 * step) if edge > 0 else edge
                                                  * (1 - 2e-16 * step)), repr(edge * 10.0 ** step)]
        return r.choice(picks)

    def extreme(self, opt):
        """An extreme number: huge integers, tiny, huge, subnormal or non-finite floats."""
        if opt.kind == "int":
            return self.rand.choice(HUGE_INTS + ("-1", "0", "1e3", "4.0", "nan"))
        if opt.kind == "float":
            return self.rand.choice(EXTREME_FLOATS)
        return self.odd_value(opt)

    @staticmethod
    def past_end(opt):
        """The name after the last of a numbered list: "T17" after "T1 ... T16"."""
        prefix = re.match(r"[A-Z]*", opt.values[0]).group(0)
        return f"{prefix}{len(opt.values) + 1}"

    def odd_value(self, opt):
        """An unknown or refused name, a name just past a numbered range, or garbage text."""
        r = self.rand
        if opt.kind == "table":
            prefix = re.match(r"[A-Z]*", opt.values[0]).group(0)
            past = self.past_end(opt)
            return r.choice([f"{prefix}0", past, past, f"{prefix}99", opt.values[0].lower(), prefix + "01",
                             ",".join(opt.values[:2]), "", "all", prefix, opt.values[0] + " ", "1"])
        if opt.kind == "enum":
            v = r.choice(opt.values)
            picks = [v.upper(), v[:-1], v + "x", "", " " + v, v + " ", "unknown", "1", "\u00fc",
                     v + "\n", ",".join(opt.values[:3])]
            if opt.refused:
                picks += [r.choice(opt.refused)] * 4
            return r.choice(picks)
        if opt.kind == "shard":
            return r.choice(["1/1", "2/2", "-1/2", "0/0", "1/0", "0", "1", "0/-1", "a/b", "0/2/3", " 0/2",
                             "0/99999999999999999999", "99999999999999999999/2", "0x1/2", "0/2 ", ""])
        if opt.kind == "list":
            return r.choice(["", "4", "4,", ",4", "4,,4", "0,4", "4,0", "4,-1", "4;4", "4, 4", "a,b",
                             "8193,4", "4,99999999999999999999", "4.5,4", "\u0663,4"])
        return r.choice(GARBAGE)

    def file_value(self, opt):
        """An output-file scenario inside the sandbox: (text, expectation, fixtures)."""
        r = self.rand
        ro_expect = "unknown" if self.is_root else "invalid"
        fresh = fresh_file(r, opt)
        suffixes = required_suffixes(opt)
        existing = "afile" + (r.choice(suffixes) if suffixes else "")
        # A checkpoint that exists must be one of this run's: any other file is refused.
        overwrite = "invalid" if opt.name == "checkpoint" else "valid"
        scenarios = [
            (fresh, "valid", {}),
            (existing, overwrite, {existing: "file"}),
            ("emptydir", "invalid", {"emptydir": "dir"}),
            ("afile/sub" + fresh[-4:], "invalid", {"afile": "file"}),
            ("ro/" + fresh, ro_expect, {"ro": "rodir"}),
            ("", "invalid", {}),
            ("x" * 300 + fresh[-4:], "invalid", {}),
            ("dangling", "unknown", {"dangling": "dangling"}),
            ("-", "unknown", {}),
        ]
        text, expectation, fixtures = r.choice(scenarios)
        if expectation == "valid" and classify_file(opt, text) == "invalid":
            expectation = "invalid"
        return text, expectation, fixtures

    def path_value(self, opt):
        """An output-folder scenario inside the sandbox: (text, expectation, fixtures)."""
        r = self.rand
        ro_expect = "unknown" if self.is_root else "invalid"
        scenarios = [
            (fresh_name(r), "valid", {}),
            ("emptydir", "valid", {"emptydir": "dir"}),
            ("fulldir", "valid", {"fulldir/keep.txt": "file"}),
            ("afile", "invalid", {"afile": "file"}),
            ("afile/sub", "invalid", {"afile": "file"}),
            ("ro/sub", ro_expect, {"ro": "rodir"}),
            ("ro", ro_expect, {"ro": "rodir"}),
            ("", "unknown", {}),
            ("loop", "invalid", {"loop": "loop"}),
            ("dangling", "unknown", {"dangling": "dangling"}),
            ("x" * 300, "invalid", {}),
            ("new\nline", "unknown", {}),
            ("-", "unknown", {}),
        ]
        return r.choice(scenarios)

    def input_value(self, opt):
        """An input file or folder scenario: (text, "unknown", fixtures); read errors are the
        binary's business, crashes are the oracle's."""
        r = self.rand
        scenarios = [(name, {}) for name in sorted(ARCH_FILES)] + [
            ("nosuch.json", {}), ("emptydir", {"emptydir": "dir"}), ("", {}), ("loop", {"loop": "loop"}),
            ("dangling", {"dangling": "dangling"}), ("afile", {"afile": "file"}), ("x" * 300, {})]
        text, fixtures = r.choice(scenarios)
        return text, "unknown", fixtures

