"""The cost model: how much work an invocation asks for.

The planner keeps single runs to milliseconds by shrinking sizes until an invocation's
cost is below NORMAL_CAP, and allows only a few deliberately huge but valid ones (up to
EXTREME_CAP, with a longer timeout). Slow subcommands and slow tables are named here too.
"""

import math

from .parsing import INT_TEXT, integer


# Work per invocation: the product of these sizes (width squared unless
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
# Drawing one training sample of a synthetic task, per run (measured: --train-size 4194304
# with 20 runs takes 30 s on one core).
TRAIN_SAMPLE_DRAW = 600
TRAIN_SHRINK = (("steps", 50), ("runs", 3), ("batch", 16), ("steps", 1), ("runs", 1), ("batch", 1),
                ("depth", 1), ("width", 1))
# (d_in, d_out, held-out samples, largest --train-size) of each task; a task missing here is
# costed as 1 and its --train-size left unjudged.
TRAIN_TASKS = {"quintic": (1, 1, 1024, 1 << 22), "mixture-score": (2, 2, 1024, 1 << 22),
               "spirals": (2, 2, 1024, 1 << 22), "teacher": (2, 1, 1024, 1 << 22),
               "fashion-mnist": (784, 10, 10000, 55000)}
TRAIN_DEFAULT_SIZE = {"fashion-mnist": 55000}           # else 1024
TRAIN_DEFAULTS = {"lr": 1e-3, "weight-decay": 1e-4, "batch": 64, "steps": 2000, "runs": 20}
TRAIN_TRANSCENDENTAL = ("tanh", "erf", "sigmoid", "scaled-tanh")   # about 10x Leaky ReLU per unit


def train_shape(values):
    """(d_in, N, L, d_out) of a train invocation, or None when a size is not a valid number."""
    task, width, depth = values.get("task"), integer(values, "width"), integer(values, "depth")
    if task not in TRAIN_TASKS or width is None or depth is None:
        return None
    if not (1 <= width <= 8192 and 1 <= depth <= 10000):
        return None
    return TRAIN_TASKS[task][0], width, depth, TRAIN_TASKS[task][1]


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
    drawn = 0 if values.get("task") == "fashion-mnist" else \
        TRAIN_SAMPLE_DRAW * min(integer(values, "train-size", 1024) or 1024, 1 << 22)
    return float(runs) * (params * forwards + units + TRAIN_LAYER_CALL * calls + candidates * depth * n ** 3
                          + drawn)


def invocation_cost(cmd, values):
    """Random numbers one (non-train) invocation draws: the product of its sizes."""
    if cmd.words[:1] == ["train"]:
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
