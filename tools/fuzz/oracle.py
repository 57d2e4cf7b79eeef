"""Judging one invocation: what every run of the binary must do, whatever its input.

Each oracle applies to some runs (a refusal oracle only to exit 64, say) and passes or
fails on each; `judge` returns one Verdict per applicable oracle, so the summary can say
how many runs each oracle checked and how many it failed.
"""

import json
import re
from dataclasses import dataclass

from .parsing import FLOAT_TEXT, INT_TEXT

ALLOWED_EXITS = {0, 64, 65, 66, 70, 73}
STACK_TRACE = re.compile(r"Fatal error|Current stack trace|Backtracing|\*\*\* Signal|Stack dump|"
                         r"Thread \d+ crashed|Illegal instruction|Segmentation fault|"
                         r"Traceback \(most recent call last\)")
NAN_WORD = re.compile(r"(?<![A-Za-z0-9_])[-+]?nan(?![A-Za-z0-9_])", re.IGNORECASE)

# The oracles, in the order the summary lists them, with what each promises.
ORACLES = {
    "no-signal": "not killed by a signal",
    "no-timeout": "finishes within the timeout",
    "exit-status": "exit status in {0, 64, 65, 66, 70, 73}",
    "no-nan": "no nan in stdout, nor in stderr unless the input said nan",
    "no-stack-trace": "no stack trace, fatal error or raw Foundation error on stderr",
    "one-line-error": "a failure prints exactly one line on stderr",
    "output-on-success": "exit 0 prints something on stdout",
    "json": "JSON output parses, has no NaN/Infinity and is self-consistent",
    "names-the-flag": "exit 64 names the flag at fault",
    "valid-accepted": "valid input exits 0",
    "invalid-refused": "invalid input is refused",
    "nothing-half-written": "a failed run leaves no file behind",
}


@dataclass
class Verdict:
    """One oracle's judgement of one run."""
    oracle: str
    passed: bool
    what: str = ""             # the failure class, e.g. "nan in stdout"
    detail: str = ""


def last_value(argv, flag):
    """The value of the last occurrence of --flag (as --flag v or --flag=v), or None."""
    found = None
    for i, token in enumerate(argv):
        if token == flag and i + 1 < len(argv):
            found = argv[i + 1]
        elif token.startswith(flag + "="):
            found = token.split("=", 1)[1]
    return found


def prints_json(argv):
    """Does this invocation ask for JSON on stdout (--format json, --experimental-dump-help)?"""
    return last_value(argv, "--format") == "json" or "--experimental-dump-help" in argv


def train_json_findings(doc, argv, ensembles):
    """What train's JSON must say: one entry per run; a run that did not diverge has numeric
    losses; a median relative loss unless a run diverged; --sigma with --init ENSEMBLE is the
    hidden layers' scale."""
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
    if sigma and init in ensembles and FLOAT_TEXT.fullmatch(sigma) and \
            isinstance(doc.get("hidden_sigma"), (int, float)):
        if abs(doc["hidden_sigma"] - float(sigma)) > 1e-12 * abs(float(sigma)):
            findings.append(("train: --sigma ignored", f"--init {init} --sigma {sigma}: hidden_sigma {doc['hidden_sigma']}"))
    return findings


def json_findings(text, argv=(), ensembles=()):
    """[(failure class, detail)] about a JSON output: parse errors, NaN/Infinity tokens,
    degenerate estimates, train's own consistency."""
    bad_tokens = []
    try:
        doc = json.loads(text, parse_constant=lambda token: bad_tokens.append(token) or 0.0)
    except ValueError as error:
        if "--shard" in argv or any(t.startswith("--shard=") for t in argv):
            # One issue, however many runs show it: a shard prints its status line as text.
            return [("--shard with --format json prints text, not JSON", text.strip()[:200])]
        return [("JSON output does not parse", str(error))]
    findings = []
    if bad_tokens:
        findings.append(("NaN/Infinity token in JSON", ", ".join(sorted(set(bad_tokens)))))
    if isinstance(doc, dict) and isinstance(doc.get("runs"), list) and "median_final_loss" in doc:
        findings.extend(train_json_findings(doc, list(argv), ensembles))
    if isinstance(doc, dict) and isinstance(doc.get("estimate"), dict):
        est, theory = doc["estimate"], doc.get("theory") or {}
        survivors = est.get("survivors")
        spread = theory.get("surviving_clt_variance", theory.get("clt_variance"))
        # A network with no randomness (diagonal-noise at --noise 0: W = sigma I) has no spread.
        deterministic = FLOAT_TEXT.fullmatch(last_value(argv, "--noise") or "x") and \
            float(last_value(argv, "--noise")) == 0
        if est.get("stderr") == 0 and isinstance(survivors, int) and survivors >= 2 and spread != 0 \
                and not deterministic:
            findings.append(("identical samples (zero spread)", f"stderr 0 over {survivors} survivors"))
        if theory.get("death_probability") == 0 and isinstance(est.get("dead"), int) and est["dead"] > 0:
            findings.append(("networks counted dead where theory says none can die",
                             f"dead {est['dead']} of {doc.get('samples')}"))
    return findings


