"""Combination rules: what the binary rightly refuses although each value alone is valid.

Each rule reads some options of one invocation and says "invalid" (the binary must refuse
it) or "unknown" (its outcome cannot be predicted, so only the oracles that hold for every
run judge it). The docstring of each test states the rule and, where it comes from the
binary's own documentation, where. Rules are keyed by option and subcommand names, so a
new subcommand is judged by the rules of the options it shares.
"""

import math
import re
from dataclasses import dataclass

from .cost import CUBIC_COMMANDS, TRAIN_DEFAULT_SIZE, TRAIN_DEFAULTS, TRAIN_TASKS, train_shape
from .option_values import SHARD_TEXT
from .parsing import FLOAT_TEXT, integer, number

TRAIN_MAX_PARAMETERS = 1 << 20           # MLPShape.maxParameters
TRAIN_ACTIVATION_BYTES = 2 * 1024 ** 3   # 16 (L + 2) max(N, d_out) B bytes at most

# ---------------------------------------------------------------------------
# Small helpers the rules share.


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


# What a recorded command counts (the records a shard splits), and its default.
RECORD_COUNTS = {"calibrate": ("replications", 200), "train": ("runs", 20), "profile": ("samples", 100)}


def more_shards_than_samples(surface, cmd, values):
    """--shard K/N needs N <= the command's record count (samples, replications or runs): every
    shard holds a record."""
    match = SHARD_TEXT.fullmatch(values.get("shard", ""))
    option, default = RECORD_COUNTS.get(cmd.words[0] if cmd.words else "", ("samples", 1000))
    count = number(values, option, default)
    return bool(match) and count is not None and int(match.group(2)) > count


def burn_in_outside_estimate(surface, cmd, values):
    """Only estimate's Markov-chain statistics use --burn-in; the other commands refuse it."""
    return "burn-in" in values and cmd.words[:1] != ["estimate"]


def biased_spectrum_reduced(surface, cmd, values):
    """spectrum --bias-sigma draws full matrices: --method reduced is refused with it."""
    sigma_b = number(values, "bias-sigma", 0)
    return (cmd.words[:1] == ["spectrum"] and sigma_b is not None and sigma_b > 0
            and values.get("method") == "reduced")


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


def preset_scale_with_extreme_slope(surface, cmd, values):
    """With --preset the scale is the preset's (not known here): a slope beyond 1e-250 or 1e250
    in size may make sigma |a| unrepresentable, which the simulating commands refuse."""
    a = number(values, "slope")
    return "preset" in values and a is not None and a != 0 and not (1e-250 <= abs(a) <= 1e250)


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
    Rule(("shard", "samples", "replications", "runs"), more_shards_than_samples),
    Rule(("burn-in",), burn_in_outside_estimate),
    Rule(("bias-sigma", "method"), biased_spectrum_reduced),
    Rule(("save", "checkpoint", "save-samples", "save-trajectories", "save-weights"), same_output_file, "unknown"),
    Rule(("file",), merge_inputs, "unknown"),
    Rule(("slope", "activation"), relu_calibration, "unknown"),
    Rule(("slope", "sigma", "preset", "init"), simulated_scale_out_of_range),
    Rule(("slope", "preset"), preset_scale_with_extreme_slope, "unknown"),
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
