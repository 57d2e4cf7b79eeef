"""Tests of the fuzzer itself; they need no lyapsim binary.

    python3 -m unittest discover -s tools/fuzz/tests -t tools
"""
