"""What the dump-help JSON cannot tell the fuzzer.

Three tables, each keyed by option names or subcommand names so that a new option or
subcommand is fuzzed with generic values until someone teaches it better:

* KNOWN: typical valid values and valid ranges of numeric options (sizes, slopes, seeds).
* the cost model: how much work an invocation asks for, so the planner keeps single runs
  fast and allows only a few deliberately huge ones.
* RULES: combinations of individually valid values that the binary rightly refuses
  ("invalid") or whose outcome the fuzzer cannot predict ("unknown": then only the
  crash-type oracles judge the run). Each rule says why in its docstring.
"""

import math
import re
from dataclasses import dataclass

INT_TEXT = re.compile(r"-?[0-9]+")
FLOAT_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")

# ---------------------------------------------------------------------------
# Value generators by option name.


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

# ---------------------------------------------------------------------------
# The cost model. Work per invocation: the product of these sizes (width squared unless
# --method reduced); bench runs --repeats times plus once for its RNG floor; Haar
# matrices cost about thrice.
COST_EXPONENT = {"width": 2, "depth": 1, "samples": 1, "repeats": 1, "replications": 1, "inputs": 1,
                 "target-depth": 1}
COST_OFFSET = {"repeats": 1}
COST_FLOOR = {"samples": 2, "replications": 2}
COST_FACTOR = {("ensemble", "orthogonal"): 3}
NORMAL_CAP = 3e5            # random numbers drawn by an ordinary invocation
EXTREME_CAP = 2.5e8         # ... by one of the few deliberately extreme-but-valid ones
# Commands whose cost grows with N^3 (N + 1 vectors through every N x N layer).
CUBIC_COMMANDS = ("spectrum", "gradients")

# Subcommands that take tens of seconds unless an option narrows them (None: always).
SLOW_UNLESS = {"regenerate": None, "tables": "only"}
COMMAND_WEIGHT = {"regenerate": 0.2, "tables": 0.15}    # others weigh 1
CHEAP_FULL_PROFILE = {"T2", "T7"}          # tables cheap enough for --profile full
# Seconds one table takes with --profile quick on one core (measured; others about 1 s).
# The slow ones run only in the sweep (with the slow timeout) and when refused at once.
SLOW_TABLES = {"T8", "T9", "T10", "T14", "T16"}
TABLE_WEIGHT = {"T1": 0.1, "T13": 0.1, "T17": 0.1, "T3": 0.4, "T4": 0.4, "T5": 0.4, "T11": 0.3, "T15": 0.3}
FAST_RNGS = ("xoshiro256++", "xoshiro256++x8", "mt19937")   # cheap to seed 200000 times
# Seeding one sample's generator, in random numbers' worth of time (others: 50).
SEED_COST = {"gfsr4": 5e4, "zuf": 2e4, "knuthran": 5e3}

# train: work in multiply-adds. Every run does steps x batch forward + backward passes
# (about 3 N^2 L each), held-out forwards at min(20, steps) + 1 curve points, about 2048
# forwards of data, 256 probe forwards per Lyapunov-sampling candidate, and draws its
# hidden layers (N^3 per layer per candidate); plus a per-layer overhead per chunk.
# Measured with one thread: about 1.5e9 units per second.
TRAIN_NORMAL_CAP = 4e8
TRAIN_EXTREME_CAP = 2e10
TRAIN_LAYER_CALL = 50
TRAIN_SHRINK = (("steps", 50), ("runs", 3), ("batch", 16), ("steps", 1), ("runs", 1), ("batch", 1),
                ("depth", 1), ("width", 1))
# (d_in, d_out, held-out samples, largest --train-size) of each task; a task missing here is
# costed as 1 and its --train-size left unjudged.
TRAIN_TASKS = {"quintic": (1, 1, 1024, 1 << 22), "mixture-score": (2, 2, 1024, 1 << 22),
               "spirals": (2, 2, 1024, 1 << 22), "teacher": (2, 1, 1024, 1 << 22),
               "fashion-mnist": (784, 10, 10000, 55000)}
