#!/usr/bin/env python3
"""One-command set-up for webflow-local on a machine that has only Python 3.11+.

    python3 dev.py demo      # create .venv if needed (runtime deps only), then start the server with a demo site
    python3 dev.py test      # create .venv if needed (with the test tools), then run the whole test suite
    python3 dev.py lint      # ruff + mypy
    python3 dev.py run ...   # any command inside the venv, e.g. `python3 dev.py run webflow-local --help`

The venv is reinstalled only when pyproject.toml changes or a command needs more than is installed (the
hash and what was installed are kept in .venv/.dev-stamp). Signals reach the command: a SIGTERM to dev.py
stops the server it started.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".dev-stamp"


def _ensure_venv(extras: str = "") -> None:
    """Installs the project (with `extras`, e.g. "test") unless the stamp says this pyproject.toml was
    installed with them already: a demo install is runtime-only, so a later `test` adds the test tools."""
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    have = STAMP.read_text().split() if STAMP.exists() else []
    if have[:1] == [want] and (not extras or extras in have[1:]):
        return
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    what = f"webflow-local and its {extras} dependencies" if extras else "webflow-local"
    print(f"dev.py: installing {what} into .venv", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", f"{ROOT}[{extras}]" if extras else str(ROOT)], check=True)
    # Extras installed earlier for this same file stay installed (pip does not remove them).
    kept = [e for e in have[1:] if have[:1] == [want] and e != extras]
    STAMP.write_text(" ".join([want, *kept, *([extras] if extras else [])]))


def _exec(args: list[str]) -> int:
    """Runs args with the venv first on PATH; SIGTERM and SIGHUP sent to dev.py go to the child too, and dev.py
    exits with the child's code (a death by signal as 128 + its number, as a shell does). Ctrl-C already
    reaches the child (same process group): forwarding it again would make uvicorn skip its graceful stop."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    child = subprocess.Popen(args, cwd=ROOT, env=env)

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    handlers: dict[int, object] = {signal.SIGINT: signal.SIG_IGN, signal.SIGTERM: forward}
    if hasattr(signal, "SIGHUP"):
        handlers[signal.SIGHUP] = forward
    previous = {s: signal.signal(s, h) for s, h in handlers.items()}  # type: ignore[arg-type]
    try:
        rc = child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 128 - rc if rc < 0 else rc


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    # Serving needs only the runtime dependencies; tests and lint need the test tools too.
    _ensure_venv("" if cmd == "demo" else "test")
    py = str(BIN / "python")
    if cmd == "demo":
        return _exec([py, "-m", "webflow_local", "serve", "--demo", *rest])
    if cmd == "test":
        # Two workers by default (the tests start their own servers per worker); `-n 0` runs in one process.
        parallel = [] if any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in rest) else ["-n", "auto"]
        return _exec([py, "-m", "pytest", *parallel, *rest])
    if cmd == "lint":
        rc = _exec([py, "-m", "ruff", "check", "src", "tests", "plugin_tests", "examples", "bench", "scripts"])
        return rc or _exec([py, "-m", "mypy"])
    if cmd == "run":
        return _exec(rest)
    print(f"dev.py: unknown command {cmd!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
