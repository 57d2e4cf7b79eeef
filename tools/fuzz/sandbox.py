"""Running the binary inside a fresh directory, and recording what it did.

Every invocation gets its own directory as working directory, HOME and TMPDIR, and every
path the fuzzer gives the binary lies inside it, so a run can neither touch the
repository nor see what another run left. The directory is listed before and after, so
the oracle can tell what a failed run left behind.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass

from .option_values import ARCH_FILES


@dataclass
class Outcome:
    """What one process did."""
    status: int = None         # exit status, None when killed by a signal or timed out
    signal: str = None
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0

    def label(self):
        """"0", "64", "SIGSEGV", "timeout" ..."""
        if self.timed_out:
            return "timeout"
        return self.signal if self.signal else str(self.status)


def child_env(home, backtraces=False, extra=None):
    """The environment of an invocation: HOME and TMPDIR inside its sandbox.
    Swift's backtracer is off unless asked for: it takes seconds per crash."""
    env = dict(os.environ)
    env.update(HOME=home, TMPDIR=home)
    if not backtraces:
        env["SWIFT_BACKTRACE"] = "enable=no"
    env.update(extra or {})
    return env


def make_fixtures(root, fixtures):
    """Create the files, folders and links a case needs inside its sandbox.
    Kinds: file, dir, rodir (read-only folder), loop (a link to itself), dangling (a link to
    nothing), content:NAME (the text ARCH_FILES[NAME])."""
    for rel, kind in sorted(fixtures.items()):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if kind == "file":
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("fixture\n")
        elif kind.startswith("content:"):
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(ARCH_FILES[kind.split(":", 1)[1]])
        elif kind == "dir":
            os.makedirs(path, exist_ok=True)
        elif kind == "rodir":
            os.makedirs(path, exist_ok=True)
            os.chmod(path, 0o555)
        elif kind == "loop":
            os.symlink(os.path.basename(path), path)
        elif kind == "dangling":
            os.symlink("missing/target", path)


def snapshot(root):
    """{relative path: (type, size, mtime)} of everything inside root, links not followed."""
    entries = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            kind = "link" if os.path.islink(path) else "dir" if os.path.isdir(path) else "file"
            entries[os.path.relpath(path, root)] = (kind, info.st_size if kind == "file" else 0,
                                                    info.st_mtime_ns if kind == "file" else 0)
    return entries


def changed(before, after):
    """Entries that are new or changed (folders count only when new)."""
    return sorted(p for p, v in after.items() if p not in before or (before[p] != v and v[0] != "dir"))


def remove_tree(root):
    """Delete a sandbox, making read-only folders writable first."""
    for folder, dirs, _ in os.walk(root):
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
    shutil.rmtree(root, ignore_errors=True)


def run_process(argv, cwd, timeout, env):
    """Run argv in its own session; kill the whole session on timeout. Returns an Outcome."""
    outcome = Outcome()
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        outcome.timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)   # its own session: the leader is not reaped yet
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
    outcome.seconds = time.monotonic() - start
    if not outcome.timed_out:
        if proc.returncode < 0:
            outcome.signal = signal.Signals(-proc.returncode).name
        else:
            outcome.status = proc.returncode
    outcome.stdout = out.decode("utf-8", "replace")
    outcome.stderr = err.decode("utf-8", "replace")
    return outcome


class Sandbox:
    """A fresh directory that one or several invocations run in."""

    def __init__(self, workroot, prefix="s-", backtraces=False):
        self.root = tempfile.mkdtemp(prefix=prefix, dir=workroot)
        self.backtraces = backtraces

    def path(self, rel):
        """The absolute path of rel inside the sandbox."""
        return os.path.join(self.root, rel)

    def run(self, binary, args, timeout, env=None):
        """Run the binary with args here; env adds variables. Returns an Outcome."""
        return run_process([binary] + list(args), self.root, timeout,
                           child_env(self.root, self.backtraces, env))

    def remove(self):
        """Delete the sandbox and everything in it."""
        remove_tree(self.root)


def plain_runner(timeout):
    """run(argv) -> (exit status, stdout) in a throw-away directory: for reading the surface."""
    def run(argv):
        with tempfile.TemporaryDirectory(prefix="lyapsim-fuzz-surface-") as home:
            outcome = run_process(argv, home, timeout, child_env(home))
        return (outcome.status if outcome.status is not None else -1), outcome.stdout
    return run