TRAIN_DEFAULT_SIZE = {"fashion-mnist": 55000}           # else 1024
TRAIN_MAX_PARAMETERS = 1 << 20           # MLPShape.maxParameters
TRAIN_ACTIVATION_BYTES = 2 * 1024 ** 3   # 16 (L + 2) max(N, d_out) B bytes at most
TRAIN_DEFAULTS = {"lr": 1e-3, "weight-decay": 1e-4, "batch": 64, "steps": 2000, "runs": 20}
TRAIN_TRANSCENDENTAL = ("tanh", "erf", "sigmoid", "scaled-tanh")   # about 10x Leaky ReLU per unit

# Options that never change a number of the output (the differential properties leave
# them out when they pick an option whose change must change the run's identity).
OUTPUT_ONLY = ("threads", "format", "quiet", "save", "save-samples", "save-trajectories", "checkpoint",
               "shard", "help", "version")

# ---------------------------------------------------------------------------
# Small helpers the rules share.


def number(values, name, default=None):
    """The float value of an option, or default when absent or not a number."""
    text = values.get(name)
    if text is None or not FLOAT_TEXT.fullmatch(text):
        return default
    return float(text)


def integer(values, name, default=None):
    """The int value of an option, default when absent, None when not an integer."""
    text = values.get(name)
    if text is None:
        return default
    return int(text) if INT_TEXT.fullmatch(text) else None


def is_train(cmd):
    """Is this the train subcommand (whose --init, --sigma and --slope mean other things)?"""
    return cmd.words[:1] == ["train"]


def zero_slope(values):
    """Is the activation ReLU: --slope 0 given, or --activation relu?"""
    text = values.get("slope", "")
    given = bool(FLOAT_TEXT.fullmatch(text)) and float(text) == 0.0
    return given or values.get("activation") == "relu"


def given_ensemble(values):
    """The ensemble a run uses: --ensemble, else gaussian (None when a preset decides)."""
    if "preset" in values:
        return None
    return values.get("ensemble", "gaussian")


def shape_given(values):
    """Is the square shape (--width) the one given, with no --widths or --arch?"""
    return "widths" not in values and "arch" not in values


def homogeneous_only(cmd):
    """Does this command follow log||x|| and so take only positively homogeneous activations?
    Its --activation help says so ("positively homogeneous", "(default) or relu")."""
    opt = cmd.option("activation")
    return bool(opt) and bool(re.search(r"homogeneous|\(default\) or relu\b", opt.help))


def scale_out_of_range(values):
    """sigma |a| products that cannot be represented: with the default He gain
    sqrt(2/(1+a^2)), |a| beyond about 1.4e300, or sigma |a| beyond 1e250."""
    a = number(values, "slope")
    sigma = number(values, "sigma")
    if a is None or "preset" in values or values.get("init") == "lyapunov":
        return False
    if sigma is None:
        sigma = (2 / (1 + a * a)) ** 0.5 if abs(a) < 1e150 else 2 ** 0.5 / abs(a)
    if not (1e-300 <= sigma <= 1e100):
        return False   # the sigma option's own range decides
    return sigma * max(1, abs(a)) > 1e250 or (a != 0 and sigma * min(1, abs(a)) < 1e-300)


# ---------------------------------------------------------------------------
# Rules: combinations the binary refuses, or whose outcome is not predictable.


@dataclass(frozen=True)
class Rule:
    """One combination rule. test(surface, cmd, values) says whether it applies."""
    names: tuple               # the options it reads: the minimizer keeps them together
    test: object
    verdict: str = "invalid"   # "invalid": must be refused; "unknown": either way is fine

    @property
    def why(self):
        """The rule's reason, from its test's docstring."""
        return (self.test.__doc__ or self.test.__name__).strip().splitlines()[0]


def lyapunov_needs_slope(surface, cmd, values):
    """--init lyapunov needs a nonzero slope (with ReLU lambda = -infinity at every sigma)."""
    return not is_train(cmd) and cmd.name != "init" and values.get("init") == "lyapunov" and zero_slope(values)


def init_with_relu(surface, cmd, values):
    """init at slope 0 asks for sigma_crit of ReLU, which does not exist: outcome not specified."""
    return cmd.name == "init" and zero_slope(values)


