#!/usr/bin/env python3
"""One-command set-up for webflow-local on a machine that has only Python 3.11+.

    python3 dev.py demo      # create .venv if needed, then start the server with a demo site
    python3 dev.py test      # create .venv if needed, then run the whole test suite
    python3 dev.py lint      # ruff + mypy
    python3 dev.py run ...   # any command inside the venv, e.g. `python3 dev.py run webflow-local --help`

The venv is rebuilt only when pyproject.toml changes (a hash is kept in .venv/.dev-stamp).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".dev-stamp"


def _ensure_venv() -> None:
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want:
        return
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev.py: installing webflow-local and its test dependencies into .venv", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(want)


def _exec(args: list[str]) -> int:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    return subprocess.run(args, cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    _ensure_venv()
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
