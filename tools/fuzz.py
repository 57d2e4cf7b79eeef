#!/usr/bin/env python3
"""Fuzz the lyapsim command line and report every way it misbehaves.

    python3 tools/fuzz.py --binary PATH [--count N] [--seed K] [--jobs J]
                          [--timeout S] [--report FILE]

The command surface (subcommands, options, enumerations, defaults and documented
ranges) is read from the binary's own `--help` output, so a new subcommand or option
is fuzzed without editing this script. A small table of value generators covers the
option names whose meaning the help text cannot tell (sizes, slopes, seeds ...);
anything else gets generic values inferred from its default and description.

Every invocation runs with its working directory, HOME and TMPDIR set to a fresh
temporary directory, and every path given to the binary lies inside that directory.
Each result is checked against one oracle (see `check`): no signal, no timeout, exit
status in {0, 64, 70, 73}, no `nan` in the output, one line of stderr on failure and
no stack trace, something on stdout on success, JSON that parses with no NaN or
Infinity, refusals that name the flag, valid input accepted, invalid input refused,
and nothing left half-written after a failure.

The list of command lines depends only on the seed and on what the binary prints
(help, generator list, and the files a probe run writes), never on timing.
The summary is printed at the end; exit status is 0 when nothing failed, 1 otherwise.
Standard library only.
"""

import argparse
import concurrent.futures
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from dataclasses import dataclass, field

DEFAULT_SEED = 20260223
ALLOWED_EXITS = {0, 64, 70, 73}

# Used when the binary has no `rngs` subcommand to list its generators.
# Real GSL generators missing from that list: names the binary may or may not accept.
OTHER_GSL = set("""borosh13 coveyou fishman18 fishman20 fishman2x knuthran2 knuthran2002 lecuyer21
    ranf ranlux389 ranlxs1 ranlxs2 ranlxd1 ranmar random128_bsd random128_glibc2 random128_libc5
    random256_bsd random256_glibc2 random256_libc5 random32_bsd random32_glibc2 random32_libc5
    random64_bsd random64_glibc2 random64_libc5 random8_bsd random8_glibc2 random8_libc5
    random_glibc2 random_libc5 waterman14 mt19937_1998 mt19937_1999""".split())
GSL_NAMES = ("mt19937 ranlxd2 taus2 ran0 ran1 ran2 ran3 uni uni32 slatec zuf coveyou randu vax "
             "transputer rand rand48 random_bsd knuthran cmrg mrg gfsr4 r250 tt800 ranlux ranlxs0 "
             "minstd xoshiro256++ xoshiro256++x8").split()

# ---------------------------------------------------------------------------
# What the help text cannot tell: value generators by option name.


@dataclass
class Known:
    """Knowledge about one option name: its type, typical valid values and valid range."""
    kind: str                  # "int" or "float"
    typical: tuple             # typical valid values, as typed on a command line
    low: float = None          # valid range, used when the help text states none
    high: float = None
    trusted: bool = True       # the typical values are documented to be valid
    simple: str = None         # value the minimizer tries in place of another


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
    # The engine's own ranges (student-t: nu > 2 for a finite variance); used where the help is silent (train).
    "dof": Known("float", ("2.5", "5", "30"), low=2.0000000000000004, high=1e6, trusted=False, simple="5"),
    "density": Known("float", ("0.1", "0.5", "1"), low=1e-9, high=1, trusted=False, simple="0.5"),
    "noise": Known("float", ("0", "0.01", "0.1"), low=0, high=1000, trusted=False, simple="0"),
    "angle": Known("float", ("0", "0.5", "1.5707963267948966"), trusted=False, simple="0"),
    "exponents": Known("int", ("1", "2", "3"), low=1, trusted=False, simple="1"),
    "replications": Known("int", ("2", "3", "5"), low=2, trusted=False, simple="2"),
    "burn-in": Known("int", ("0", "1", "10"), low=0, trusted=False, simple="0"),
    "beta": Known("float", ("0.5", "1", "2", "3"), low=1e-6, high=1e6, trusted=False, simple="1"),
    "inputs": Known("int", ("1", "2", "3", "4"), low=1, high=1024, simple="3"),
    "target-depth": Known("int", ("1", "2", "5", "10"), low=1, high=100000, trusted=False, simple="5"),
    # train: sizes of the optimization (ranges also in its help), learning rate in (0, 10],
    # decoupled weight decay >= 0 (lr * wd < 1 is a conflict rule), clipping norm > 0 and finite.
    "steps": Known("int", ("1", "2", "5", "10", "20", "50", "200"), low=1, high=10**7, simple="5"),
    "batch": Known("int", ("1", "2", "8", "16", "32", "64"), low=1, high=1024, simple="8"),
    "runs": Known("int", ("1", "2", "3", "6", "10"), low=1, high=100000, simple="2"),
    "lr": Known("float", ("1e-4", "0.001", "0.01", "0.1", "1", "10"), low=5e-324, high=10, simple="0.001"),
    "weight-decay": Known("float", ("0", "1e-4", "0.01", "0.5", "10"), low=0, simple="0"),
    "clip": Known("float", ("1e-3", "0.1", "1", "10", "1e6"), low=5e-324, high=1.7976931348623157e308,
                  simple="1"),
}

# Options whose help lists their values as "Word: a, b, c." (not "(values: ...)"): train's
# --task, --init and --activation. Read as enumerations so typical values are real names.
LISTED_ENUMS = {"task", "init", "activation"}
LISTED_VALUES = re.compile(r":\s*([a-z][a-z0-9-]*(?:,\s*[a-z][a-z0-9-]*)+)\s*(?:\.|\()")

# --shard K/N (0 <= K < N <= samples): typical values and the rule for valid text.
SHARD_TYPICAL = ("0/1", "0/2", "1/2", "2/3", "0/4", "3/4")
SHARD_TEXT = re.compile(r"([0-9]+)/([0-9]+)")
# Output *files* (placeholder <file>): partial results, checkpoints, sample exports.
# Those whose help names .npy and .csv must end in one of them.
EXPORT_SUFFIXES = (".npy", ".csv")

PATH_NAMES = {"out", "output", "results", "notebooks", "save", "dir", "directory", "file", "path",
              "prefix", "log", "dest", "destination"}
RNG_NAMES = {"rng", "generator"}

# Work per invocation: product of these sizes (width squared unless --method reduced).
# bench runs --repeats times plus once for its RNG floor; Haar matrices cost about thrice.
COST_EXPONENT = {"width": 2, "depth": 1, "samples": 1, "repeats": 1, "replications": 1, "inputs": 1,
                 "target-depth": 1}
COST_OFFSET = {"repeats": 1}
COST_FLOOR = {"samples": 2, "replications": 2}
COST_FACTOR = {("ensemble", "orthogonal"): 3}
NORMAL_CAP = 3e5            # random numbers drawn by an ordinary invocation
EXTREME_CAP = 2.5e8         # ... by one of the few deliberately extreme-but-valid ones

# Subcommands that take tens of seconds unless an option narrows them.
SLOW_UNLESS = {"regenerate": None, "tables": "only"}
COMMAND_WEIGHT = {"regenerate": 0.2, "tables": 0.15}  # others weigh 1
CHEAP_FULL_PROFILE = {"T2", "T7"}      # tables cheap enough for --profile full
SLOW_TABLES = {"T8", "T9", "T10"}      # tables that take the slow timeout even alone
TABLE_WEIGHT = {"T1": 0.1, "T3": 0.4, "T4": 0.4, "T5": 0.4, "T8": 0.05}   # others weigh 6
FAST_RNGS = ("xoshiro256++", "xoshiro256++x8", "mt19937")  # cheap to seed 200000 times
# Seeding one sample's generator, in random numbers' worth of time (others: 50).
SEED_COST = {"gfsr4": 5e4, "zuf": 2e4, "knuthran": 5e3}



def zero_slope(values):
    """Is the slope given and exactly zero (ReLU)?"""
    text = values.get("slope", "")
    return bool(FLOAT_TEXT.fullmatch(text)) and float(text) == 0.0


def given_ensemble(values):
    """The ensemble a run uses: --ensemble, else gaussian (None when a preset decides)."""
    if "preset" in values:
        return None
    return values.get("ensemble", "gaussian")


def number(values, name, default=None):
    """The float value of an option, or default when absent or not a number."""
    text = values.get(name)
    if text is None or not FLOAT_TEXT.fullmatch(text):
        return default
    return float(text)


def shape_parameter_misplaced(values):
    """--dof belongs to student-t, --density to sparse and --noise to diagonal-noise, and each of those
    needs its own (except that init --target-depth searches the noise)."""
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


def activation_parameters_misplaced(cmd, values):
    """--slope is required with (and only with) leaky-relu, the default; --beta with scaled-tanh."""
    if not cmd.option("slope") or is_train(cmd):
        return False     # train: its own rule (the slope is optional there)
    activation = values.get("activation", "leaky-relu")
    if (activation == "leaky-relu") != ("slope" in values):
        return True
    return (activation == "scaled-tanh") != ("beta" in values)


def relu_orthogonal_at_width_one(values):
    """relu-orthogonal removes the mean, the only direction at width 1: width 1 is refused."""
    return given_ensemble(values) == "relu-orthogonal" and number(values, "width") == 1


def log_norm_needs_homogeneous(cmd, values):
    """estimate, theory, calibrate, bench and init (without --target-depth) follow log||x||: they refuse
    activations that are not positively homogeneous (all but leaky-relu and relu)."""
    if cmd.words[:1] not in (["estimate"], ["theory"], ["calibrate"], ["bench"], ["init"]):
        return False
    return values.get("activation", "leaky-relu") not in ("leaky-relu", "relu") and "target-depth" not in values