def ensemble_parameter_misplaced(surface, cmd, values):
    """--dof belongs to student-t, --density to sparse and --noise to diagonal-noise, and each of
    those needs its own (init --target-depth searches the noise instead)."""
    if is_train(cmd) or not any(cmd.option(n) for n in ("dof", "density", "noise")):
        return False
    ensemble = given_ensemble(values)
    if "dof" in values and ensemble != "student-t":
        return True
    if "density" in values and ensemble != "sparse":
        return True
    if "noise" in values and ensemble != "diagonal-noise":
        return True
    if ensemble == "diagonal-noise" and "noise" not in values and "target-depth" not in values:
        return True
    return (ensemble == "student-t" and "dof" not in values) or (ensemble == "sparse" and "density" not in values)


def relu_orthogonal_width_one(surface, cmd, values):
    """relu-orthogonal removes the mean, the only direction at width 1: width 1 is refused."""
    ensemble = values.get("init") if is_train(cmd) else given_ensemble(values)
    return ensemble == "relu-orthogonal" and number(values, "width") == 1


def preset_and_ensemble(surface, cmd, values):
    """A preset sets the ensemble: --preset and --ensemble together are refused."""
    return not is_train(cmd) and "preset" in values and "ensemble" in values


def sigma_and_preset(surface, cmd, values):
    """A preset sets sigma: --sigma and --preset together are refused."""
    return not is_train(cmd) and "preset" in values and "sigma" in values


def burn_in_too_deep(surface, cmd, values):
    """--burn-in must leave at least one layer: below --depth (default 200)."""
    burn, depth = number(values, "burn-in"), number(values, "depth", 200)
    return burn is not None and depth is not None and burn >= depth


def subnormal_slope(surface, cmd, values):
    """Nonzero slopes below 1e-300 in size are refused (subnormal numbers carry no precision)."""
    a = number(values, "slope")
    return a is not None and 0 < abs(a) < 1e-300


def shard_without_save(surface, cmd, values):
    """--shard needs --save (a shard's samples are useless unless kept for merge)."""
    return "shard" in values and "save" not in values


def more_shards_than_samples(surface, cmd, values):
    """--shard K/N needs N <= --samples (default 1000): every shard holds a sample."""
    match = SHARD_TEXT.fullmatch(values.get("shard", ""))
    samples = number(values, "samples", 1000)
    return bool(match) and samples is not None and int(match.group(2)) > samples


def same_output_file(surface, cmd, values):
    """Two file options naming one file: which content wins is not specified."""
    files = [values[o.name] for o in cmd.options if o.kind == "file" and o.name in values]
    return len(files) != len(set(files))


def merge_inputs(surface, cmd, values):
    """Commands that read files the fuzzer did not make (merge's partial results) may refuse them."""
    return any(o.kind == "input" and (o.required or o.name in values) for o in cmd.options)


def relu_calibration(surface, cmd, values):
    """calibrate with ReLU: refused when no replication keeps two networks alive (depends on depth)."""
    return cmd.name == "calibrate" and zero_slope(values)


def simulated_scale_out_of_range(surface, cmd, values):
    """Commands that simulate at the given scale refuse sigma |a| products that cannot be represented."""
    return cmd.name in ("estimate", "bench", "calibrate", "spectrum", "angles", "gradients", "profile") \
        and shape_given(values) and scale_out_of_range(values)


def jacobian_slope_out_of_range(surface, cmd, values):
    """spectrum and gradients need 1e-8 <= |a| <= 1e8 (a = 0 makes the Jacobian singular)."""
    a = 0.0 if values.get("activation") == "relu" else number(values, "slope")
    return cmd.name in CUBIC_COMMANDS and a is not None and not (1e-8 <= abs(a) <= 1e8)


def too_many_exponents(surface, cmd, values):
    """spectrum --exponents K needs K <= width."""
    k, n = number(values, "exponents"), number(values, "width")
    return cmd.name == "spectrum" and k is not None and n is not None and k > n


def angle_needs_two_dimensions(surface, cmd, values):
    """angles needs width >= 2 and an angle in [0, pi]."""
    if cmd.name != "angles":
        return False
    n, theta = number(values, "width"), number(values, "angle")
    return (n is not None and n < 2) or (theta is not None and not (0 <= theta <= math.pi))


