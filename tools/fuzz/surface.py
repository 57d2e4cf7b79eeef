"""The command surface: every subcommand, its options and the values they take.

Structure (subcommands, options, flags, positionals, value names, defaults, required
options, enumerations) comes from swift-argument-parser's ToolInfo JSON, printed by
`lyapsim --experimental-dump-help`. Names the JSON does not enumerate come from the
binary's own listings: `lyapsim ensembles` (ensembles and presets) and `lyapsim rngs`
(accepted and refused generators). What is left is read from the option's help
string in that same JSON: documented numeric ranges ("1 to 8192", "at least 2"),
comma-separated name lists ("Task: a, b, c."), "Give one of --x, --y and --z" groups
and "theory, estimate and init" (the subcommands an option is meant for).

Nothing here runs the binary except `discover`, so the parsers are tested on a fixture.
"""

import json
import re
from dataclasses import dataclass, field

from .option_values import KNOWN

NUMBER = r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
INT_LITERAL = re.compile(r"[-+]?[0-9]+")


@dataclass
class Option:
    """One option, flag or positional argument of a subcommand."""
    flag: str                  # "--width", or "<file>" for a positional argument
    value_name: str = None     # "width", "K/N", "file"; None for a flag
    help: str = ""
    values: list = field(default_factory=list)    # the valid names, when enumerable
    refused: list = field(default_factory=list)   # names the binary lists as refused
    default: str = None
    required: bool = False
    positional: bool = False
    repeating: bool = False
    low: float = None          # documented range, None when not stated
    high: float = None
    low_open: bool = False     # "above 2", "> 0": the low end itself is invalid
    accepted_by: tuple = None  # subcommands the help says take this option, None: all
    kind: str = "string"       # flag enum table shard list file input indir path int float string

    @property
    def name(self):
        """The option's name without dashes or angle brackets: "width", "file"."""
        return self.flag.strip("-<>")


@dataclass
class Command:
    """A leaf subcommand: the words that select it, its options and option groups."""
    words: list
    options: list
    abstract: str = ""
    # ("one", names): exactly one must be given; ("at-most-one", names): not two.
    groups: list = field(default_factory=list)

    @property
    def name(self):
        """The last word of the subcommand, e.g. "estimate"."""
        return self.words[-1]

    def option(self, name):
        """The option called name, or None."""
        return next((o for o in self.options if o.name == name), None)


@dataclass
class Surface:
    """Every leaf subcommand, and the name listings the binary prints."""
    commands: list
    listings: dict = field(default_factory=dict)     # option name -> accepted names
    refused: dict = field(default_factory=dict)      # option name -> refused names
    described: dict = field(default_factory=dict)    # option name -> {name: description}

    def command(self, *words):
        """The command selected by words, or None."""
        return next((c for c in self.commands if c.words == list(words)), None)

    def closed_form_ensembles(self):
        """Ensembles whose listing says "(closed form)"."""
        return {n for n, text in self.described.get("ensemble", {}).items() if "closed form" in text}

    def rotation_invariant_ensembles(self):
        """Ensembles whose listing says "rotation invariant" (the reduced method is exact for them)."""
        return {n for n, text in self.described.get("ensemble", {}).items() if "rotation invariant" in text}

    def outside_assumptions_ensembles(self):
        """Ensembles whose listing says they are outside the theorem's assumptions."""
        return {n for n, text in self.described.get("ensemble", {}).items() if "outside the theorem" in text}

    def preset_ensemble(self, preset):
        """The ensemble a preset draws from: its listing line starts "ensemble: ..."."""
        text = self.described.get("preset", {}).get(preset, "")
        word = text.split(":", 1)[0].strip()
        return word if word in self.listings.get("ensemble", ()) else None


# ---------------------------------------------------------------------------
# The ToolInfo JSON.


def long_name(argument):
    """The long name of a ToolInfo argument ("width"), or None if it has only short ones."""
    preferred = argument.get("preferredName") or {}
    if preferred.get("kind") in ("long", "longWithSingleDash"):
        return preferred["name"]
    for name in argument.get("names") or []:
        if name.get("kind") in ("long", "longWithSingleDash"):
            return name["name"]
    return None


def option_from_argument(argument):
    """An Option from one ToolInfo argument, or None for one the fuzzer leaves alone."""
    if not argument.get("shouldDisplay", True):
        return None        # hidden options are test hooks, not part of the promised surface
    kind = argument.get("kind")
    help_text = " ".join(t for t in (argument.get("abstract"), argument.get("discussion")) if t)
    common = dict(help=help_text, default=argument.get("defaultValue"),
                  required=not argument.get("isOptional", True),
                  repeating=bool(argument.get("isRepeating")),
                  values=list(argument.get("allValues") or []))
    if kind == "positional":
        value_name = argument.get("valueName") or "value"
        return Option(flag=f"<{value_name}>", value_name=value_name, positional=True, **common)
    name = long_name(argument)
    if name is None:
        return None
    if kind == "flag":
        return Option(flag="--" + name, **common)
    return Option(flag="--" + name, value_name=argument.get("valueName") or name, **common)