def noise_search_misused(cmd, values):
    """init --target-depth searches the noise of diagonal-noise: any other ensemble, a given --noise,
    or --preset is refused."""
    if cmd.words[:1] != ["init"] or "target-depth" not in values:
        return False
    return values.get("ensemble") != "diagonal-noise" or "noise" in values or "preset" in values


def scale_options_clash(values):
    """At most one of --sigma, --init and --preset (and init takes --ensemble or --preset, not both)."""
    return sum(name in values for name in ("sigma", "init", "preset")) > 1 or \
        ("preset" in values and "ensemble" in values)


def burn_in_too_deep(values):
    """--burn-in must leave at least one layer: below --depth (default 200)."""
    burn, depth = number(values, "burn-in"), number(values, "depth", 200)
    return burn is not None and depth is not None and burn >= depth


def shard_without_save(values):
    """--shard needs --save (a shard's samples are useless unless kept for merge)."""
    return "shard" in values and "save" not in values


def more_shards_than_samples(values):
    """--shard K/N needs N <= --samples (default 1000): every shard holds a sample."""
    match = SHARD_TEXT.fullmatch(values.get("shard", ""))
    samples = number(values, "samples", 1000)
    return bool(match) and samples is not None and int(match.group(2)) > samples


def same_output_file(values):
    """Two file options naming one file: which content wins is not specified."""
    files = [values[n] for n in ("save", "checkpoint", "save-samples", "save-trajectories") if n in values]
    return len(files) != len(set(files))


def merge_needs_shards(cmd, values):
    """merge accepts only partial-result files of one run, which the fuzzer does not make."""
    return cmd.words[:1] == ["merge"]


def relu_calibration(cmd, values):
    """calibrate with ReLU: refused when no replication keeps two networks alive (depends on depth)."""
    return cmd.words == ["calibrate"] and zero_slope(values)


def subnormal_slope(values):
    """Nonzero slopes below 1e-300 in size are refused (subnormal numbers carry no precision)."""
    a = number(values, "slope")
    return a is not None and 0 < abs(a) < 1e-300


def scale_out_of_range(values):
    """With the default He gain sqrt(2/(1+a^2)), |a| beyond about 1.4e300 ... but also sigma |a| <= 1e250."""
    a = number(values, "slope")
    sigma = number(values, "sigma")
    if a is None or "preset" in values or values.get("init") == "lyapunov":
        return False
    if sigma is None:
        sigma = (2 / (1 + a * a)) ** 0.5 if abs(a) < 1e150 else 2 ** 0.5 / abs(a)
    if not (1e-300 <= sigma <= 1e100):
        return False   # the sigma option's own range decides
    return sigma * max(1, abs(a)) > 1e250 or (a != 0 and sigma * min(1, abs(a)) < 1e-300)


def simulated_scale_out_of_range(cmd, values):
    """Commands that simulate at the given scale refuse sigma |a| products that cannot be represented."""
    return cmd.words[:1] in (["estimate"], ["bench"], ["calibrate"], ["spectrum"], ["angles"], ["gradients"]) \
        and scale_out_of_range(values)


JACOBIAN_COMMANDS = (["spectrum"], ["gradients"])


def jacobian_slope_out_of_range(cmd, values):
    """spectrum and gradients need 1e-8 <= |a| <= 1e8 (a = 0 makes the Jacobian singular)."""
    a = number(values, "slope")
    return cmd.words[:1] in JACOBIAN_COMMANDS and a is not None and not (1e-8 <= abs(a) <= 1e8)


def too_many_exponents(cmd, values):
    """spectrum --exponents K needs K <= width."""
    k, n = number(values, "exponents"), number(values, "width")
    return cmd.words[:1] == ["spectrum"] and k is not None and n is not None and k > n


def angle_needs_two_dimensions(cmd, values):
    """angles needs width >= 2 and an angle in [0, pi]."""
    if cmd.words[:1] != ["angles"]:
        return False
    n, theta = number(values, "width"), number(values, "angle")
    return (n is not None and n < 2) or (theta is not None and not (0 <= theta <= 3.141592653589793))


def gradients_reduced(cmd, values):
    """gradients need every weight matrix: --method reduced is refused."""
    return cmd.words[:1] == ["gradients"] and values.get("method") == "reduced"


def init_scale_out_of_range(cmd, values):
    """init simulates at sigma = 1 only for ensembles without a closed form."""
    return cmd.words[:1] == ["init"] and scale_out_of_range(dict(values, sigma="1"))


# --- train: cost model ---------------------------------------------------------------------------
# Work of one train invocation, in multiply-adds: every run does steps x batch forward + backward
# passes (about 3 N^2 L each), 1024 held-out forwards at min(20, steps) + 1 curve points, about 2048
# forwards of data (the teacher), 256 probe forwards per Lyapunov-sampling candidate, and draws its
# hidden layers through the ensemble (N^3 per layer per candidate); plus a per-layer overhead for each
# chunk of a pass (the held-out set goes in chunks of the batch size: batch 1 is 1024 chunks).
# Measured with one thread: about 1.5e9 units per second.
TRAIN_NORMAL_CAP = 4e8
TRAIN_EXTREME_CAP = 2e10
TRAIN_LAYER_CALL = 50
TRAIN_SHRINK = (("steps", 50), ("runs", 3), ("batch", 16), ("steps", 1), ("runs", 1), ("batch", 1),
                ("depth", 1), ("width", 1))
TRAIN_COMMAND = type("TrainCommand", (), {"words": ["train"]})()


def train_cost(values):
    """Work of one train invocation (see TRAIN_NORMAL_CAP); 1 when a size is not a number."""
    shape = train_shape(dict(values, task=values.get("task", "teacher")))
    steps, batch, runs = train_int(values, "steps"), train_int(values, "batch"), train_int(values, "runs")
    if shape is None or None in (steps, batch, runs) or min(steps, batch, runs) < 1:
        return 1
    d_in, n, depth, d_out = shape
    steps, batch, runs = min(steps, 10**8), min(batch, 1024), min(runs, 10**6)
    candidates = math.ceil(depth ** 0.5) if values.get("init") == "lyapunov-sampling" else 1
    params = n * n * depth + n * (d_in + d_out + depth)
    points = min(20, steps) + 1
    forwards = 3 * steps * batch + points * 1024 + 2048 + 256 * candidates
    calls = (depth + 2) * (2 * steps + points * math.ceil(1024 / batch) + 4 + candidates)
    # phi and phi' per unit: tanh, erf, sigmoid and scaled-tanh call a transcendental function (measured:
    # width 1, depth 20, tanh, 2000 steps of 32, 20 runs take 1.1 s).
    per_unit = 20 if values.get("activation") in ("tanh", "erf", "sigmoid", "scaled-tanh") else 2
    units = n * (depth + 1) * forwards * per_unit
    return float(runs) * (params * forwards + units + TRAIN_LAYER_CALL * calls + candidates * depth * n ** 3)


# --- train: rules from TrainCommand.swift and Sources/RandomNetsTraining -------------------------

# (d_in, d_out) of each task.
TRAIN_TASKS = {"quintic": (1, 1), "mixture-score": (2, 2), "spirals": (2, 2), "teacher": (2, 1)}
ENSEMBLE_NAMES = ("gaussian", "orthogonal", "uniform", "truncated-normal", "student-t", "rademacher", "sparse",
                  "diagonal-noise", "relu-orthogonal")
LYAPUNOV_INITS = ("lyapunov", "lyapunov-orthogonal", "lyapunov-sampling")
TRAIN_MAX_PARAMETERS = 1 << 20           # MLPShape.maxParameters
TRAIN_ACTIVATION_BYTES = 2 * 1024 ** 3   # TrainingConfig: 16 (L + 2) max(N, d_out) B bytes at most
TRAIN_DEFAULTS = {"lr": 1e-3, "weight-decay": 1e-4, "batch": 64, "steps": 2000, "runs": 20}


def is_train(cmd):
    """Is this the train subcommand?"""
    return cmd.words[:1] == ["train"]


def train_int(values, name):
    """An integer option of train, its default when absent, None when not an integer."""
    text = values.get(name)
    if text is None:
        return TRAIN_DEFAULTS.get(name)
    return int(text) if INT_TEXT.fullmatch(text) else None


def train_lyapunov_needs_leaky(cmd, values):
    """lyapunov, lyapunov-orthogonal and lyapunov-sampling set sigma_crit by the Leaky ReLU theory: they
    need --activation leaky-relu with a nonzero slope (the default slope is 0.1)."""
    if not is_train(cmd) or values.get("init") not in LYAPUNOV_INITS:
        return False
    return values.get("activation", "leaky-relu") != "leaky-relu" or zero_slope(values)


def train_sigma_misplaced(cmd, values):
    """--sigma only with --init ENSEMBLE (a study method or preset sets its own scale). orthogonal is both
    a study method and an ensemble: with --sigma it is the ensemble."""
    return is_train(cmd) and "sigma" in values and values.get("init") not in ENSEMBLE_NAMES


def train_shape_parameter_misplaced(cmd, values):
    """--dof with (and only with) --init student-t, --density with sparse, --noise with diagonal-noise."""
    if not is_train(cmd):
        return False
    init = values.get("init")
    return any((name in values) != (init == owner)
               for name, owner in (("dof", "student-t"), ("density", "sparse"), ("noise", "diagonal-noise")))


def train_activation_parameters_misplaced(cmd, values):
    """--slope only with leaky-relu (optional: 0.1 by default); --beta with (and only with) scaled-tanh."""
    if not is_train(cmd):
        return False
    activation = values.get("activation", "leaky-relu")
    if "slope" in values and activation != "leaky-relu":
        return True
    return (activation == "scaled-tanh") != ("beta" in values)


def train_relu_orthogonal_width_one(cmd, values):
    """relu-orthogonal removes the mean, the only direction at width 1: every other command refuses
    width 1 (the hidden layers would be zero), and train should too."""
    return is_train(cmd) and values.get("init") == "relu-orthogonal" and number(values, "width") == 1


