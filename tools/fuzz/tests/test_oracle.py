"""The oracle judging sample results of single runs."""

import unittest

from fuzz import oracle
from fuzz.tests.support import outcome

ARGV = ["estimate", "--width", "4", "--slope", "0.1"]


def failed(verdicts):
    """{oracle: failure class} of the failed verdicts."""
    return {v.oracle: v.what for v in verdicts if not v.passed}


def checked(verdicts):
    """The oracles that judged the run."""
    return {v.oracle for v in verdicts}


class OracleTests(unittest.TestCase):
    def test_clean_success_passes(self):
        verdicts = oracle.judge(ARGV, "ok", None, outcome(0, "lambda -0.3\n"))
        self.assertEqual(failed(verdicts), {})
        self.assertIn("valid-accepted", checked(verdicts))
        self.assertNotIn("one-line-error", checked(verdicts))     # only failures are judged by it

    def test_nan_in_stdout_fails(self):
        verdicts = oracle.judge(ARGV, "ok", None, outcome(0, "lambda nan +- 0.1\n"))
        self.assertEqual(failed(verdicts), {"no-nan": "nan in stdout"})
        # "nano" and "finance" are words, not NaN.
        self.assertEqual(failed(oracle.judge(ARGV, "ok", None, outcome(0, "nanoseconds, finance\n"))), {})

    def test_nan_echoed_from_the_input_is_fine(self):
        argv = ["estimate", "--slope", "nan"]
        refusal = "lyapsim: --slope: must be a number, got nan\n"
        self.assertEqual(failed(oracle.judge(argv, "refuse", "--slope", outcome(64, "", refusal))), {})
        self.assertIn("no-nan", failed(oracle.judge(ARGV, "any", None, outcome(64, "", refusal))))

    def test_two_line_stderr_fails(self):
        verdicts = oracle.judge(ARGV, "refuse", "--width", outcome(64, "", "lyapsim: --width: bad\nusage: ...\n"))
        self.assertEqual(failed(verdicts), {"one-line-error": "more than one line on stderr on failure"})

    def test_silent_failure_fails(self):
        self.assertIn("one-line-error", failed(oracle.judge(ARGV, "any", None, outcome(64, "", ""))))

    def test_exit_64_naming_the_flag_passes(self):
        verdicts = oracle.judge(ARGV, "refuse", "--width", outcome(64, "", "lyapsim: --width: must be 1 to 8192\n"))
        self.assertEqual(failed(verdicts), {})
        self.assertIn("names-the-flag", checked(verdicts))
        self.assertIn("invalid-refused", checked(verdicts))

    def test_exit_64_not_naming_the_flag_fails(self):
        verdicts = oracle.judge(["estimate", "--depth", "0"], "refuse", "--depth",
                                outcome(64, "", "lyapsim: something is wrong\n"))
        self.assertEqual(failed(verdicts), {"names-the-flag": "refusal does not name the flag"})

    def test_traceback_fails(self):
        trace = "Traceback (most recent call last):\n  File \"x\", line 1\nValueError: boom\n"
        self.assertIn("no-stack-trace", failed(oracle.judge(ARGV, "any", None, outcome(1, "", trace))))
        swift = "Fatal error: Index out of range\n"
        self.assertEqual(failed(oracle.judge(ARGV, "any", None, outcome(70, "", swift)))["no-stack-trace"],
                         "stack trace or fatal error on stderr")

    def test_signal_timeout_and_exit_status(self):
        self.assertEqual(failed(oracle.judge(ARGV, "any", None, outcome(None, signal="SIGSEGV"))),
                         {"no-signal": "killed by SIGSEGV", "one-line-error": "failure with nothing on stderr"})
        self.assertEqual(failed(oracle.judge(ARGV, "any", None, outcome(None, timed_out=True))),
                         {"no-timeout": "timeout"})
        self.assertEqual(failed(oracle.judge(ARGV, "any", None, outcome(1, "", "lyapsim: no\n")))["exit-status"],
                         "exit status 1")
        for status in (0, 64, 70, 73):
            self.assertNotIn("exit-status", failed(oracle.judge(ARGV, "any", None, outcome(status, "x", "y"))))

    def test_expectations(self):
        self.assertEqual(failed(oracle.judge(ARGV, "refuse", None, outcome(0, "done\n"))),
                         {"invalid-refused": "invalid input accepted (exit 0)"})
        self.assertEqual(failed(oracle.judge(ARGV, "ok", None, outcome(64, "", "lyapsim: --slope: no\n"))),
                         {"valid-accepted": "valid input failed with exit 64"})
        self.assertEqual(failed(oracle.judge(ARGV, "any", None, outcome(64, "", "lyapsim: --slope: no\n"))), {})

    def test_json(self):
        argv = ARGV + ["--format", "json"]
        self.assertEqual(failed(oracle.judge(argv, "ok", None, outcome(0, '{"lambda": -0.3}\n'))), {})
        self.assertEqual(failed(oracle.judge(argv, "ok", None, outcome(0, '{"lambda": -Infinity}\n'))),
                         {"json": "NaN/Infinity token in JSON"})
        self.assertEqual(failed(oracle.judge(argv, "ok", None, outcome(0, "lambda -0.3\n"))),
                         {"json": "JSON output does not parse"})
        # Text output is not parsed as JSON.
        self.assertEqual(failed(oracle.judge(ARGV + ["--format=json", "--format", "text"], "ok", None,
                                             outcome(0, "lambda -0.3\n"))), {})

    def test_zero_spread(self):
        doc = '{"samples": 5, "estimate": {"stderr": 0, "survivors": 5}, "theory": {"clt_variance": 0.5}}'
        argv = ARGV + ["--format", "json"]
        self.assertEqual(failed(oracle.judge(argv, "ok", None, outcome(0, doc)))["json"],
                         "identical samples (zero spread)")
        # diagonal-noise at --noise 0 draws no randomness: no spread is right.
        self.assertEqual(failed(oracle.judge(argv + ["--noise", "0"], "ok", None, outcome(0, doc))), {})

    def test_files_left_behind_after_failure(self):
        verdicts = oracle.judge(ARGV, "any", None, outcome(73, "", "lyapsim: --save: cannot create\n"),
                                left_behind=["out/half.lyp"])
        self.assertEqual(failed(verdicts), {"nothing-half-written": "output left behind after a failure"})
        self.assertEqual(failed(oracle.judge(ARGV, "ok", None, outcome(0, "ok\n"), left_behind=["out.lyp"])), {})

    def test_empty_success_fails(self):
        self.assertEqual(failed(oracle.judge(ARGV, "ok", None, outcome(0, "\n"))),
                         {"output-on-success": "exit 0 with nothing on stdout"})


if __name__ == "__main__":
    unittest.main()
