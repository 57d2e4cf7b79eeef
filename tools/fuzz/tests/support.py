"""The fixture surface: a trimmed `lyapsim --experimental-dump-help` and the two listings."""

import copy
import json
import os

from fuzz import surface
from fuzz.sandbox import Outcome

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture_text(name):
    """The text of one fixture file."""
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return handle.read()


def tool_info():
    """A fresh copy of the fixture's ToolInfo document."""
    return json.loads(fixture_text("dump-help.json"))


def fixture_surface(doc=None):
    """The described Surface of the fixture (or of doc, a changed copy of it)."""
    return surface.build_surface(doc or tool_info(), fixture_text("ensembles.txt"), fixture_text("rngs.txt"))


def with_new_command(name, like="estimate"):
    """The fixture document with one more subcommand, a copy of `like` called name."""
    doc = tool_info()
    node = next(s for s in doc["command"]["subcommands"] if s["commandName"] == like)
    clone = copy.deepcopy(node)
    clone["commandName"] = name
    doc["command"]["subcommands"].insert(0, clone)
    return doc


def outcome(status=0, stdout="", stderr="", signal=None, timed_out=False, seconds=0.01):
    """A sandbox Outcome as a run of the binary would produce it."""
    return Outcome(status=status, signal=signal, timed_out=timed_out, stdout=stdout, stderr=stderr,
                   seconds=seconds)