def judge(argv, expect, target, outcome, left_behind=(), ensembles=()):
    """Every applicable oracle's Verdict on one run.

    argv: the arguments after the binary; expect: "ok", "refuse" or "any"; target: the
    flag a refusal must name (or None); outcome: a sandbox.Outcome; left_behind: entries a
    run created or changed in its sandbox; ensembles: names --init ENSEMBLE means an ensemble.
    """
    verdicts = []

    def verdict(oracle, failure=None, detail=""):
        """Record one oracle's pass (failure None) or fail."""
        verdicts.append(Verdict(oracle, failure is None, failure or "", detail))

    stderr_lines = outcome.stderr.rstrip("\n").splitlines()
    first = stderr_lines[0] if stderr_lines else ""
    verdict("no-timeout", "timeout" if outcome.timed_out else None,
            f"killed after {outcome.seconds:.1f} s" if outcome.timed_out else "")
    if outcome.timed_out:
        return verdicts
    verdict("no-signal", f"killed by {outcome.signal}" if outcome.signal else None, first[:200])
    if outcome.status is not None:
        bad = outcome.status not in ALLOWED_EXITS
        verdict("exit-status", f"exit status {outcome.status}" if bad else None, first[:200])
    nan_failure, nan_detail = None, ""
    if NAN_WORD.search(outcome.stdout):
        line = next(l for l in outcome.stdout.splitlines() if NAN_WORD.search(l))
        nan_failure, nan_detail = "nan in stdout", line.strip()[:200]
    echoes_input = outcome.status == 64 and any(NAN_WORD.search(t) for t in argv)
    if not nan_failure and NAN_WORD.search(outcome.stderr) and not echoes_input:
        nan_failure, nan_detail = "nan in stderr", first[:200]   # "got nan" after "--x nan" is fine
    verdict("no-nan", nan_failure, nan_detail)
    trace = STACK_TRACE.search(outcome.stderr)
    if trace:
        verdict("no-stack-trace", "stack trace or fatal error on stderr", trace.group(0))
    elif "Error Domain=" in outcome.stderr or "UserInfo=" in outcome.stderr:
        verdict("no-stack-trace", "raw Foundation error on stderr", first[:200])
    else:
        verdict("no-stack-trace")
    failed = outcome.signal is not None or outcome.status != 0
    if failed:
        if len(stderr_lines) > 1:
            verdict("one-line-error", "more than one line on stderr on failure", f"{len(stderr_lines)} lines")
        elif not first.strip():
            verdict("one-line-error", "failure with nothing on stderr", "")
        else:
            verdict("one-line-error")
        verdict("nothing-half-written", "output left behind after a failure" if left_behind else None,
                ", ".join(list(left_behind)[:5]))
    if outcome.status == 0:
        verdict("output-on-success", None if outcome.stdout.strip() else "exit 0 with nothing on stdout")
        if prints_json(argv):
            found = json_findings(outcome.stdout, argv, ensembles)
            verdict("json", *(found[0] if found else (None, "")))
    given_flags = {t.split("=", 1)[0] for t in argv if t.startswith("--") and len(t) > 2}
    if outcome.status == 64 and target:
        named = any(f in first for f in given_flags | {target})
        verdict("names-the-flag", None if named else "refusal does not name the flag",
                "" if named else f"expected {target}: {first[:200]}")
    if expect == "ok" and outcome.status is not None:
        wrong = outcome.status != 0 and outcome.status in ALLOWED_EXITS
        verdict("valid-accepted", f"valid input failed with exit {outcome.status}" if wrong else None, first[:200])
    if expect == "refuse" and outcome.status is not None:
        verdict("invalid-refused", "invalid input accepted (exit 0)" if outcome.status == 0 else None)
    return verdicts


def failures(verdicts):
    """The failed verdicts only."""
    return [v for v in verdicts if not v.passed]
