"""The differential comparators, and how the properties pick commands, invocations and changes."""

import os
import random
import shutil
import tempfile
import unittest

from fuzz import differential
from fuzz.option_values import OUTPUT_ONLY
from fuzz.generators import Generator
from fuzz.tests.support import FIXTURES, fixture_surface, outcome, with_new_command

REPORT = "lambda -0.4 +- 0.1\ns^2 0.6\n"
OTHER = "lambda -0.2 +- 0.1\ns^2 0.6\n"


class ComparatorTests(unittest.TestCase):
    def test_first_difference(self):
        self.assertIsNone(differential.first_difference("a\nb\n", "a\nb\n"))
        self.assertIn("line 2", differential.first_difference("a\nb\n", "a\nc\n"))
        self.assertIn("<end>", differential.first_difference("a\nb\n", "a\n"))
        self.assertIsNotNone(differential.first_difference("a\n", "a"))

    def test_shards(self):
        fresh = {"text": outcome(0, REPORT), "json": outcome(0, "{}\n")}
        shards = [outcome(0, "shard 0/2 done\n"), outcome(0, "shard 1/2 done\n")]
        same = {"text": outcome(0, REPORT), "json": outcome(0, "{}\n")}
        self.assertEqual(differential.judge_shards(shards, same, fresh), ("pass", ""))
        status, detail = differential.judge_shards(shards, {"text": outcome(0, OTHER), "json": outcome(0, "{}\n")}, fresh)
        self.assertEqual(status, "fail")
        self.assertIn("merge (text) differs", detail)
        self.assertEqual(differential.judge_shards([outcome(64, "", "lyapsim: --shard: no\n")], {}, fresh)[0], "skip")
        self.assertEqual(differential.judge_shards([outcome(70, "", "lyapsim: boom\n")], {}, fresh)[0], "fail")
        self.assertEqual(differential.judge_shards(shards, {"text": outcome(64, "", "x\n")}, fresh)[0], "fail")

    def test_threads(self):
        self.assertEqual(differential.judge_threads({"1": outcome(0, REPORT), "2": outcome(0, REPORT)}), ("pass", ""))
        status, detail = differential.judge_threads({"1": outcome(0, REPORT), "2": outcome(0, OTHER)})
        self.assertEqual(status, "fail")
        self.assertIn("--threads 1 and --threads 2 differ", detail)
        self.assertEqual(differential.judge_threads({"1": outcome(0, REPORT), "2": outcome(70, "")})[0], "fail")

    def test_resume(self):
        stop = outcome(130, "", "lyapsim: interrupted by SIGINT after 3 of 7 samples; saved to ck\n")
        fresh = outcome(0, REPORT)
        self.assertEqual(differential.judge_resume([stop], outcome(0, REPORT), fresh), ("pass", ""))
        self.assertEqual(differential.judge_resume([stop, stop], outcome(0, REPORT), fresh), ("pass", ""))
        self.assertEqual(differential.judge_resume([stop], outcome(0, OTHER), fresh)[0], "fail")
        self.assertEqual(differential.judge_resume([outcome(0, REPORT)], outcome(0, REPORT), fresh)[0], "skip")
        self.assertEqual(differential.judge_resume([outcome(1, "", "x\n")], outcome(0, REPORT), fresh)[0], "fail")
        noisy = outcome(130, "partial\n", "lyapsim: interrupted\n")
        self.assertEqual(differential.judge_resume([noisy], outcome(0, REPORT), fresh)[0], "fail")
        # A second stop point past the end: that run finished; the resumed run must still match.
        self.assertEqual(differential.judge_resume([stop, outcome(0, REPORT)], outcome(0, REPORT), fresh)[0], "pass")

    def test_identity(self):
        first, changed = outcome(0, REPORT), outcome(0, OTHER)
        refusal = outcome(64, "", 'lyapsim: --checkpoint: "ck" is from a different run (--noise 0.1 vs 0.5)\n')
        self.assertEqual(differential.judge_identity(refusal, first, changed, b"x", b"x"), ("pass", "refused"))
        self.assertEqual(differential.judge_identity(refusal, first, changed, b"x", b"y")[0], "fail")
        other_flag = outcome(64, "", "lyapsim: --noise: bad\n")
        self.assertEqual(differential.judge_identity(other_flag, first, changed)[0], "fail")
        two_lines = outcome(64, "", "lyapsim: --checkpoint: different run\nhint: remove it\n")
        self.assertEqual(differential.judge_identity(two_lines, first, changed)[0], "fail")
        self.assertEqual(differential.judge_identity(outcome(0, OTHER), first, changed)[0], "pass")
        status, detail = differential.judge_identity(outcome(0, REPORT), first, changed)
        self.assertEqual(status, "fail")
        self.assertIn("first run's numbers", detail)
        # When both commands print the same, reusing the checkpoint is indistinguishable: fine.
        self.assertEqual(differential.judge_identity(outcome(0, REPORT), first, outcome(0, REPORT))[0], "pass")
        self.assertEqual(differential.judge_identity(outcome(0, "junk\n"), first, changed)[0], "fail")


