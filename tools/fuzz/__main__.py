"""Entry point: `python3 tools/fuzz --binary PATH ...` (or `python3 -m fuzz` inside tools/)."""

import os
import sys

if not __package__:
    # Run as a directory: make `fuzz` importable as a package from its parent folder.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fuzz.cli import main  # noqa: E402  (after the path fix above)

sys.exit(main())
