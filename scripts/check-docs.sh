#!/usr/bin/env bash
# Builds the DocC catalogs of the two libraries and fails on any DocC warning
# (broken links, malformed articles) and on any public declaration without a
# doc comment. DocC itself only counts undocumented symbols
# (--experimental-documentation-coverage); the symbol graphs it reads say
# which of our own declarations lack a comment, and this script fails on
# them, naming each with its file and line.
#
# Usage: bash scripts/check-docs.sh [TARGET...]   (default: RandomNets RandomNetsTraining)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(RandomNets RandomNetsTraining)
status=0
for target in "${targets[@]}"; do
    log=$(mktemp)
    echo "check-docs: building the documentation of $target"
    if ! swift package generate-documentation --target "$target" \
            --experimental-skip-synthesized-symbols \
            --experimental-documentation-coverage --coverage-summary-level brief \
            --warnings-as-errors >"$log" 2>&1; then
        cat "$log"
        echo "check-docs: $target: the documentation build failed" >&2
        status=1
        rm -f "$log"
        continue
    fi
    if grep -E "(warning|error):" "$log"; then
        echo "check-docs: $target: DocC reported the problems above" >&2
        status=1
    fi
    rm -f "$log"
    graph=$(find .build -path "*extracted-symbols*" -name "$target.symbols.json" -newer Package.swift | head -n 1)
    if [ -z "$graph" ]; then
        echo "check-docs: $target: no symbol graph found under .build" >&2
        status=1
        continue
    fi
    if ! python3 - "$graph" "$PWD/Sources/$target/" <<'PY'
import json, sys
graph, root = sys.argv[1], sys.argv[2]
missing = []
for symbol in json.load(open(graph))["symbols"]:
    location = symbol.get("location")
    if not location or "docComment" in symbol:
        continue
    path = location["uri"].removeprefix("file://")
    if path.startswith(root):
        line = location["position"]["line"] + 1
        missing.append(f"{path.removeprefix(root)}:{line}: {'.'.join(symbol['pathComponents'])}")
for entry in sorted(set(missing)):
    print(f"  undocumented: {entry}")
if missing:
    print(f"check-docs: {len(set(missing))} public declarations without a doc comment", file=sys.stderr)
    sys.exit(1)
print("check-docs: every public declaration has a doc comment")
PY
    then
        status=1
    fi
done
exit $status