class PlanningTests(unittest.TestCase):
    def setUp(self):
        self.surface = fixture_surface()
        self.estimate = self.surface.command("estimate")

    def test_commands_are_those_declaring_shard(self):
        runner = differential.Runner("lyapsim", self.surface, "/tmp", 5, 1)
        self.assertEqual([c.words for c in runner.commands()], [["estimate"]])
        grown = fixture_surface(with_new_command("sweep"))
        runner = differential.Runner("lyapsim", grown, "/tmp", 5, 1)
        self.assertEqual([c.words for c in runner.commands()], [["sweep"], ["estimate"]])

    def test_small_values_are_valid_tiny_and_output_free(self):
        gen = Generator(self.surface, 3, 1, harmonize=1.0)
        rand = random.Random(3)
        for _ in range(50):
            values = differential.small_values(gen, self.estimate, rand)
            self.assertIsNotNone(values)
            self.assertEqual(differential.expected(gen, self.estimate, values), "ok")
            self.assertFalse(set(values) & set(OUTPUT_ONLY), values)
            self.assertLessEqual(int(values["samples"]), 12)
            if "width" in values:
                self.assertLessEqual(int(values["width"]), 4)
                self.assertLessEqual(int(values["depth"]), 12)

    def test_identity_change_changes_one_relevant_option(self):
        gen = Generator(self.surface, 4, 1, harmonize=1.0)
        rand = random.Random(4)
        changed_names = set()
        for _ in range(50):
            values = differential.small_values(gen, self.estimate, rand)
            change = differential.identity_change(gen, self.estimate, values, rand)
            self.assertIsNotNone(change)
            changed, name = change
            self.assertNotIn(name, OUTPUT_ONLY)
            self.assertNotEqual(changed, values)
            self.assertEqual({n for n in set(values) | set(changed) if values.get(n) != changed.get(n)}, {name})
            self.assertEqual(differential.expected(gen, self.estimate, changed), "ok")
            changed_names.add(name)
        self.assertGreater(len(changed_names), 4)

    def test_tally(self):
        case = differential.DiffCase(0, ["estimate"], [], checks=[
            differential.Check("threads", "pass"), differential.Check("shards-merge", "fail", "x"),
            differential.Check("checkpoint-resume", "skip", "y")])
        counts = differential.tally([case, case])
        self.assertEqual(counts["threads"], {"pass": 2, "fail": 0, "skip": 0})
        self.assertEqual(counts["shards-merge"]["fail"], 2)
        self.assertEqual(counts["checkpoint-identity"], {"pass": 0, "fail": 0, "skip": 0})


if __name__ == "__main__":
    unittest.main()


class FakeBinaryTests(unittest.TestCase):
    """The properties against a stand-in binary (tests/fixtures/fake_lyapsim.py): clean, they
    pass; with a planted bug, the property that should see it fails."""

    FAKE = os.path.join(FIXTURES, "fake_lyapsim.py")

    def run_cases(self, bug, count=1):
        """The tally of count cases against the fake with planted bugs ("" for none)."""
        previous = os.environ.get("FAKE_LYAPSIM_BUG")
        os.environ["FAKE_LYAPSIM_BUG"] = bug
        workroot = tempfile.mkdtemp(prefix="fuzz-test-")
        try:
            runner = differential.Runner(self.FAKE, fixture_surface(), workroot, 20, seed=5)
            cases = [runner.run_case(i, runner.commands()[0]) for i in range(count)]
        finally:
            shutil.rmtree(workroot, ignore_errors=True)
            if previous is None:
                del os.environ["FAKE_LYAPSIM_BUG"]
            else:
                os.environ["FAKE_LYAPSIM_BUG"] = previous
        return differential.tally(cases), cases

    def test_clean_binary_passes(self):
        counts, _ = self.run_cases("")
        for prop, count in counts.items():
            self.assertEqual(count, {"pass": 1, "fail": 0, "skip": 0}, prop)

    def test_checkpoint_reuse_is_caught(self):
        counts, cases = self.run_cases("checkpoint", count=2)
        self.assertEqual(counts["checkpoint-identity"]["fail"], 2)
        details = [c.detail for case in cases for c in case.checks if c.prop == "checkpoint-identity"]
        # A finished checkpoint gives the first run's numbers; an interrupted one a mix.
        self.assertTrue(all("first run's numbers" in d or "neither" in d for d in details), details)
        self.assertEqual(counts["shards-merge"]["fail"], 0)

    def test_thread_dependence_and_merge_difference_are_caught(self):
        counts, cases = self.run_cases("threads,merge")
        self.assertEqual(counts["threads"]["fail"], 1)
        self.assertEqual(counts["shards-merge"]["fail"], 1)
        detail = next(c.detail for c in cases[0].checks if c.prop == "shards-merge")
        self.assertIn("merge (text) differs from the unsharded run", detail)