def gradients_reduced(surface, cmd, values):
    """gradients need every weight matrix: --method reduced is refused."""
    return cmd.name == "gradients" and values.get("method") == "reduced"


def init_scale_out_of_range(surface, cmd, values):
    """init simulates at sigma = 1 only for ensembles without a closed form: may refuse extreme slopes."""
    return cmd.name == "init" and scale_out_of_range(dict(values, sigma="1"))


def not_homogeneous(surface, cmd, values):
    """Commands that follow log||x|| refuse activations that are not positively homogeneous
    (all but leaky-relu and relu); init allows them with --target-depth."""
    if is_train(cmd) or not homogeneous_only(cmd) or "target-depth" in values:
        return False
    return values.get("activation", "leaky-relu") not in ("leaky-relu", "relu")


def activation_parameters_misplaced(surface, cmd, values):
    """--slope is required with (and only with) leaky-relu, the default; --beta with scaled-tanh."""
    if is_train(cmd) or not cmd.option("slope") or not shape_given(values):
        return False
    activation = values.get("activation", "leaky-relu")
    if (activation == "leaky-relu") != ("slope" in values):
        return True
    return bool(cmd.option("beta")) and (activation == "scaled-tanh") != ("beta" in values)


def noise_search_misused(surface, cmd, values):
    """init --target-depth searches the noise of diagonal-noise: any other ensemble, a given --noise,
    or --preset is refused."""
    if cmd.name != "init" or "target-depth" not in values:
        return False
    return values.get("ensemble") != "diagonal-noise" or "noise" in values or "preset" in values


def effective_ensemble(surface, values):
    """The ensemble a (non-train) run draws from: the preset's, --ensemble's, else gaussian."""
    return surface.preset_ensemble(values["preset"]) if "preset" in values else given_ensemble(values)


def without_closed_form(surface, cmd, values):
    """theory prints, and calibrate judges against, the closed forms of the ensembles `lyapsim
    ensembles` marks "closed form" (any ensemble at width 1): others are refused."""
    if cmd.name not in ("theory", "calibrate") or not shape_given(values) or number(values, "width") in (None, 1):
        return False
    ensemble = effective_ensemble(surface, values)
    closed = surface.closed_form_ensembles()
    return bool(closed) and ensemble is not None and ensemble not in closed


def width_one_outside_assumptions(surface, cmd, values):
    """theory and calibrate at width 1 with an ensemble outside the theorem's assumptions (an atom,
    no density): some have a width-1 closed form (rademacher), some not (sparse, diagonal-noise)."""
    if cmd.name not in ("theory", "calibrate") or not shape_given(values) or number(values, "width") != 1:
        return False
    return effective_ensemble(surface, values) in surface.outside_assumptions_ensembles()


def reduced_needs_rotation_invariance(surface, cmd, values):
    """--method reduced is exact only for the ensembles `lyapsim ensembles` marks rotation
    invariant: others are refused."""
    if is_train(cmd) or values.get("method") != "reduced" or not shape_given(values):
        return False
    if cmd.name == "init" and "ensemble" not in values and "preset" not in values:
        return False      # init's default: gaussian and orthogonal
    invariant = surface.rotation_invariant_ensembles()
    ensemble = effective_ensemble(surface, values)
    return bool(invariant) and ensemble is not None and ensemble not in invariant


def monte_carlo_sigma_crit(surface, cmd, values):
    """sigma_crit of an ensemble without a closed form is found by a Monte Carlo pilot, which
    fails when fewer than two networks survive (depends on the slope and the draw)."""
    if is_train(cmd) or not (values.get("init") == "lyapunov" or cmd.name == "init"):
        return False
    if cmd.name == "init" and "ensemble" not in values and "preset" not in values:
        return False      # init's default: gaussian and orthogonal, both with closed forms
    closed = surface.closed_form_ensembles()
    return bool(closed) and effective_ensemble(surface, values) not in closed