def train_decay_too_strong(cmd, values):
    """--weight-decay needs lr * weight-decay < 1 (else every step flips or zeroes the weights)."""
    if not is_train(cmd):
        return False
    lr, wd = number(values, "lr", TRAIN_DEFAULTS["lr"]), number(values, "weight-decay", TRAIN_DEFAULTS["weight-decay"])
    if lr is None or wd is None or not (0 < lr <= 10) or wd < 0:
        return False     # the option's own range decides
    return lr * wd >= 1


def train_shape(values):
    """(d_in, N, L, d_out) of a train invocation, or None when a size is not a valid number."""
    task, width, depth = values.get("task"), values.get("width", ""), values.get("depth", "")
    if task not in TRAIN_TASKS or not INT_TEXT.fullmatch(width) or not INT_TEXT.fullmatch(depth):
        return None
    n, depth = int(width), int(depth)
    if not (1 <= n <= 8192 and 1 <= depth <= 10000):
        return None
    return TRAIN_TASKS[task][0], n, depth, TRAIN_TASKS[task][1]


def train_parameter_count(values):
    """Weights and biases of the trained network (MLPShape.count), or None."""
    shape = train_shape(values)
    if shape is None:
        return None
    d_in, n, depth, d_out = shape
    return d_in * n + n + depth * (n * n + n) + n * d_out + d_out


def train_too_many_parameters(cmd, values):
    """At most 2^20 trained parameters (refused naming --width)."""
    count = train_parameter_count(values) if is_train(cmd) else None
    return count is not None and count > TRAIN_MAX_PARAMETERS


def train_activations_too_big(cmd, values):
    """The pass keeps z and phi(z) of every layer for the whole batch: at most 2 GiB (refused naming --batch)."""
    shape = train_shape(values) if is_train(cmd) else None
    batch = train_int(values, "batch")
    if shape is None or batch is None or not 1 <= batch <= 1024:
        return False
    _, n, depth, d_out = shape
    return 16 * (depth + 2) * max(n, d_out) * batch > TRAIN_ACTIVATION_BYTES


def train_subnormal_slope(cmd, values):
    """Nonzero slopes below 1e-300 in size are refused (as everywhere)."""
    return is_train(cmd) and subnormal_slope(values)


# Combinations train rightly refuses (or, for relu-orthogonal at width 1, should refuse).
TRAIN_CONFLICTS = (
    (("init", "activation", "slope"), train_lyapunov_needs_leaky),
    (("sigma", "init"), train_sigma_misplaced),
    (("init", "dof", "density", "noise"), train_shape_parameter_misplaced),
    (("activation", "slope", "beta"), train_activation_parameters_misplaced),
    (("init", "width"), train_relu_orthogonal_width_one),
    (("lr", "weight-decay"), train_decay_too_strong),
    (("width", "depth", "task"), train_too_many_parameters),
    (("width", "depth", "batch", "task"), train_activations_too_big),
    (("slope",), train_subnormal_slope),
)


# Valid-looking inputs whose acceptance depends on what the simulation finds.
DATA_DEPENDENT = (relu_calibration, init_scale_out_of_range, merge_needs_shards)

# Combinations the binary rightly refuses, given the command.
COMMAND_CONFLICTS = (simulated_scale_out_of_range, jacobian_slope_out_of_range, too_many_exponents,
                     angle_needs_two_dimensions, gradients_reduced, log_norm_needs_homogeneous,
                     noise_search_misused, activation_parameters_misplaced)

# Combinations the binary rightly refuses although each value alone is valid.
CONFLICTS = (
    (("init", "slope"), lambda values: values.get("init") == "lyapunov" and zero_slope(values)),
    (("dof", "density", "noise", "ensemble", "preset", "target-depth"), shape_parameter_misplaced),
    (("ensemble", "width"), relu_orthogonal_at_width_one),
    (("sigma", "init", "preset", "ensemble"), scale_options_clash),
    (("burn-in", "depth"), burn_in_too_deep),
    (("slope",), subnormal_slope),
    (("shard", "save"), shard_without_save),
    (("shard", "samples"), more_shards_than_samples),
)

def command_conflicts(cmd):
    """The (names, rule(values)) table for cmd: train's own, or the shared one (whose --init, --sigma
    and ensemble-parameter rules mean something else there)."""
    if is_train(cmd):
        return tuple((names, lambda values, rule=rule: rule(cmd, values)) for names, rule in TRAIN_CONFLICTS)
    return CONFLICTS


# Combinations whose outcome is not specified (accepted or refused, never a crash).
UNSPECIFIED = (same_output_file,)

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
STACK_TRACE = re.compile(r"Fatal error|Current stack trace|Backtracing|\*\*\* Signal|Stack dump|"
                         r"Thread \d+ crashed|Illegal instruction|Segmentation fault")
NAN_WORD = re.compile(r"(?<![A-Za-z0-9_])[-+]?nan(?![A-Za-z0-9_])", re.IGNORECASE)
INT_TEXT = re.compile(r"-?[0-9]+")
FLOAT_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
NONFINITE_TEXT = re.compile(r"[-+]?(nan|inf|infinity)", re.IGNORECASE)

# ---------------------------------------------------------------------------
# Discovering the command surface from --help.


@dataclass
class Option:
    """One option (or positional argument) of a subcommand, as its help text describes it."""
    flag: str                  # "--width", or "<name>" for a positional argument
    placeholder: str           # "<width>"; None for a flag that takes no value
    help: str
    values: list = field(default_factory=list)     # "(values: a, b)"
    default: str = None
    low: float = None
    high: float = None
    required: bool = False
    positional: bool = False
    exclusive: list = field(default_factory=list)  # flags it must not be given with
    kind: str = "string"       # flag, enum, rng, table, path, int, float, string

    @property
    def name(self):
        """The option's name without dashes or angle brackets."""
        return self.flag.strip("-<>")


@dataclass
class Command:
    """A leaf subcommand: the words that select it and its options."""
    words: list
    options: list
    summary: str = ""

    @property
    def name(self):
        """The last word of the subcommand, e.g. 'estimate'."""
        return self.words[-1]

    def option(self, name):
        """The option called name, or None."""
        return next((o for o in self.options if o.name == name), None)


def run_help(binary, words, timeout):
    """Return what `binary words... --help` prints on stdout."""
    with tempfile.TemporaryDirectory(prefix="lyapsim-fuzz-help-") as cwd:
        proc = subprocess.run([binary] + words + ["--help"], cwd=cwd, capture_output=True,
                              timeout=timeout, env=child_env(cwd, False))
    return proc.stdout.decode("utf-8", "replace")


def split_sections(text):
    """Split ArgumentParser help into {HEADING: [lines]}, e.g. 'USAGE', 'OPTIONS'."""
    sections, current = {}, None
    for line in text.splitlines():
        match = re.match(r"^([A-Z][A-Z ]*):(.*)$", line)
        if match:
            current = match.group(1)
            sections[current] = [match.group(2)] if match.group(2).strip() else []
        elif current:
            sections[current].append(line)
    return sections


def section_entries(lines):
    """Group a section's lines into [head, continuation lines]; a head is indented two spaces."""
    entries = []
    for line in lines:
        if re.match(r"^  \S", line):
            entries.append([line[2:], []])
        elif line.strip() and entries and line.startswith("   "):
            entries[-1][1].append(line.strip())
    return entries


def parse_option_head(head):
    """Split an option's first help line into (flags, placeholder, start of description)."""
    words = head.split(" ")
    flags, placeholder, i = [], None, 0
    while i < len(words) and words[i].startswith("-"):
        flags.append(words[i].rstrip(","))
        i += 1
    if i < len(words) and words[i].startswith("<"):
        placeholder = words[i]
        i += 1
        if i < len(words) and words[i] == "...":
            i += 1
    return flags, placeholder, " ".join(w for w in words[i:] if w)


def usage_requirements(usage):
    """Flags and positional names outside [brackets] in a USAGE line: those are required."""
    bare = usage
    while True:
        shorter = re.sub(r"\[[^\[\]]*\]", "", bare)
        if shorter == bare:
            break
        bare = shorter
    flags, positionals, tokens = set(), set(), bare.split()
    for i, token in enumerate(tokens):
        if token.startswith("--"):
            flags.add(token)
        elif token.startswith("<") and not (i and tokens[i - 1].startswith("-")):
            positionals.add(token.strip("<>."))
    return flags, positionals


def describe_option(opt):
    """Fill an option's enumeration, default, range, exclusions and kind from its help text."""
    text = opt.help
    values = re.search(r"\(values: ([^;)]*)", text)
    if values:
        opt.values = [v.strip() for v in values.group(1).split(",") if v.strip()]
    elif opt.name in LISTED_ENUMS and LISTED_VALUES.search(text):
        listed = [v.strip() for v in LISTED_VALUES.search(text).group(1).split(",")]
        opt.values = list(dict.fromkeys(listed))     # train's --init lists orthogonal twice
    defaults = re.findall(r"[(;] ?default: ([^;)]*)\)", text)
    if defaults:
        opt.default = defaults[-1].strip()
    plain = re.sub(r"\((values|default):[^)]*\)", "", text)
    number = r"([-+]?[0-9.]+(?:e[-+]?[0-9]+)?)"
    span = re.search(r"(?:from )?" + number + r" to " + number, plain)
    if span:
        # Integers stay exact (2^64 - 1 and 2^64 are the same float).
        exact = lambda t: int(t) if re.fullmatch(r"[-+]?[0-9]+", t) else float(t)
        opt.low, opt.high = exact(span.group(1)), exact(span.group(2))
    least = re.search(r"at least " + number, plain)
    if least:
        opt.low = float(least.group(1))
    opt.exclusive = re.findall(r"or (--[\w-]+), not both", plain)
    opt.kind = option_kind(opt)