def leaf_commands(node, words=()):
    """[(words, ToolInfo command)] of every leaf below node (the `help` command left out)."""
    subs = node.get("subcommands") or []
    if not subs:
        return [(list(words), node)] if words else []
    found = []
    for sub in subs:
        if sub.get("commandName") == "help" or not sub.get("shouldDisplay", True):
            continue
        found += leaf_commands(sub, tuple(words) + (sub["commandName"],))
    return found


def commands_from_tool_info(doc):
    """The leaf Commands of a ToolInfo document (the JSON of --experimental-dump-help)."""
    commands = []
    for words, node in leaf_commands(doc["command"]):
        options = [o for o in map(option_from_argument, node.get("arguments") or []) if o]
        text = " ".join(t for t in (node.get("abstract"), node.get("discussion")) if t)
        commands.append(Command(words=words, options=options, abstract=text))
    return commands


# ---------------------------------------------------------------------------
# The listings of `lyapsim ensembles` and `lyapsim rngs`.


def parse_listing(text):
    """Read a name listing: ({option: [names]}, {option: [refused names]}, {option: {name: text}}).

    A heading (a line that is not indented) that mentions --x starts the names of option
    x: each indented line below it starts with one name. A heading that starts with
    "Refused" starts the names that option refuses: every word of the indented lines.
    """
    accepted, refused, described = {}, {}, {}
    current, refusing = None, False
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            flag = re.search(r"--([a-z][a-z0-9-]*)", line)
            if line.startswith("Refused"):
                refusing = current is not None
            elif flag:
                current, refusing = flag.group(1), False
            else:
                current, refusing = None, False
            continue
        if current is None:
            continue
        words = line.split()
        if refusing:
            refused.setdefault(current, []).extend(w for w in words if re.fullmatch(r"[A-Za-z0-9_+.\-]+", w))
        elif words and re.fullmatch(r"[A-Za-z0-9_+.\-]+", words[0]):
            accepted.setdefault(current, [])
            if words[0] not in accepted[current]:
                accepted[current].append(words[0])
                described.setdefault(current, {})[words[0]] = line.strip()[len(words[0]):].strip()
    return accepted, refused, described


# ---------------------------------------------------------------------------
# What the help strings in the JSON state.


def exact_number(text):
    """An int for an integer literal (2^64 - 1 stays exact), else a float."""
    return int(text) if INT_LITERAL.fullmatch(text) else float(text)


def help_range(text):
    """(low, high, low_open) that a help string documents; None where it states nothing."""
    low = high = None
    low_open = False
    span = re.search(r"(" + NUMBER + r") to (" + NUMBER + r")(?![\w.])", text)
    if span:
        low, high = exact_number(span.group(1)), exact_number(span.group(2))
    match = re.search(r"at least (" + NUMBER + r")", text)
    if match:
        low = exact_number(match.group(1))
    match = re.search(r"\babove (" + NUMBER + r")", text)
    if match:
        low, low_open = exact_number(match.group(1)), True
    match = re.search(r"at most (" + NUMBER + r")(?![\w.])", text)
    if match:
        high = exact_number(match.group(1))
    match = re.search(r"\|\w+\| up to (" + NUMBER + r")", text)
    if match:
        high = exact_number(match.group(1))
        low = -high
    match = re.search(r"\((>=?) (" + NUMBER + r")[;,]", text)     # "(> 0; default ...", not "(> 0)"
    if match:
        low, low_open = exact_number(match.group(2)), match.group(1) == ">"
    match = re.search(r"(" + NUMBER + r") < [\w-]+ <= (" + NUMBER + r")", text)
    if match:
        low, low_open, high = exact_number(match.group(1)), True, exact_number(match.group(2))
    return low, high, low_open


NAME = r"[a-z][a-z0-9+_-]*"
LISTED = re.compile(r"(?::|\bany of)\s*(" + NAME + r"(?:,\s*" + NAME + r")+)")


def help_names(text):
    """The names of a comma-separated list in a help string ("Task: a, b, c."), or []."""
    match = LISTED.search(text)
    if not match:
        return []
    return list(dict.fromkeys(n.strip() for n in match.group(1).split(",")))


def help_groups(text):
    """Option groups a help string declares: [("one" or "at-most-one", [names])]."""
    groups = []
    for match in re.finditer(r"[Gg]ive (at most )?one of ((?:--[\w-]+(?:, | and | or )?)+)", text):
        names = re.findall(r"--([\w-]+)", match.group(2))
        if len(names) > 1:
            groups.append(("at-most-one" if match.group(1) else "one", names))
    return groups