def save_weights_misused(surface, cmd, values):
    """init --save-weights draws a network layer by layer: --target-depth and --preset are refused,
    and so is an ensemble without a closed form unless --init he."""
    if cmd.name != "init" or "save-weights" not in values:
        return False
    if "target-depth" in values or "preset" in values:
        return True
    closed = surface.closed_form_ensembles()
    ensemble = values.get("ensemble", "gaussian")
    return bool(closed) and ensemble not in closed and values.get("init", "lyapunov") != "he"


def option_not_for_command(surface, cmd, values):
    """An option whose help names the subcommands it is for ("theory, estimate and init") is
    refused by the others."""
    return any(o.accepted_by and cmd.name not in o.accepted_by for o in cmd.options if o.name in values)


def layered_shape(surface, cmd, values):
    """--widths, --arch and --residual each exclude a different set of other options (--depth,
    --method, --burn-in, --preset, --slope ...): their outcome is left to the crash oracles."""
    return any(n in values for n in ("widths", "arch", "residual"))


def group_violated(surface, cmd, values):
    """Option groups the help declares: "Give one of --x, --y and --z" (exactly one) and
    "Give at most one of ..." (not two)."""
    for kind, names in cmd.groups:
        given = [n for n in names if n in values]
        if len(given) > 1 or (kind == "one" and not given):
            return True
    return False


# --- train ------------------------------------------------------------------


def lyapunov_inits(surface, cmd):
    """train's Lyapunov methods: its --init names that start with "lyapunov"."""
    opt = cmd.option("init")
    return [v for v in (opt.values if opt else []) if v.startswith("lyapunov")]


def train_lyapunov_needs_leaky(surface, cmd, values):
    """lyapunov, lyapunov-orthogonal and lyapunov-sampling set sigma_crit by the Leaky ReLU theory:
    they need --activation leaky-relu with a nonzero slope (the default slope is 0.1)."""
    if not is_train(cmd) or values.get("init") not in lyapunov_inits(surface, cmd):
        return False
    return values.get("activation", "leaky-relu") != "leaky-relu" or zero_slope(values)


def train_sigma_misplaced(surface, cmd, values):
    """--sigma only with --init ENSEMBLE (a study method or preset sets its own scale); orthogonal
    is both a method and an ensemble: with --sigma it is the ensemble."""
    return is_train(cmd) and "sigma" in values and values.get("init") not in surface.listings.get("ensemble", ())


def train_shape_parameter_misplaced(surface, cmd, values):
    """--dof with (and only with) --init student-t, --density with sparse, --noise with diagonal-noise."""
    if not is_train(cmd):
        return False
    init = values.get("init")
    return any((name in values) != (init == owner)
               for name, owner in (("dof", "student-t"), ("density", "sparse"), ("noise", "diagonal-noise")))


def train_activation_parameters_misplaced(surface, cmd, values):
    """--slope only with leaky-relu (optional: 0.1 by default); --beta with (and only with) scaled-tanh."""
    if not is_train(cmd):
        return False
    activation = values.get("activation", "leaky-relu")
    if "slope" in values and activation != "leaky-relu":
        return True
    return (activation == "scaled-tanh") != ("beta" in values)


def train_decay_too_strong(surface, cmd, values):
    """--weight-decay needs lr * weight-decay < 1 (else every step flips or zeroes the weights)."""
    if not is_train(cmd):
        return False
    lr = number(values, "lr", TRAIN_DEFAULTS["lr"])
    wd = number(values, "weight-decay", TRAIN_DEFAULTS["weight-decay"])
    if lr is None or wd is None or not (0 < lr <= 10) or wd < 0:
        return False     # the option's own range decides
    return lr * wd >= 1


def train_shape(values):
    """(d_in, N, L, d_out) of a train invocation, or None when a size is not a valid number."""
    task, width, depth = values.get("task"), integer(values, "width"), integer(values, "depth")
    if task not in TRAIN_TASKS or width is None or depth is None:
        return None
    if not (1 <= width <= 8192 and 1 <= depth <= 10000):
        return None
    return TRAIN_TASKS[task][0], width, depth, TRAIN_TASKS[task][1]


def train_too_many_parameters(surface, cmd, values):
    """At most 2^20 trained parameters (refused naming --width)."""
    shape = train_shape(values) if is_train(cmd) else None
    if shape is None:
        return False
    d_in, n, depth, d_out = shape
    return d_in * n + n + depth * (n * n + n) + n * d_out + d_out > TRAIN_MAX_PARAMETERS


