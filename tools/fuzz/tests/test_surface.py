"""Reading the command surface from the dump-help JSON and the name listings."""

import unittest

from fuzz import surface
from fuzz.tests.support import fixture_surface, fixture_text, with_new_command


class ToolInfoTests(unittest.TestCase):
    def setUp(self):
        self.surface = fixture_surface()
        self.estimate = self.surface.command("estimate")

    def test_leaf_commands_without_help(self):
        names = [c.words for c in self.surface.commands]
        self.assertEqual(names, [["estimate"], ["merge"], ["train"], ["theory"], ["init"], ["ensembles"], ["rngs"],
                                 ["tables"], ["meanfield"]])

    def test_option_kinds_from_value_names_and_help(self):
        kinds = {o.name: o.kind for o in self.estimate.options}
        self.assertEqual(kinds["width"], "int")
        self.assertEqual(kinds["slope"], "float")
        self.assertEqual(kinds["shard"], "shard")        # valueName K/N
        self.assertEqual(kinds["save"], "file")          # "Write ..." a file
        self.assertEqual(kinds["checkpoint"], "file")    # "Save ..." here
        self.assertEqual(kinds["arch"], "input")         # a file it reads
        self.assertEqual(kinds["widths"], "list")        # valueName N0,N1,...
        self.assertEqual(kinds["quiet"], "flag")
        self.assertEqual(kinds["format"], "enum")
        self.assertEqual(self.surface.command("tables").option("only").kind, "table")
        self.assertEqual(self.surface.command("tables").option("out").kind, "path")

    def test_enumerations_from_all_values_and_listings(self):
        self.assertEqual(self.estimate.option("format").values, ["text", "json", "csv"])
        self.assertEqual(self.estimate.option("format").default, "text")
        rng = self.estimate.option("rng")
        self.assertEqual(rng.values[:3], ["xoshiro256++", "xoshiro256++x8", "mt19937"])
        self.assertIn("ran1", rng.refused)
        self.assertNotIn("ran1", rng.values)
        self.assertIn("relu-orthogonal", self.estimate.option("ensemble").values)
        self.assertIn("torch-default", self.estimate.option("preset").values)
        self.assertEqual(self.surface.command("tables").option("only").values[-1], "T16")

    def test_names_from_help_lists(self):
        train = self.surface.command("train")
        self.assertIn("fashion-mnist", train.option("task").values)
        self.assertIn("lyapunov-sampling", train.option("init").values)
        # estimate's --activation lists no names; it gets every activation another command lists.
        self.assertIn("tanh", self.estimate.option("activation").values)
        self.assertIn("relu", self.estimate.option("activation").values)

    def test_ranges(self):
        width, samples, dof = (self.estimate.option(n) for n in ("width", "samples", "dof"))
        self.assertEqual((width.low, width.high), (1, 8192))
        self.assertEqual(samples.low, 2)
        self.assertEqual((dof.low, dof.high, dof.low_open), (2, 1e6, True))
        self.assertEqual(self.estimate.option("seed").high, 2**64 - 1)    # exact, not a float

    def test_required_and_positional(self):
        files = self.surface.command("merge").option("file")
        self.assertTrue(files.positional and files.required and files.repeating)
        self.assertEqual(files.kind, "input")
        self.assertTrue(self.surface.command("train").option("task").required)
        self.assertFalse(self.estimate.option("width").required)

    def test_groups_and_owners(self):
        self.assertIn(("one", ["width", "widths", "arch"]), self.estimate.groups)
        self.assertIn(("at-most-one", ["sigma", "init", "preset"]), self.estimate.groups)
        self.assertEqual(self.estimate.option("widths").accepted_by, ("theory", "estimate", "init"))
        self.assertIsNone(self.estimate.option("width").accepted_by)

    def test_listing_facts(self):
        self.assertEqual(self.surface.closed_form_ensembles(), {"gaussian", "orthogonal"})
        self.assertEqual(self.surface.rotation_invariant_ensembles(), {"gaussian", "orthogonal"})
        self.assertEqual(self.surface.preset_ensemble("torch-default"), "uniform")
        self.assertEqual(self.surface.preset_ensemble("jax-he-normal"), "truncated-normal")

    def test_new_command_is_read_with_no_edit(self):
        grown = fixture_surface(with_new_command("sweep"))
        self.assertEqual(grown.commands[0].words, ["sweep"])
        self.assertEqual(grown.command("sweep").option("shard").kind, "shard")


class HelpTextTests(unittest.TestCase):
    def test_help_range(self):
        self.assertEqual(surface.help_range("Width N (1 to 8192)."), (1, 8192, False))
        self.assertEqual(surface.help_range("Number M (at least 2, and more)."), (2, None, False))
        self.assertEqual(surface.help_range("Clip to tau (> 0; default: none)."), (0, None, True))
        self.assertEqual(surface.help_range("Learning rate (0 < lr <= 10; default 0.001)."), (0, 10, True))
        self.assertEqual(surface.help_range("Beta (1e-06 to 1e+06)."), (1e-6, 1e6, False))
        self.assertEqual(surface.help_range("Residual (|beta| up to 1e6)."), (-1e6, 1e6, False))
        self.assertEqual(surface.help_range("Depth L (1 to the width)."), (None, None, False))
        # "(> 0)" inside a sentence is not the option's range.
        self.assertEqual(surface.help_range("Biases (0: none; else 1e-300 to 1e10): order (< 0) or chaos (> 0)."),
                         (1e-300, 1e10, False))

    def test_help_names(self):
        self.assertEqual(surface.help_names("Task: a, b-c, d."), ["a", "b-c", "d"])
        self.assertEqual(surface.help_names("with --target-depth any of x, y"), ["x", "y"])
        self.assertEqual(surface.help_names("Activation: leaky-relu (default) or relu"), [])

    def test_help_groups_and_commands(self):
        self.assertEqual(surface.help_groups("Give one of --a, --b and --c."), [("one", ["a", "b", "c"])])
        self.assertEqual(surface.help_groups("Give at most one of --a and --b."), [("at-most-one", ["a", "b"])])
        self.assertEqual(surface.help_commands("Widths ...; the depth is L. theory and init.",
                                               {"theory", "init", "estimate"}), ("theory", "init"))
        self.assertIsNone(surface.help_commands("Weight law: see `lyapsim ensembles`.", {"ensembles"}))

    def test_parse_listing(self):
        accepted, refused, described = surface.parse_listing(
            "Things (--thing), all fine:\n  alpha   first one [nice]\n  beta    second\n"
            "Refused: the rest.\n  gamma delta\nOther (no flag):\n  omega  ignored\n")
        self.assertEqual(accepted, {"thing": ["alpha", "beta"]})
        self.assertEqual(refused, {"thing": ["gamma", "delta"]})
        self.assertEqual(described["thing"]["alpha"], "first one [nice]")

    def test_real_listings(self):
        accepted, refused, _ = surface.parse_listing(fixture_text("rngs.txt"))
        self.assertEqual(len(accepted["rng"]), 16)
        self.assertIn("zuf", refused["rng"])


if __name__ == "__main__":
    unittest.main()