def help_commands(text, command_names):
    """Subcommands an option's help says it is for ("... theory, estimate and init."), or None."""
    for match in re.finditer(r"(?:^|[.;]\s)((?:" + NAME + r", )*" + NAME + r" and " + NAME + r")(?=[.( ]|$)", text):
        names = re.split(r", | and ", match.group(1))
        if all(n in command_names for n in names):
            return tuple(names)
    return None


def table_values(text):
    """["T1", ..., "T16"] from "T1 ... T16" in a help string, or []."""
    match = re.search(r"\b([A-Z]+)([0-9]+) \.\.\. \1([0-9]+)\b", text)
    if not match:
        return []
    return [f"{match.group(1)}{i}" for i in range(int(match.group(2)), int(match.group(3)) + 1)]


def option_kind(opt):
    """Which value generator an option gets (see Option.kind)."""
    if opt.value_name is None:
        return "flag"
    if table_values(opt.help) and not opt.positional:
        return "table"
    if opt.values:
        return "enum"
    if opt.value_name == "K/N":
        return "shard"
    if "," in opt.value_name:
        return "list"
    if opt.value_name.lower() == "file":
        # Files it writes say so ("Write ...", "Save ..."); the others are read.
        return "file" if re.search(r"\b(write|save)", opt.help, re.I) and not opt.positional else "input"
    if re.search(r"\bfolder\b", opt.help, re.I):
        return "indir" if re.match(r"Folder with\b", opt.help) else "path"
    known = KNOWN.get(opt.name)
    if known:
        return known.kind
    if opt.default is not None and re.fullmatch(r"-?[0-9]+", opt.default):
        return "int"
    if opt.default is not None and re.fullmatch(NUMBER, opt.default):
        return "float"
    if opt.low is not None:
        return "int" if isinstance(opt.low, int) and isinstance(opt.high, (int, type(None))) else "float"
    return "string"


def describe(surface):
    """Fill every option's values, range, kind and groups from the listings and help strings."""
    names = {c.words[0] for c in surface.commands}
    vocabulary = {}
    for cmd in surface.commands:
        for opt in cmd.options:
            listed = help_names(opt.help) if not opt.values else []
            if listed:
                vocabulary.setdefault(opt.name, []).extend(n for n in listed if n not in vocabulary.get(opt.name, []))
    for cmd in surface.commands:
        for opt in cmd.options:
            if opt.value_name is None:
                opt.kind = "flag"
                continue
            if not opt.values and opt.name in surface.listings:
                opt.values = list(surface.listings[opt.name])
                opt.refused = list(surface.refused.get(opt.name, []))
            if not opt.values and not opt.positional:
                opt.values = help_names(opt.help) or list(vocabulary.get(opt.name, []))
            if table_values(opt.help):
                opt.values = table_values(opt.help)
            plain = re.sub(r"\((values|default):[^)]*\)", "", opt.help)
            opt.low, opt.high, opt.low_open = help_range(plain)
            opt.accepted_by = help_commands(opt.help, names)
            opt.kind = option_kind(opt)
        groups = []
        for opt in cmd.options:
            for kind, members in help_groups(opt.help):
                present = [m for m in members if cmd.option(m)]
                if len(present) > 1 and (kind, present) not in groups:
                    groups.append((kind, present))
        cmd.groups = groups
    return surface


def build_surface(tool_info, *listing_texts):
    """A described Surface from the ToolInfo document and the text of the listings."""
    accepted, refused, described = {}, {}, {}
    for text in listing_texts:
        a, r, d = parse_listing(text or "")
        accepted.update(a)
        refused.update(r)
        described.update(d)
    surface = Surface(commands=commands_from_tool_info(tool_info), listings=accepted, refused=refused,
                      described=described)
    return describe(surface)


def discover(binary, run):
    """Read the surface from the binary; run(argv) returns (exit status, stdout text)."""
    status, text = run([binary, "--experimental-dump-help"])
    if status != 0:
        raise RuntimeError(f"`{binary} --experimental-dump-help` exited {status}")
    doc = json.loads(text)
    # A leaf the root dump left without arguments is asked on its own.
    for words, node in leaf_commands(doc["command"]):
        if not node.get("arguments"):
            status, own = run([binary] + words + ["--experimental-dump-help"])
            if status == 0:
                node["arguments"] = json.loads(own)["command"].get("arguments") or []
    # Subcommands that take no values are listings (today `ensembles` and `rngs`): what
    # they print names the values of --ensemble, --preset and --rng.
    texts = []
    for words, node in leaf_commands(doc["command"]):
        arguments = node.get("arguments") or []
        if all(a.get("kind") == "flag" for a in arguments):
            status, text = run([binary] + words)
            if status == 0:
                texts.append(text)
    return build_surface(doc, *texts)