def train_activations_too_big(surface, cmd, values):
    """The pass keeps z and phi(z) of every layer for the whole batch: at most 2 GiB (refused naming --batch)."""
    shape = train_shape(values) if is_train(cmd) else None
    batch = integer(values, "batch", TRAIN_DEFAULTS["batch"])
    if shape is None or batch is None or not 1 <= batch <= 1024:
        return False
    _, n, depth, d_out = shape
    return 16 * (depth + 2) * max(n, d_out) * batch > TRAIN_ACTIVATION_BYTES


def train_data_dir_misplaced(surface, cmd, values):
    """--data-dir only with a task on real data (fashion-mnist); the synthetic tasks draw their own."""
    return is_train(cmd) and "data-dir" in values and values.get("task") in TRAIN_TASKS \
        and values.get("task") != "fashion-mnist"


def train_reads_data_dir(surface, cmd, values):
    """fashion-mnist reading a folder the fuzzer made: missing files exit 66, corrupt ones 65."""
    return is_train(cmd) and "data-dir" in values and values.get("task") == "fashion-mnist"


def train_size_out_of_range(surface, cmd, values):
    """--train-size from 1 to the task's pool (fashion-mnist 55000, synthetic 2^22), and --batch at
    most the training set's size."""
    if not is_train(cmd) or values.get("task") not in TRAIN_TASKS:
        return False
    pool = TRAIN_TASKS[values["task"]][3]
    size = integer(values, "train-size", TRAIN_DEFAULT_SIZE.get(values["task"], 1024))
    batch = integer(values, "batch", TRAIN_DEFAULTS["batch"])
    if size is None:
        return False
    if not 1 <= size <= pool:
        return True
    return batch is not None and 1 <= batch <= 1024 and batch > size


RULES = (
    Rule(("init", "slope", "activation"), lyapunov_needs_slope),
    Rule(("init", "slope", "activation"), init_with_relu, "unknown"),
    Rule(("dof", "density", "noise", "ensemble", "preset", "target-depth"), ensemble_parameter_misplaced),
    Rule(("ensemble", "init", "width"), relu_orthogonal_width_one),
    Rule(("preset", "ensemble"), preset_and_ensemble),
    Rule(("preset", "sigma"), sigma_and_preset),
    Rule(("burn-in", "depth"), burn_in_too_deep),
    Rule(("slope",), subnormal_slope),
    Rule(("shard", "save"), shard_without_save),
    Rule(("shard", "samples"), more_shards_than_samples),
    Rule(("save", "checkpoint", "save-samples", "save-trajectories", "save-weights"), same_output_file, "unknown"),
    Rule(("file",), merge_inputs, "unknown"),
    Rule(("slope", "activation"), relu_calibration, "unknown"),
    Rule(("slope", "sigma", "preset", "init"), simulated_scale_out_of_range),
    Rule(("slope", "activation"), jacobian_slope_out_of_range),
    Rule(("exponents", "width"), too_many_exponents),
    Rule(("width", "angle"), angle_needs_two_dimensions),
    Rule(("method",), gradients_reduced),
    Rule(("slope", "ensemble"), init_scale_out_of_range, "unknown"),
    Rule(("activation", "target-depth"), not_homogeneous),
    Rule(("activation", "slope", "beta"), activation_parameters_misplaced),
    Rule(("target-depth", "ensemble", "noise", "preset"), noise_search_misused),
    Rule(("ensemble", "preset", "width"), without_closed_form),
    Rule(("ensemble", "preset", "width"), width_one_outside_assumptions, "unknown"),
    Rule(("method", "ensemble", "preset"), reduced_needs_rotation_invariance),
    Rule(("init", "ensemble", "preset"), monte_carlo_sigma_crit, "unknown"),
    Rule(("save-weights", "target-depth", "preset", "ensemble", "init"), save_weights_misused),
    Rule(("widths", "arch", "residual"), option_not_for_command),
    Rule(("widths", "arch", "residual"), layered_shape, "unknown"),
    Rule(("width", "widths", "arch", "sigma", "init", "preset"), group_violated),
    Rule(("init", "activation", "slope"), train_lyapunov_needs_leaky),
    Rule(("sigma", "init"), train_sigma_misplaced),
    Rule(("init", "dof", "density", "noise"), train_shape_parameter_misplaced),
    Rule(("activation", "slope", "beta"), train_activation_parameters_misplaced),
    Rule(("lr", "weight-decay"), train_decay_too_strong),
    Rule(("width", "depth", "task"), train_too_many_parameters),
    Rule(("width", "depth", "batch", "task"), train_activations_too_big),
    Rule(("data-dir", "task"), train_data_dir_misplaced),
    Rule(("data-dir", "task"), train_reads_data_dir, "unknown"),
    Rule(("train-size", "batch", "task"), train_size_out_of_range),
)