def option_kind(opt):
    """Decide which value generator an option gets, from its name, values and help text."""
    if opt.placeholder is None and not opt.positional:
        return "flag"
    if opt.values:
        return "enum"
    name = opt.name
    if name in RNG_NAMES:
        return "rng"
    if re.search(r"\b[A-Z]+[0-9]+ \.\.\. [A-Z]+[0-9]+\b", opt.help):
        return "table"
    if name == "shard":
        return "shard"
    if name in KNOWN:
        return KNOWN[name].kind
    if opt.placeholder == "<file>" and not opt.positional:
        return "file"
    if name in PATH_NAMES or re.search(r"\b(folder|directory|file|path)\b", opt.help, re.I):
        return "path"
    if opt.default and INT_TEXT.fullmatch(opt.default):
        return "int"
    if opt.default and FLOAT_TEXT.fullmatch(opt.default):
        return "float"
    if opt.low is not None:
        return "int" if float(opt.low).is_integer() and float(opt.high or 0).is_integer() else "float"
    return "string"


def parse_command(words, sections):
    """Build a Command from the sections of `<words> --help`."""
    usage = " ".join(line.strip() for line in sections.get("USAGE", []))
    required, required_positionals = usage_requirements(usage)
    options = []
    for head, more in section_entries(sections.get("ARGUMENTS", [])):
        name = head.split()[0]
        opt = Option(flag=name, placeholder=name, help=" ".join([head[len(name):].strip()] + more),
                     positional=True, required=name.strip("<>.") in required_positionals)
        describe_option(opt)
        options.append(opt)
    for head, more in section_entries(sections.get("OPTIONS", [])):
        flags, placeholder, start = parse_option_head(head)
        longs = [f for f in flags if f.startswith("--")]
        if not longs:
            continue
        opt = Option(flag=longs[0], placeholder=placeholder, help=" ".join([start] + more))
        opt.required = opt.flag in required
        describe_option(opt)
        options.append(opt)
    summary = " ".join(line.strip() for line in sections.get("OVERVIEW", []))
    return Command(words=words, options=options, summary=summary)


def subcommand_names(lines):
    """Names listed in a SUBCOMMANDS section."""
    names = []
    for head, _ in section_entries(lines):
        name = head.split()[0]
        if re.fullmatch(r"[a-z][\w-]*", name):
            names.append(name)
    return names


def discover(binary, timeout):
    """Read the whole command tree of the binary from its help output."""
    commands = []

    def visit(words, depth):
        """Record a leaf subcommand or descend into its subcommands."""
        sections = split_sections(run_help(binary, words, timeout))
        subs = subcommand_names(sections.get("SUBCOMMANDS", []))
        if subs and depth < 3:
            for name in subs:
                visit(words + [name], depth + 1)
        elif words:
            commands.append(parse_command(words, sections))

    visit([], 0)
    return commands


def generator_names(binary, commands, timeout):
    """Every generator name the binary lists with `rngs`, or the GSL names if it cannot."""
    if any(c.words == ["rngs"] for c in commands):
        with tempfile.TemporaryDirectory(prefix="lyapsim-fuzz-rngs-") as cwd:
            proc = subprocess.run([binary, "rngs"], cwd=cwd, capture_output=True, timeout=timeout,
                                  env=child_env(cwd, False))
        names = []
        for line in proc.stdout.decode("utf-8", "replace").splitlines():
            if line.startswith("Refused"):
                break   # the rest lists generators the binary refuses on purpose
            words = line.split()
            if not line.startswith(" "):
                continue   # headings; the names are indented
            if words and re.fullmatch(r"[A-Za-z0-9_+.\-]+", words[0]) and words[0] not in names:
                names.append(words[0])
        if names:
            return names
    return list(GSL_NAMES)


def table_names(opt):
    """Expand 'T1 ... T7' in an option's help into ['T1', ..., 'T7']."""
    match = re.search(r"\b([A-Z]+)([0-9]+) \.\.\. \1([0-9]+)\b", opt.help)
    if not match:
        return ["T1"]
    return [f"{match.group(1)}{i}" for i in range(int(match.group(2)), int(match.group(3)) + 1)]

# ---------------------------------------------------------------------------
# Generating invocations.


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


def classify_number(text, integer, low, high, trusted):
    """Is text a valid value for a numeric option? 'valid', 'invalid' or 'unknown'."""
    ranged = low is not None or high is not None
    if integer:
        if not INT_TEXT.fullmatch(text):
            return "unknown" if re.fullmatch(r"\+[0-9]+", text) else "invalid"
        value = int(text)
        lo = low if low is not None else -2**63
        hi = high if high is not None else 2**63 - 1
        if not lo <= value <= hi:
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
        return "valid" if trusted or ranged else "unknown"
    if NONFINITE_TEXT.fullmatch(text):
        return "invalid" if ranged else "unknown"
    if re.fullmatch(r"[-+]?(0x[0-9a-fA-F.]+(p[-+]?[0-9]+)?|\.[0-9]+|[0-9]+\.)|\+[0-9.eE+-]+", text):
        return "unknown"
    return "invalid"


def fresh_file(rand, opt):
    """A new file name inside the sandbox, with the suffix the option wants."""
    name = rand.choice(["run.lyp", "out", "nested/deeper/run", "r\u00e9sultat", "with space", "a.b.c"])
    if re.search(r"\.npy", opt.help):
        name = re.sub(r"\.[^./]*$", "", name) + rand.choice(EXPORT_SUFFIXES)
    return name


def classify_file(opt, text):
    """Should an output-file option accept text? Export files need .npy or .csv."""
    if text == "":
        return "invalid"
    if re.search(r"\.npy", opt.help) and not text.lower().endswith(EXPORT_SUFFIXES):
        return "invalid"
    return "unknown"


def fresh_name(rand):
    """A new directory name inside the sandbox."""
    return rand.choice(["out", "out2", "nested/deeper/out", "r\u00e9sultats", "dir with space", "."])


