"""Reading option values as numbers, the way the fuzzer's rules and oracles need them."""

import re

INT_TEXT = re.compile(r"-?[0-9]+")
FLOAT_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def number(values, name, default=None):
    """The float value of an option, or default when absent or not a number."""
    text = values.get(name)
    if text is None or not FLOAT_TEXT.fullmatch(text):
        return default
    return float(text)


def integer(values, name, default=None):
    """The int value of an option, default when absent, None when not an integer."""
    text = values.get(name)
    if text is None:
        return default
    return int(text) if INT_TEXT.fullmatch(text) else None