def verdicts(surface, cmd, values):
    """[(rule, verdict)] of every rule that applies to this invocation."""
    return [(rule, rule.verdict) for rule in RULES if rule.test(surface, cmd, values)]


# ---------------------------------------------------------------------------
# Cost.


def train_cost(values):
    """Work of one train invocation (see TRAIN_NORMAL_CAP); 1 when a size is not a number."""
    shape = train_shape(dict(values, task=values.get("task", "teacher")))
    steps = integer(values, "steps", TRAIN_DEFAULTS["steps"])
    batch = integer(values, "batch", TRAIN_DEFAULTS["batch"])
    runs = integer(values, "runs", TRAIN_DEFAULTS["runs"])
    if shape is None or None in (steps, batch, runs) or min(steps, batch, runs) < 1:
        return 1
    d_in, n, depth, d_out = shape
    held_out = TRAIN_TASKS.get(values.get("task"), (0, 0, 1024))[2]
    steps, batch, runs = min(steps, 10**8), min(batch, 1024), min(runs, 10**6)
    candidates = math.ceil(depth ** 0.5) if values.get("init") == "lyapunov-sampling" else 1
    params = n * n * depth + n * (d_in + d_out + depth)
    points = min(20, steps) + 1
    forwards = 3 * steps * batch + points * held_out + 2048 + 256 * candidates
    calls = (depth + 2) * (2 * steps + points * math.ceil(held_out / batch) + 4 + candidates)
    per_unit = 20 if values.get("activation") in TRAIN_TRANSCENDENTAL else 2
    units = n * (depth + 1) * forwards * per_unit
    return float(runs) * (params * forwards + units + TRAIN_LAYER_CALL * calls + candidates * depth * n ** 3)


def cost(cmd, values):
    """Random numbers one (non-train) invocation draws: the product of its sizes."""
    if is_train(cmd):
        return train_cost(values)
    if not (cmd.option("depth") or cmd.option("samples")):
        return 1
    total = 1.0
    for name, exponent in COST_EXPONENT.items():
        opt = cmd.option(name)
        if not opt:
            continue
        text = values.get(name, opt.default)
        if text is None or not INT_TEXT.fullmatch(text):
            continue
        if name == "width" and values.get("method") == "reduced":
            exponent = 1
        elif name == "width" and cmd.name in CUBIC_COMMANDS:
            exponent = 3
        size = max(1, int(text)) + COST_OFFSET.get(name, 0)
        total *= float(min(size, 10**30)) ** exponent
    if "depth" not in values and cmd.option("depth"):
        total *= 200           # the documented default depth
    for (name, value), factor in COST_FACTOR.items():
        if values.get(name) == value:
            total *= factor
    if "target-depth" in values:
        total *= 30    # init's noise search: about 25 bisection steps and 4 comparison profiles
    samples_opt, repeats_opt = cmd.option("samples"), cmd.option("repeats")
    samples = values.get("samples", samples_opt.default if samples_opt else "1")
    repeats = values.get("repeats", repeats_opt.default if repeats_opt else "0")
    if samples and INT_TEXT.fullmatch(samples) and repeats and INT_TEXT.fullmatch(repeats):
        seeds = float(min(int(samples), 10**30)) * (max(0, int(repeats)) + 1)
        total += seeds * SEED_COST.get(values.get("rng", ""), 50)
    return total