class Generator:
    """Plans invocations: typical valid ones, boundary and extreme values, broken syntax."""

    MUTATIONS = (("typical", 30), ("boundary", 13), ("extreme", 12), ("garbage", 8),
                 ("enum-unknown", 5), ("equals-form", 4), ("unknown-option", 5),
                 ("missing-required", 4), ("missing-value", 3), ("duplicate", 4),
                 ("extra-positional", 2), ("random-subcommand", 3), ("help", 2), ("path", 2),
                 ("extreme-valid", 0.6), ("chaos", 3))
    PARSE_LEVEL = {"unknown-option", "missing-value", "enum-unknown", "extra-positional",
                   "random-subcommand", "help", "garbage"}

    def __init__(self, commands, rng_names, seed, count, is_root):
        """Prepare to plan count invocations from seed."""
        self.commands = [c for c in commands if c.words != ["help"]]
        self.rng_names = rng_names
        self.rand = random.Random(seed)
        self.is_root = is_root
        self.extreme_left = max(5, int(count * 0.004))

    # -- single values ------------------------------------------------------

    def known(self, opt):
        """The Known entry for an option, or one inferred from its help text."""
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
        """The documented valid range of a numeric option: help text first, then KNOWN."""
        known = KNOWN.get(opt.name)
        low = opt.low if opt.low is not None else (known.low if known else None)
        high = opt.high if opt.high is not None else (known.high if known else None)
        return low, high

    def classify(self, opt, text):
        """Should the binary accept text for opt? 'valid', 'invalid' or 'unknown'."""
        if opt.kind == "enum":
            if text in opt.values:
                return "valid"
            return "unknown" if text.strip().lower() in opt.values else "invalid"
        if opt.kind == "rng":
            if text in self.rng_names:
                return "valid"
            plausible = text.strip().lower() in [n.lower() for n in self.rng_names] or text in OTHER_GSL
            return "unknown" if plausible else "invalid"
        if opt.kind == "table":
            names = table_names(opt)
            if text in names:
                return "valid"
            return "unknown" if text.strip().upper() in names or text.lstrip("T0") in \
                [n.lstrip("T") for n in names] else "invalid"
        if opt.kind in ("int", "float"):
            low, high = self.range_of(opt)
            known = KNOWN.get(opt.name)
            trusted = known.trusted if known else (opt.low is not None and opt.high is not None)
            return classify_number(text, opt.kind == "int", low, high, trusted)
        if opt.kind == "shard":
            match = SHARD_TEXT.fullmatch(text)
            if not match:
                return "invalid"
            return "valid" if int(match.group(1)) < int(match.group(2)) else "invalid"
        if opt.kind == "file":
            return classify_file(opt, text)
        return "unknown"

    def typical(self, opt):
        """A typical valid value for opt."""
        r = self.rand
        if opt.kind == "enum":
            return r.choice(opt.values)
        if opt.kind == "rng":
            own = [n for n in ("mt19937", "xoshiro256++", "xoshiro256++x8") if n in self.rng_names]
            return r.choice(own) if r.random() < 0.6 and len(own) > 1 else r.choice(self.rng_names)
        if opt.kind == "table":
            names = table_names(opt)
            return r.choices(names, [TABLE_WEIGHT.get(n, 6) for n in names])[0]
        if opt.kind == "path":
            return fresh_name(r)
        if opt.kind == "file":
            return fresh_file(r, opt)
        if opt.kind == "shard":
            return r.choice(SHARD_TYPICAL)
        if opt.kind in ("int", "float"):
            low, high = self.range_of(opt)
            candidates = [v for v in self.known(opt).typical
                          if classify_number(v, opt.kind == "int", low, high, True) == "valid"]
            return r.choice(candidates or [self.known(opt).typical[0]])
        return r.choice(["x", "abc", "1"])

    def boundary(self, opt):
        """A value at or just past the edge of opt's range: 0, 1, -1, min, max, max+1 ..."""
        r = self.rand
        if opt.kind not in ("int", "float"):
            return self.odd_value(opt)
        low, high = self.range_of(opt)
        picks = ["0", "1", "-1"]
        for edge, step in ((low, -1), (high, 1)):
            if edge is None:
                continue
            if opt.kind == "int":
                picks += [str(int(edge)), str(int(edge) + step)]
            else:
                picks += [repr(edge), repr(edge * (1 + 2e-16 * step) if edge > 0 else edge
                                            * (1 - 2e-16 * step)), repr(edge * 10 ** step)]
        return r.choice(picks)

    def extreme(self, opt):
        """An extreme number: huge integers, tiny, huge, subnormal or non-finite floats."""
        if opt.kind == "int":
            return self.rand.choice(HUGE_INTS + ("-1", "0", "1e3", "4.0", "nan"))
        if opt.kind == "float":
            return self.rand.choice(EXTREME_FLOATS)
        return self.odd_value(opt)

    def odd_value(self, opt):
        """An unknown enumeration value, unknown generator or table name, or garbage text."""
        r = self.rand
        if opt.kind == "enum":
            v = r.choice(opt.values)
            return r.choice([v.upper(), v[:-1], v + "x", "", " " + v, v + " ", "unknown", "1", "\u00fc",
                             v + "\n", ",".join(opt.values)])
        if opt.kind == "rng":
            return r.choice(["MT19937", "mt19937 ", "mt1993", "gsl_rng_mt19937", "xoshiro256+",
                             "", "nosuch-rng", "../mt19937", "mt19937\n", "ranlux389", "default",
                             "xoshiro256++x4", "xoshiro256++X8", "xoshiro256++x8 ", "x8", "xoshiro256++x"])
        if opt.kind == "table":
            return r.choice(["T0", "T8", "T99", "t1", "T01", "T1,T2", "", "all", "T", "T1 ", "1"])
        if opt.kind == "shard":
            return r.choice(["1/1", "2/2", "-1/2", "0/0", "1/0", "0", "1", "0/-1", "a/b", "0/2/3", " 0/2",
                             "0/99999999999999999999", "99999999999999999999/2", "0x1/2", "0/2 ", ""])
        return r.choice(GARBAGE)

    def file_value(self, opt):
        """An output-file scenario inside the sandbox: (text, expectation, fixtures)."""
        r = self.rand
        ro_expect = "any" if self.is_root else "invalid"
        fresh = fresh_file(r, opt)
        existing = "afile" + (r.choice(EXPORT_SUFFIXES) if re.search(r"\.npy", opt.help) else "")
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
        """A path scenario inside the sandbox: (text, expectation, fixtures)."""
        r = self.rand
        ro_expect = "any" if self.is_root else "invalid"
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

    # -- whole invocations ------------------------------------------------

    def pick_command(self, slow_ok, need=None):
        """Choose a subcommand (slow ones less often), among those with an option of kind need."""
        pool = [c for c in self.commands if slow_ok or SLOW_UNLESS.get(c.name, "x") is not None]
        if need:
            pool = [c for c in pool if any(o.kind == need or (need == "path" and o.kind == "file") for o in c.options)] or pool
        return self.rand.choices(pool, [COMMAND_WEIGHT.get(c.name, 1.0) for c in pool])[0]

    def typical_values(self, cmd):
        """{option name: text} for a typical valid invocation of cmd."""
        values = {}
        for opt in cmd.options:
            if opt.kind == "flag":
                continue
            if opt.required or self.rand.random() < 0.35:
                values[opt.name] = self.typical(opt)
        if is_train(cmd) and self.rand.random() < 0.85:
            self.harmonize_train(values)
        for opt in cmd.options:
            for other in opt.exclusive:
                other_name = other.lstrip("-")
                if opt.name in values and other_name in values:
                    del values[self.rand.choice([opt.name, other_name])]
        return values

    def cost(self, cmd, values):
        """Random numbers one invocation draws: the product of its sizes."""
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
            elif name == "width" and cmd.words[:1] in (["spectrum"], ["gradients"]):
                exponent = 3   # N + 1 vectors through every N x N layer
            size = max(1, int(text)) + COST_OFFSET.get(name, 0)
            total *= float(min(size, 10**30)) ** exponent
        for (name, value), factor in COST_FACTOR.items():
            if values.get(name) == value:
                total *= factor
        if "target-depth" in values:
            total *= 30    # init's noise search: about 25 bisection steps and 4 comparison profiles
        samples = values.get("samples", cmd.option("samples").default if cmd.option("samples") else "1")
        repeats = values.get("repeats", cmd.option("repeats").default if cmd.option("repeats") else "0")
        if samples and INT_TEXT.fullmatch(samples) and repeats and INT_TEXT.fullmatch(repeats):
            seeds = float(min(int(samples), 10**30)) * (max(0, int(repeats)) + 1)
            total += seeds * SEED_COST.get(values.get("rng", ""), 50)
        return total

    def tame(self, cmd, values, pinned):
        """Keep an invocation cheap: add the narrowing option, drop costly profiles, shrink sizes.

        Also drops the unpinned one of two options the help says not to combine.
        """
        for opt in cmd.options:
            for other in (o.lstrip("-") for o in opt.exclusive):
                if opt.name in values and other in values and not {opt.name, other} <= pinned:
                    del values[other if opt.name in pinned else opt.name]
        unless = SLOW_UNLESS.get(cmd.name)
        if unless and cmd.option(unless) and unless not in values:
            values[unless] = self.typical(cmd.option(unless))
        if values.get("profile") == "full" and values.get("only") not in CHEAP_FULL_PROFILE:
            if "profile" in pinned and cmd.option("only") and "only" not in pinned:
                values["only"] = self.rand.choice(sorted(CHEAP_FULL_PROFILE))
            elif "profile" not in pinned:
                values["profile"] = "quick"
        if is_train(cmd):
            return self.tame_train(values, pinned)
        while self.cost(cmd, values) > NORMAL_CAP:
            best, best_size = None, 1
            for name, exponent in COST_EXPONENT.items():
                opt = cmd.option(name)
                if not opt or name in pinned:
                    continue
                text = values.get(name, opt.default)
                if text is None or not INT_TEXT.fullmatch(text):
                    continue
                size = float(min(int(text), 10**30)) ** exponent
                if int(text) > COST_FLOOR.get(name, 1) and size > best_size:
                    best, best_size = name, size
            if best is None:
                break
            current = int(values.get(best, cmd.option(best).default))
            values[best] = str(max(COST_FLOOR.get(best, 1), current // 4))
        return self.cost(cmd, values)

    def tame_train(self, values, pinned):
        """Shrink train's unpinned sizes (steps, runs, batch first, then depth and width) until an
        invocation's work is below TRAIN_NORMAL_CAP; returns the work left."""
        while train_cost(values) > TRAIN_NORMAL_CAP:
            for name, floor in TRAIN_SHRINK:
                current = train_int(values, name)
                if name in pinned or current is None or current <= floor:
                    continue
                values[name] = str(max(floor, current // 4))
                break
            else:
                break
        return train_cost(values)

    def harmonize_train(self, values):
        """Make a typical train invocation consistent (most of the time): --sigma only with an ensemble,
        each ensemble's own parameter, --slope only with leaky-relu, --beta with scaled-tanh, Lyapunov
        methods with leaky-relu, lr * wd < 1, and one thread (the fuzzer runs on one core)."""
        r = self.rand
        init = values.get("init")
        if "sigma" in values and init not in ENSEMBLE_NAMES:
            del values["sigma"]
        for name, owner, typical in (("dof", "student-t", ("2.5", "5", "30")),
                                     ("density", "sparse", ("0.1", "0.5", "1")),
                                     ("noise", "diagonal-noise", ("0", "0.01", "0.1"))):
            if init == owner:
                values.setdefault(name, r.choice(typical))
            else:
                values.pop(name, None)
        if init in LYAPUNOV_INITS:
            values["activation"] = "leaky-relu"
            if zero_slope(values):
                del values["slope"]
        activation = values.get("activation", "leaky-relu")
        if activation != "leaky-relu":
            values.pop("slope", None)
        if activation == "scaled-tanh":
            values.setdefault("beta", r.choice(("0.5", "1", "2")))
        else:
            values.pop("beta", None)
        if train_decay_too_strong(TRAIN_COMMAND, values):
            values["weight-decay"] = "0.01"
        if "threads" not in values and r.random() < 0.8:
            values["threads"] = "1"

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
        for opt in cmd.options:
            clash = [o.lstrip("-") for o in opt.exclusive if o.lstrip("-") in values]
            if opt.name in values and clash:
                pinned = pinned | {opt.name} | set(clash)
                target = None
        conflicts = command_conflicts(cmd)
        for names, rule in conflicts:
            if rule(values):
                pinned = pinned | {n for n in names if n in values}
                target = None
        if any(rule(cmd, values) for rule in COMMAND_CONFLICTS):
            target = None    # several refusals apply: any one of them may be the one reported
        units = self.render(cmd, values, pinned, equals)
        pinned_units = {i + 1 for i, u in enumerate(units)
                        if any(u[0].split("=")[0] == cmd.option(n).flag or
                               (cmd.option(n).positional and u == [values[n]]) for n in pinned)}
        required = {i + 1 for i, u in enumerate(units)
                    if any(u[0].split("=")[0] == o.flag or (o.positional and u == [values.get(o.name)])
                           for o in cmd.options if o.required)}
        parts = [expectations.get(n, "valid") for n in values] + \
            [e for n, e in expectations.items() if n not in values and not cmd.option(n)]
        for opt in cmd.options:
            if opt.name in values and any(o.lstrip("-") in values for o in opt.exclusive):
                parts.append("invalid")
        if any(rule(values) for _, rule in conflicts):
            parts.append("invalid")
        if any(rule(cmd, values) for rule in DATA_DEPENDENT):
            parts.append("unknown")
        if any(rule(values) for rule in UNSPECIFIED):
            parts.append("unknown")
        if any(rule(cmd, values) for rule in COMMAND_CONFLICTS):
            parts.append("invalid")
        expect = combine(parts)
        extra = extra or []
        pinned_units |= set(range(len(units) + 1, len(units) + 1 + len(extra)))   # the mutation
        return Case(index=index, units=[list(cmd.words)] + units + extra, expect=expect,
                    kind=kind, target=target if expect == "refuse" else None, pinned=pinned_units,
                    keep_required=required, fixtures=dict(fixtures or {}))

    def make_case(self, index):
        """Plan invocation number index."""
        kinds, weights = zip(*self.MUTATIONS)
        for _ in range(50):
            kind = self.rand.choices(kinds, weights)[0]
            case = self.try_case(index, kind)
            if case is not None:
                return case
        raise RuntimeError("could not plan an invocation")

    def try_case(self, index, kind):
        """Plan one invocation of the given kind, or None if it does not fit here."""
        r = self.rand
        parse_level = kind in self.PARSE_LEVEL
        cmd = self.pick_command(slow_ok=parse_level, need="path" if kind == "path" else None)
        always_slow = SLOW_UNLESS.get(cmd.name, "x") is None
        values = self.typical_values(cmd)
        if values.get("profile") == "full" and always_slow:
            values["profile"] = "quick"
        expectations = {n: self.classify(cmd.option(n), t) if cmd.option(n).kind not in ("path", "file")
                        else "valid" for n, t in values.items()}
        fixtures, pinned, target, extra, equals, duplicate = {}, set(), None, [], False, None
        value_options = [o for o in cmd.options if o.kind != "flag"]

        if kind == "help":
            forms = [list(cmd.words) + ["--help"], list(cmd.words) + ["-h"], ["help"] + cmd.words,
                     list(cmd.words) + ["--version"], ["--version"], ["--help"], ["help"], []]
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
                     "garbage": ("int", "float", "enum", "rng", "table", "string", "shard"),
                     "enum-unknown": ("enum", "rng", "table")}[kind]]
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
                if opt.kind == "enum":
                    text = self.odd_value(opt)
            else:
                text = self.odd_value(opt)
            if always_slow and self.classify(opt, text) != "invalid":
                return None
            values[opt.name], expectations[opt.name] = text, self.classify(opt, text)
            pinned.add(opt.name)
            target = opt.flag
        elif kind == "path":
            pool = [o for o in value_options if o.kind in ("path", "file")]
            if not pool or always_slow:
                return None
            opt = r.choice(pool)
            text, expectation, fixtures = self.file_value(opt) if opt.kind == "file" else self.path_value(opt)
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
            required = [o for o in value_options if o.required and o.name in values]
            if not required:
                return None
            opt = r.choice(required)
            del values[opt.name]
            del expectations[opt.name]
            expectations["?"] = "invalid"
            target = None if opt.positional else opt.flag
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
                if opt.name == "profile":
                    continue
                maker = r.choice([self.boundary, self.extreme, self.odd_value])
                text = maker(opt) if opt.kind != "path" else fresh_name(r)
                values[opt.name], expectations[opt.name] = text, self.classify(opt, text) \
                    if opt.kind != "path" else "valid"
                pinned.add(opt.name)
            bad = [n for n in pinned if expectations[n] == "invalid"]
            target = cmd.option(bad[0]).flag if len(bad) == 1 and \
                all(expectations[n] == "valid" for n in pinned if n != bad[0]) else None
        elif kind == "typical" and always_slow:
            return None

        if always_slow and kind not in self.PARSE_LEVEL:
            return None
        cost = self.tame(cmd, values, pinned)
        if duplicate:
            again = self.typical(duplicate) if duplicate.kind != "path" else fresh_name(r)
            if duplicate.name == "profile":
                again = values[duplicate.name]       # never a second, costlier profile
            elif duplicate.name == "only" and values.get("profile") == "full":
                again = r.choice(sorted(CHEAP_FULL_PROFILE))
            extra = [[duplicate.flag, again]]
        case = self.assemble(index, kind, cmd, values, expectations, pinned, fixtures, target,
                             equals, extra)
        if always_slow and case.expect != "refuse":
            return None             # a slow subcommand only with input it must refuse at once
        if kind == "duplicate":
            case.expect, case.target = "any", None     # the last one may win, or be refused
        normal_cap, extreme_cap = (TRAIN_NORMAL_CAP, TRAIN_EXTREME_CAP) if is_train(cmd) else (NORMAL_CAP, EXTREME_CAP)
        if cost > normal_cap and case.expect != "refuse":
            if cost > extreme_cap or self.extreme_left <= 0:
                return None
            self.extreme_left -= 1
            case.heavy = True
        return case

    def extreme_valid(self, cmd, values, expectations, pinned):
        """Set one size to an extreme but valid value and the others to their minimum."""
        r = self.rand
        names = [n for n in ("width", "depth", "samples", "threads", "seed", "steps", "runs") if cmd.option(n)]
        if not names:
            return False
        name = r.choice(names)
        opt = cmd.option(name)
        low, high = self.range_of(opt)
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
            values["rng"], expectations["rng"] = r.choice(FAST_RNGS), "valid"
        if cmd.option("ensemble") and values.get("ensemble") == "orthogonal":
            del values["ensemble"]
        return True

    def random_word(self, near):
        """A subcommand name that does not exist: misspelt, upper case, random or odd."""
        r = self.rand
        i = r.randrange(max(1, len(near) - 1))
        choices = [near[:i] + near[i + 1:], near[:i] + near[i + 1:i + 2] + near[i:i + 1] + near[i + 2:],
                   near.upper(), near + "s", "".join(r.choice("abcdefghijklmnopqrstuvwxyz")
                                                      for _ in range(r.randint(3, 10))),
                   "", "-", "\u00e9" + near[1:], near + "\n", "rngs", "run"]
        return r.choice(choices)

    def unknown_flag(self, cmd):
        """An option the subcommand does not have: a misspelling or made up."""
        r = self.rand
        names = [o.name for o in cmd.options if not o.positional] or ["x"]
        name = r.choice(names)
        i = r.randrange(max(1, len(name) - 1))
        single = "-" + name if name != "help" else "--hepl"   # "-help" asking for help is fine
        return r.choice(["--" + name[:i] + name[i + 1:], "--" + name.upper(), "--" + name + "x",
                         "--" + name.replace("-", "_") + "_", single, "---" + name,
                         "--frobnicate", "--" + "".join(r.choice("xyzq") for _ in range(6)), "-Z",
                         "--\u00fcber"])

    def sweep(self, start):
        """One invocation per listed enumeration value, generator name and table name."""
        cases = []
        for cmd in self.commands:
            if SLOW_UNLESS.get(cmd.name, "x") is None:
                continue
            for opt in cmd.options:
                if opt.kind == "enum":
                    texts = opt.values
                elif opt.kind == "rng":
                    texts = self.rng_names
                elif opt.kind == "table":
                    texts = table_names(opt)
                else:
                    continue
                for text in texts:
                    values = self.typical_values(cmd)
                    values.pop(opt.name, None)
                    values[opt.name] = text
                    if opt.kind == "rng" and cmd.option("format") and "json" in cmd.option("format").values:
                        values["format"] = "json"
                    pinned = {opt.name}
                    self.tame(cmd, values, pinned)
                    expectations = {n: self.classify(cmd.option(n), t) if cmd.option(n).kind != "path"
                                    else "valid" for n, t in values.items()}
                    cases.append(self.assemble(start + len(cases), "sweep", cmd, values, expectations,
                                               pinned, target=opt.flag))
        return cases

    def probes(self, start):
        """Valid runs writing to fresh folders, whose output the collision cases then block."""
        cases = []
        for cmd in self.commands:
            paths = [o for o in cmd.options if o.kind == "path" and not o.positional]
            if not paths:
                continue
            unless = SLOW_UNLESS.get(cmd.name, "x")
            variants = [] if unless is None else ["cheap"]
            if cmd.name in SLOW_UNLESS:
                variants.append("slow")
            for variant in variants:
                values = self.typical_values(cmd)
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

    learned maps each path flag of the probe to [(relative path, 'file' or 'dir', mtime)].
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

# ---------------------------------------------------------------------------
# Running one invocation.


@dataclass
class Result:
    """What one invocation did."""
    case: Case
    status: int = None         # exit status, or None when killed by a signal or timed out
    signal: str = None
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    left_behind: list = field(default_factory=list)   # new or changed entries in the sandbox
    findings: list = field(default_factory=list)      # [(failure class, detail)]

    def outcome(self):
        """'0', '64', 'SIGSEGV', 'timeout' ..."""
        if self.timed_out:
            return "timeout"
        return self.signal if self.signal else str(self.status)


def child_env(sandbox, backtraces):
    """The environment of an invocation: HOME and TMPDIR inside its sandbox."""
    env = dict(os.environ)
    env.update(HOME=sandbox, TMPDIR=sandbox)
    if not backtraces:
        env["SWIFT_BACKTRACE"] = "enable=no"
    return env


def make_fixtures(root, fixtures):
    """Create the files, folders and links a case needs inside its sandbox."""
    for rel, kind in sorted(fixtures.items()):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if kind == "file":
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("fixture\n")
        elif kind == "dir":
            os.makedirs(path, exist_ok=True)
        elif kind == "rodir":
            os.makedirs(path, exist_ok=True)
            os.chmod(path, 0o555)
        elif kind == "loop":
            os.symlink(os.path.basename(path), path)
        elif kind == "dangling":
            os.symlink("missing/target", path)


def snapshot(root):
    """{relative path: (type, size, mtime)} of everything inside root, links not followed."""
    entries = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            kind = "link" if os.path.islink(path) else "dir" if os.path.isdir(path) else "file"
            entries[os.path.relpath(path, root)] = (kind, info.st_size if kind == "file" else 0,
                                                    info.st_mtime_ns if kind == "file" else 0)
    return entries


def remove_tree(root):
    """Delete a sandbox, making read-only folders writable first."""
    for folder, dirs, _ in os.walk(root):
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
    shutil.rmtree(root, ignore_errors=True)


def execute(binary, case, workroot, timeout, backtraces, keep=False):
    """Run one case in a fresh sandbox and return its Result (with the oracle's findings)."""
    sandbox = tempfile.mkdtemp(prefix=f"c{case.index:05d}-", dir=workroot)
    make_fixtures(sandbox, case.fixtures)
    before = snapshot(sandbox)
    result = Result(case=case)
    start = time.monotonic()
    proc = subprocess.Popen([binary] + case.argv, cwd=sandbox, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=child_env(sandbox, backtraces), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        result.timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)   # its own session: the leader is not reaped yet
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
    result.seconds = time.monotonic() - start
    if not result.timed_out:
        if proc.returncode < 0:
            result.signal = signal.Signals(-proc.returncode).name
        else:
            result.status = proc.returncode
    result.stdout = out.decode("utf-8", "replace")
    result.stderr = err.decode("utf-8", "replace")
    after = snapshot(sandbox)
    result.left_behind = sorted(p for p, v in after.items() if before.get(p) != v and v[0] != "dir"
                                or p not in before)
    if case.probe is not None and result.status == 0:
        case.learned = learn_outputs(sandbox, case.probe)
    if not keep:
        remove_tree(sandbox)
    result.findings = check(result)
    return result


def learn_outputs(sandbox, probe):
    """{flag: [(relative path, kind, mtime)]} of what a probe wrote into each of its folders."""
    learned = {}
    for flag, folder in probe.items():
        root = os.path.join(sandbox, folder)
        learned[flag] = [(rel, kind, mtime) for rel, (kind, _, mtime) in snapshot(root).items()]
        for rel, kind, _ in learned[flag]:
            if kind == "dir":
                newest = max((m for r, k, m in learned[flag] if r.startswith(rel + os.sep)), default=0)
                learned[flag] = [(r, k, newest if r == rel else m) for r, k, m in learned[flag]]
    return learned

# ---------------------------------------------------------------------------
# The oracle.


def effective_format(argv):
    """The value of the last --format option, if any."""
    fmt = None
    for i, token in enumerate(argv):
        if token == "--format" and i + 1 < len(argv):
            fmt = argv[i + 1]
        elif token.startswith("--format="):
            fmt = token.split("=", 1)[1]
    return fmt


def last_value(argv, flag):
    """The value of the last occurrence of --flag (as --flag v or --flag=v), or None."""
    found = None
    for i, token in enumerate(argv):
        if token == flag and i + 1 < len(argv):
            found = argv[i + 1]
        elif token.startswith(flag + "="):
            found = token.split("=", 1)[1]
    return found


def train_json_findings(doc, argv):
    """What train's JSON must say: one entry per run; a run that did not diverge has a finite final
    loss and a finite relative loss (final / constant baseline); a median relative loss unless a run
    diverged; and --sigma with --init ENSEMBLE is the hidden layers' scale."""
    findings = []
    runs = last_value(argv, "--runs")
    if runs and INT_TEXT.fullmatch(runs) and len(doc["runs"]) != int(runs):
        findings.append(("train: wrong number of runs in JSON", f"{len(doc['runs'])} for --runs {runs}"))
    for run in doc["runs"]:
        if isinstance(run, dict) and run.get("diverged") is False:
            bad = [k for k in ("final_loss", "relative_loss", "baseline_loss")
                   if not isinstance(run.get(k), (int, float)) or isinstance(run.get(k), bool)]
            if bad:
                findings.append(("train: a run that did not diverge has a non-numeric loss",
                                 f"run {run.get('seed_index')}: " + ", ".join(f"{k} {run.get(k)}" for k in bad)))
                break
    if doc.get("diverged_runs") == 0 and doc.get("median_relative_loss") is None:
        findings.append(("train: median relative loss missing though no run diverged", ""))
    sigma, init = last_value(argv, "--sigma"), last_value(argv, "--init")
    if sigma and init in ENSEMBLE_NAMES and FLOAT_TEXT.fullmatch(sigma) and isinstance(doc.get("hidden_sigma"), (int, float)):
        if abs(doc["hidden_sigma"] - float(sigma)) > 1e-12 * abs(float(sigma)):
            findings.append(("train: --sigma ignored", f"--init {init} --sigma {sigma}: hidden_sigma {doc['hidden_sigma']}"))
    return findings


def json_findings(text, argv=None):
    """Findings about a JSON output: parse errors, NaN/Infinity tokens, degenerate estimates."""
    bad_tokens = []
    try:
        doc = json.loads(text, parse_constant=lambda token: bad_tokens.append(token) or 0.0)
    except ValueError as error:
        return [("JSON output does not parse", str(error))]
    findings = []
    if bad_tokens:
        findings.append(("NaN/Infinity token in JSON", ", ".join(sorted(set(bad_tokens)))))
    if isinstance(doc, dict) and isinstance(doc.get("runs"), list) and "median_final_loss" in doc:
        findings.extend(train_json_findings(doc, argv or []))
    if isinstance(doc, dict) and isinstance(doc.get("estimate"), dict):
        est, theory = doc["estimate"], doc.get("theory") or {}
        survivors = est.get("survivors")
        spread = theory.get("surviving_clt_variance", theory.get("clt_variance"))
        if est.get("stderr") == 0 and isinstance(survivors, int) and survivors >= 2 and spread != 0:
            findings.append(("identical samples (zero spread)", f"stderr 0 over {survivors} survivors"))
        if theory.get("death_probability") == 0 and isinstance(est.get("dead"), int) and est["dead"] > 0:
            findings.append(("networks counted dead where theory says none can die",
                             f"dead {est['dead']} of {doc.get('samples')}"))
    return findings


def check(result):
    """Every way this invocation broke the oracle, as [(failure class, detail)]."""
    case, findings = result.case, []
    stderr_lines = result.stderr.rstrip("\n").splitlines()
    first = stderr_lines[0] if stderr_lines else ""
    if result.timed_out:
        findings.append(("timeout", f"killed after {result.seconds:.1f} s"))
    if result.signal:
        findings.append((f"killed by {result.signal}", first[:200]))
    if result.status is not None and result.status not in ALLOWED_EXITS:
        findings.append((f"exit status {result.status}", first[:200]))
    if NAN_WORD.search(result.stdout):
        line = next(l for l in result.stdout.splitlines() if NAN_WORD.search(l))
        findings.append(("nan in stdout", line.strip()[:200]))
    echoes_input = result.status == 64 and any(NAN_WORD.search(t) for t in case.argv)
    if NAN_WORD.search(result.stderr) and not echoes_input:   # "got nan" after "--x nan" is fine
        findings.append(("nan in stderr", first[:200]))
    if STACK_TRACE.search(result.stderr):
        findings.append(("stack trace or fatal error on stderr", STACK_TRACE.search(result.stderr).group(0)))
    if "Error Domain=" in result.stderr or "UserInfo=" in result.stderr:
        findings.append(("raw Foundation error on stderr", first[:200]))
    failed = result.timed_out or result.signal or result.status != 0
    if failed and len(stderr_lines) > 1 and not result.timed_out:
        findings.append(("more than one line on stderr on failure", f"{len(stderr_lines)} lines"))
    if result.status == 0 and not result.stdout.strip():
        findings.append(("exit 0 with nothing on stdout", ""))
    if result.status == 0 and effective_format(case.argv) == "json":
        findings.extend(json_findings(result.stdout, case.argv))
    given_flags = {t.split("=", 1)[0] for t in case.argv if t.startswith("--") and len(t) > 2}
    if result.status == 64 and case.target and not any(f in first for f in given_flags | {case.target}):
        findings.append(("refusal does not name the flag", f"expected {case.target}: {first[:200]}"))
    if case.expect == "ok" and result.status in (64, 70, 73):
        findings.append((f"valid input failed with exit {result.status}", first[:200]))
    if case.expect == "refuse" and result.status == 0:
        findings.append(("invalid input accepted (exit 0)", ""))
    if result.status not in (None, 0) and result.left_behind:
        findings.append(("output left behind after a failure", ", ".join(result.left_behind[:5])))
    return findings

# ---------------------------------------------------------------------------
# Running many invocations, minimizing, reporting.


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
    return " ".join(shell_quote(a) for a in [binary] + argv)


def run_all(binary, planned, derive, workroot, args):
    """Run the cases with a pool of threads; probes first, and their collision cases next.

    derive(probe case) returns the cases to run once that probe has finished.
    Returns {index: Result}.
    """
    pending = deque(sorted(planned, key=lambda c: (c.probe is None, not c.slow, c.index)))
    results, in_flight, done_count, started = {}, {}, 0, time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        while pending or in_flight:
            while pending and len(in_flight) < 2 * args.jobs:
                case = pending.popleft()
                slow = case.slow or any(t.split("=")[-1] in SLOW_TABLES for t in case.argv if "tables" in case.argv)
                limit = args.slow_timeout if slow else args.timeout * (3 if case.heavy else 1)
                in_flight[pool.submit(execute, binary, case, workroot, limit, args.backtraces,
                                      args.keep)] = case
            finished, _ = concurrent.futures.wait(in_flight, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                case = in_flight.pop(future)
                results[case.index] = future.result()
                done_count += 1
                if case.probe is not None:
                    pending.extendleft(reversed(derive(case, results[case.index])))
                if not args.quiet and done_count % 1000 == 0:
                    print(f"  {done_count} invocations, {time.monotonic() - started:.0f} s",
                          file=sys.stderr, flush=True)
    return results


def minimize(binary, result, failure, workroot, args):
    """Drop and simplify arguments while the failure class still reproduces.

    Units the case's expectation depends on (the mutated option, required options) stay.
    Returns the smallest reproducing Result and the number of reruns it took.
    """
    best, runs = result, 0
    if result.timed_out or result.seconds > 5 or result.case.slow:
        return best, runs
    limit = min(args.timeout, max(2.0, 5 * result.seconds))

    def attempt(units):
        """Run a variant of the case; return its Result if the failure reproduces, else None."""
        nonlocal runs
        runs += 1
        trial = Case(index=best.case.index, units=units, expect=best.case.expect, kind=best.case.kind,
                     target=best.case.target, fixtures=best.case.fixtures, heavy=best.case.heavy)
        outcome = execute(binary, trial, workroot, limit, args.backtraces)
        return outcome if failure in [f for f, _ in outcome.findings] else None

    i = len(best.case.units) - 1
    while i >= 1 and runs < 40:
        case = best.case
        if i not in case.pinned and i not in case.keep_required:
            units = case.units[:i] + case.units[i + 1:]
            found = attempt(units)
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


def pick_examples(binary, results, workroot, args):
    """Up to args.examples minimized, distinct examples per failure class.

    Returns ({class: [results]}, {class: [minimized results]}, reruns made).
    """
    by_class = {}
    for result in sorted(results.values(), key=lambda r: (len(r.case.argv),
                                                         len(" ".join(r.case.argv)), r.case.index)):
        for failure, _ in result.findings:
            by_class.setdefault(failure, []).append(result)
    examples = {}

    def one_class(failure):
        """Minimize candidates of one class until enough distinct examples are found."""
        chosen, seen, tried, reruns = [], set(), set(), 0
        for candidate in by_class[failure]:
            if len(tried) >= 4 * args.examples:
                break
            if fingerprint(failure, candidate) in tried:
                continue
            tried.add(fingerprint(failure, candidate))
            small, runs = minimize(binary, candidate, failure, workroot, args)
            reruns += runs
            key = fingerprint(failure, small)
            if key in seen:
                continue
            seen.add(key)
            chosen.append(small)
            if len(chosen) >= args.examples:
                break
        return failure, chosen, reruns

    total = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for failure, chosen, reruns in pool.map(one_class, sorted(by_class)):
            examples[failure] = chosen
            total += reruns
    return by_class, examples, total


def example_record(binary, failure, result):
    """A JSON-ready description of one example."""
    detail = next((d for f, d in result.findings if f == failure), "")
    return {"command": command_line(binary, result.case.argv), "argv": result.case.argv,
            "outcome": result.outcome(), "detail": detail,
            "setup": {k: v for k, v in result.case.fixtures.items()},
            "stderr_head": result.stderr.splitlines()[:3], "stdout_head": result.stdout.splitlines()[:3],
            "seconds": round(result.seconds, 3)}


def time_by_subcommand(results, surface):
    """{subcommand: seconds spent running it}, largest first; anything else is '(other)'."""
    names = {c.words[0] for c in surface}
    spent = Counter()
    for result in results.values():
        first = result.case.argv[0] if result.case.argv else ""
        spent[first if first in names else "(other)"] += result.seconds
    return {k: round(v, 1) for k, v in spent.most_common()}


def print_summary(binary, results, by_class, examples, seconds, extra_runs, surface, args):
    """Print the human-readable summary."""
    outcomes = Counter(r.outcome() for r in results.values())
    failing = [r for r in results.values() if r.findings]
    print(f"\nlyapsim fuzz: {len(results)} invocations of {binary} in {seconds:.1f} s "
          f"(seed {args.seed}, {args.jobs} jobs, +{extra_runs} minimization reruns)")
    print("subcommands: " + ", ".join(" ".join(c.words) + f" ({len(c.options)} options)" for c in surface))
    print("exit status: " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items(), key=lambda kv: (
        not kv[0].isdigit(), int(kv[0]) if kv[0].isdigit() else 0, kv[0]))))
    print("seconds by subcommand: " + ", ".join(f"{k} {v}" for k, v in time_by_subcommand(results, surface).items()))
    print(f"failing invocations: {len(failing)}; failure classes: {len(by_class)}")
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


def write_report(path, binary, results, by_class, examples, seconds, surface, args):
    """Write the machine-readable report."""
    outcomes = Counter(r.outcome() for r in results.values())
    report = {
        "binary": binary, "seed": args.seed, "count": len(results), "jobs": args.jobs,
        "timeout": args.timeout, "seconds": round(seconds, 1),
        "surface": [{"command": c.words, "options": [
            {"flag": o.flag, "kind": o.kind, "required": o.required, "values": o.values,
             "default": o.default, "low": o.low, "high": o.high} for o in c.options]} for c in surface],
        "exit_status_counts": dict(sorted(outcomes.items())),
        "failure_counts": {f: len(v) for f, v in sorted(by_class.items())},
        "seconds_by_subcommand": time_by_subcommand(results, surface),
        "slowest": [{"seconds": round(r.seconds, 2), "command": command_line(binary, r.case.argv)}
                    for r in sorted(results.values(), key=lambda r: -r.seconds)[:15]],
        "examples": {f: [example_record(binary, f, r) for r in ex] for f, ex in sorted(examples.items())},
        "failures": [{"index": r.case.index, "argv": r.case.argv, "kind": r.case.kind,
                      "expect": r.case.expect, "outcome": r.outcome(), "setup": r.case.fixtures,
                      "classes": [f for f, _ in r.findings], "details": [d for _, d in r.findings],
                      "stderr_head": r.stderr.splitlines()[:2]}
                     for r in sorted(results.values(), key=lambda r: r.case.index) if r.findings],
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1, ensure_ascii=False)
        handle.write("\n")


def parse_args(argv):
    """The fuzzer's own command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the lyapsim executable to fuzz")
    parser.add_argument("--count", type=int, default=10000, help="invocations to run (default 10000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel invocations")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per invocation (default 20)")
    parser.add_argument("--slow-timeout", type=float, default=300.0,
                        help="seconds for the few full runs of slow subcommands (default 300)")
    parser.add_argument("--report", help="write a JSON report here")
    parser.add_argument("--examples", type=int, default=3, help="minimized examples per failure class")
    parser.add_argument("--list", action="store_true", help="print the planned command lines and stop")
    parser.add_argument("--keep", action="store_true", help="keep every sandbox")
    parser.add_argument("--backtraces", action="store_true",
                        help="leave Swift's crash backtracer on (slow; off by default)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--only-command", metavar="NAME",
                        help="plan invocations of this subcommand only (e.g. train)")
    return parser.parse_args(argv)


def main(argv=None):
    """Discover, plan, run, minimize, report; exit 0 if nothing failed."""
    args = parse_args(argv)
    binary = os.path.abspath(args.binary)
    surface = discover(binary, args.timeout)
    if not surface:
        sys.exit(f"fuzz: no subcommands found in `{binary} --help`")
    rng_names = generator_names(binary, surface, args.timeout)
    if args.only_command:
        surface = [c for c in surface if c.words[:1] == [args.only_command]]
        if not surface:
            sys.exit(f"fuzz: no subcommand {args.only_command!r} in `{binary} --help`")
    gen = Generator(surface, rng_names, args.seed, args.count, os.geteuid() == 0)
    fixed = gen.probes(0)
    fixed += gen.sweep(len(fixed))
    derive_rand = random.Random(args.seed + 1)
    planned_derived = sum(1 if p.slow else 4 for p in fixed if p.probe is not None
                          for _ in p.probe) if args.count > 200 else 0
    random_count = max(0, args.count - len(fixed) - planned_derived)
    planned = fixed[:args.count] + [gen.make_case(len(fixed) + i) for i in range(random_count)]
    next_index = [len(planned)]
    derived_left = [args.count - len(planned)]

    def derive(probe, result):
        """Collision cases from a finished probe, topped up with random ones to keep the count."""
        learned = probe.learned if result.status == 0 and probe.learned else {}
        wanted = (1 if probe.slow else 4) * len(probe.probe)
        cases = collision_cases(probe, learned, next_index[0], derive_rand)[:wanted]
        filler = Generator(surface, rng_names, args.seed + 2 + probe.index, wanted, gen.is_root)
        while len(cases) < wanted:
            cases.append(filler.make_case(next_index[0] + len(cases)))
        cases = cases[:max(0, derived_left[0])]
        next_index[0] += len(cases)
        derived_left[0] -= len(cases)
        return cases

    if args.list:
        for case in planned:
            print(f"{case.index:5d} {case.kind:<18} {case.expect:<6} {command_line(binary, case.argv)}")
        print(f"(+{planned_derived} collision cases planned from the probes' outputs)")
        return 0
    if not args.quiet:
        print(f"fuzzing {binary}: {len(surface)} subcommands, {len(rng_names)} generators, "
              f"{args.count} invocations, {args.jobs} jobs", file=sys.stderr, flush=True)
    started = time.monotonic()
    workroot = tempfile.mkdtemp(prefix="lyapsim-fuzz-")
    try:
        results = run_all(binary, planned, derive, workroot, args)
        runtime = time.monotonic() - started
        by_class, examples, extra = pick_examples(binary, results, workroot, args)
    finally:
        if not args.keep:
            remove_tree(workroot)
    seconds = time.monotonic() - started
    print_summary(binary, results, by_class, examples, runtime, extra, surface, args)
    print(f"\ntotal time {seconds:.1f} s (runs {runtime:.1f} s, minimizing {seconds - runtime:.1f} s)")
    if args.report:
        write_report(args.report, binary, results, by_class, examples, runtime, surface, args)
    return 1 if by_class else 0


if __name__ == "__main__":
    sys.exit(main())
