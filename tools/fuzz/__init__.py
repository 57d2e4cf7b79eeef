"""Fuzzer for the lyapsim command line (standard library only).

Run it as `python3 tools/fuzz --binary PATH`; see __main__.py for the options and
docs/manual.md#fuzzing for what it checks. The modules, in the order a run uses them:

    surface       the subcommands and options, from `lyapsim --experimental-dump-help`
                  and the name listings of `lyapsim ensembles` and `lyapsim rngs`
    knowledge     what the JSON cannot tell: value generators by option name, cost
                  model, and the combinations the binary rightly refuses
    generators    plans single invocations (typical, boundary, malformed ...)
    sandbox       runs one invocation in a fresh directory and records what it did
    oracle        judges one invocation's result
    runner        runs the plan, minimizes failing command lines
    differential  properties across several runs (shards + merge, threads, checkpoints)
    report        the printed summary and the JSON report
"""
