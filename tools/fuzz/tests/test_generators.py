"""Planning invocations: determinism for a seed, and the model of what is valid."""

import unittest

from fuzz import cost, generators, rules
from fuzz.option_values import classify_number
from fuzz.tests.support import fixture_surface


def argv_list(surface, seed, count):
    """Every planned command line (probes, sweep, random cases) for a seed, and how many
    collision cases the probes will add."""
    fixed, cases, derived, _ = generators.plan(surface, seed, count)
    return [c.argv for c in fixed + cases], derived


class DeterminismTests(unittest.TestCase):
    def test_same_seed_same_command_list(self):
        surface = fixture_surface()
        first = argv_list(surface, 20261205, 400)
        self.assertEqual(len(first[0]) + first[1], 400)
        self.assertEqual(first, argv_list(fixture_surface(), 20261205, 400))

    def test_other_seed_other_command_list(self):
        surface = fixture_surface()
        self.assertNotEqual(argv_list(surface, 1, 300), argv_list(surface, 2, 300))

    def test_expectations_are_deterministic_too(self):
        a = generators.plan(fixture_surface(), 7, 300)
        b = generators.plan(fixture_surface(), 7, 300)
        self.assertEqual([(c.expect, c.target, c.kind) for c in a[0] + a[1]],
                         [(c.expect, c.target, c.kind) for c in b[0] + b[1]])


class ModelTests(unittest.TestCase):
    def setUp(self):
        self.surface = fixture_surface()
        self.gen = generators.Generator(self.surface, 1, 100)

    def expect(self, line):
        """What the model expects of a command line."""
        return self.gen.expect_argv(line.split())

    def test_valid_invocations(self):
        self.assertEqual(self.expect("estimate --width 4 --slope 0.1"), "ok")
        self.assertEqual(self.expect("estimate --width 4 --activation relu --samples 10"), "ok")
        self.assertEqual(self.expect("estimate --width 4 --slope 0.1 --ensemble student-t --dof 5"), "ok")
        self.assertEqual(self.expect("theory --width 1 --slope 0.1 --ensemble uniform"), "ok")
        self.assertEqual(self.expect("train --task teacher --width 4 --depth 2 --init he"), "ok")

    def test_refused_invocations(self):
        self.assertEqual(self.expect("estimate --slope 0.1"), "refuse")                     # no shape
        self.assertEqual(self.expect("estimate --width 4 --widths 4,4 --slope 0.1"), "refuse")
        self.assertEqual(self.expect("estimate --width 4"), "refuse")                       # leaky-relu needs --slope
        self.assertEqual(self.expect("estimate --width 4 --slope 0.1 --ensemble student-t"), "refuse")
        self.assertEqual(self.expect("estimate --width 4 --slope 0.1 --sigma 1 --preset torch-default"), "refuse")
        self.assertEqual(self.expect("estimate --width 4 --slope 0.1 --rng ran1"), "refuse")  # listed as refused
        self.assertEqual(self.expect("estimate --width 0 --slope 0.1"), "refuse")
        self.assertEqual(self.expect("estimate --width 4 --activation tanh"), "refuse")       # not homogeneous
        self.assertEqual(self.expect("theory --width 3 --slope 0.1 --ensemble uniform"), "refuse")
        self.assertEqual(self.expect("estimate --width 4 --slope 0.1 --shard 0/2"), "refuse")  # no --save
        self.assertEqual(self.expect("train --task teacher --width 4 --depth 2 --init he --sigma 2"), "refuse")

    def test_unpredictable_invocations(self):
        self.assertEqual(self.expect("estimate --widths 4,3,2 --slope 0.1"), "any")
        self.assertEqual(self.expect("merge a.lyp b.lyp"), "any")
        self.assertIsNone(self.expect("estimate --width 4 --frobnicate"))     # not modelled

    def test_number_classes(self):
        self.assertEqual(classify_number("8192", True, 1, 8192, True), "valid")
        self.assertEqual(classify_number("8193", True, 1, 8192, True), "invalid")
        self.assertEqual(classify_number("2", False, 2, None, True, low_open=True), "invalid")
        self.assertEqual(classify_number("nan", False, 0, 1, True), "invalid")
        self.assertEqual(classify_number("4.0", True, 1, 10, True), "invalid")
        self.assertEqual(classify_number("0x1p-3", False, None, None, True), "unknown")

    def test_typical_invocations_are_mostly_valid(self):
        estimate = self.surface.command("estimate")
        results = [self.gen.expect_argv(["estimate"] + self.render(estimate, self.gen.harmonized_values(estimate, 1.0)))
                   for _ in range(200)]
        self.assertGreater(results.count("ok"), 100)

    def render(self, cmd, values):
        """Plain --flag value arguments."""
        return [t for o in cmd.options if o.name in values
                for t in ([values[o.name]] if o.positional else [o.flag, values[o.name]])]

    def test_planned_cases_are_cheap(self):
        fixed, cases, _, _ = generators.plan(self.surface, 3, 300)
        for case in cases:
            cmd = self.surface.command(case.argv[0]) if case.argv else None
            if cmd is None or case.expect == "refuse" or case.heavy:
                continue
            parsed = self.gen.parse_argv(case.argv)
            if parsed and not rules.is_train(cmd):
                self.assertLessEqual(cost.invocation_cost(*parsed), cost.NORMAL_CAP, case.argv)


if __name__ == "__main__":
    unittest.main()
