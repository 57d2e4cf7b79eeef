"""Fuzzer for the lyapsim command line (standard library only).

Run it as `python3 tools/fuzz --binary PATH`; `python3 tools/fuzz --help` lists the options (cli.py), and
docs/manual.md#fuzzing for what it checks. The modules, in the order a run uses them:

    surface       the subcommands and options, from `lyapsim --experimental-dump-help`
                  and the name listings of `lyapsim ensembles` and `lyapsim rngs`
    parsing       option values read back as numbers
    option_values what the JSON cannot tell about values: typical values and ranges by
                  option name, and single values (typical, boundary, extreme, odd)
    cost          how much work an invocation asks for, so single runs stay fast
    rules         combinations the binary rightly refuses, or whose outcome is open
    generators    plans single invocations (typical, near-miss, malformed ...)
    sandbox       runs one invocation in a fresh directory and records what it did
    oracle        judges one invocation's result
    runner        runs the plan, minimizes failing command lines
    differential  properties across several runs (shards + merge, threads, checkpoints)
    report        the printed summary and the JSON report
    cli           the fuzzer's own options, and the order of a campaign
"""
