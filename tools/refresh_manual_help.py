#!/usr/bin/env python3
"""Rewrites the `lyapsim <command> --help` blocks of docs/manual.md from the built binary
(.build/release/lyapsim), so the manual quotes the help the program prints. A test
(ManualHelpTests) fails when a block and the binary differ.

    swift build -c release && python3 tools/refresh_manual_help.py
"""
import os
import re
import subprocess

root = os.path.join(os.path.dirname(__file__), "..")
manual = os.path.join(root, "docs", "manual.md")
binary = os.path.join(root, ".build", "release", "lyapsim")
text = open(manual).read()
pattern = re.compile(r"(<details><summary><code>lyapsim ([a-z-]+) --help</code></summary>\n\n```\n)(.*?)(```)", re.S)


def replace(m):
    out = subprocess.run([binary, m.group(2), "--help"], capture_output=True, text=True,
                         env=dict(os.environ, COLUMNS="80")).stdout
    return m.group(1) + out.rstrip("\n") + "\n" + m.group(4)


new, count = pattern.subn(replace, text)
open(manual, "w").write(new)
print(f"refreshed {count} help blocks")
