"""Stoplight Prism 5.x mocking Webflow's OpenAPI file: the stateless mock webflow-local is compared with.

Prism comes from npm and is installed, when missing, into a cache directory outside the repository:
WEBFLOW_LOCAL_BENCH_CACHE, default ~/.cache/webflow-local-bench (`npm install --prefix <cache>
@stoplight/prism-cli@5`; needs node and npm). The spec is read where it lives, never copied: the
directory WEBFLOW_LOCAL_SPEC_DIR (or run.py's --spec-dir), default ../shared/spec beside the clone, the same
setting scripts/spec.py reads; the file is webflow-v2.yml in it.

Prism runs as `prism mock -h 127.0.0.1 -p PORT -v warn SPEC`: one process, static examples (no dynamic
generation), logging at warn (its default, info, logs several lines per request, which webflow-local's
benchmark does not do either). Prism serves the spec's paths without the server's /v2 base path."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness import BENCH_DIR, Process, free_port, log, spawn

PRISM_PACKAGE = "@stoplight/prism-cli@5"
CACHE_DIR = Path(os.environ.get("WEBFLOW_LOCAL_BENCH_CACHE", Path.home() / ".cache" / "webflow-local-bench"))
SPEC_DIR = Path(os.environ.get("WEBFLOW_LOCAL_SPEC_DIR", BENCH_DIR.parent.parent / "shared" / "spec"))
SPEC_FILE = "webflow-v2.yml"
READY_TIMEOUT = 180.0  # parsing the 3 MB spec takes Prism several seconds, more on a busy machine


def ensure_prism(cache_dir: Path = CACHE_DIR) -> Path:
    """The prism executable in cache_dir, installed there with npm when missing."""
    exe = cache_dir / "node_modules" / ".bin" / "prism"
    if exe.exists():
        return exe
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is missing: install Node.js 18+ (with npm), or skip Prism (--skip prism)")
    cache_dir.mkdir(parents=True, exist_ok=True)
    log(f"installing {PRISM_PACKAGE} into {cache_dir}")
    subprocess.run([npm, "install", "--prefix", str(cache_dir), "--no-audit", "--no-fund", "--loglevel=error",
                    PRISM_PACKAGE], check=True, timeout=600, stdout=subprocess.DEVNULL)
    if not exe.exists():
        raise RuntimeError(f"npm did not install {exe}")
    return exe


def prism_version(exe: Path) -> str:
    return subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60).stdout.strip()


@contextmanager
def prism_server(workdir: Path, probe_path: str, spec_dir: Path = SPEC_DIR,
                 cache_dir: Path = CACHE_DIR) -> Iterator[Process]:
    """`prism mock` on 127.0.0.1, timed until probe_path (a path of the spec, without /v2) answers 200."""
    spec = spec_dir / SPEC_FILE
    if not spec.exists():
        raise RuntimeError(f"{spec} not found: set WEBFLOW_LOCAL_SPEC_DIR or --spec-dir, or skip Prism (--skip prism)")
    exe = ensure_prism(cache_dir)
    port = free_port()
    argv = [str(exe), "mock", "-h", "127.0.0.1", "-p", str(port), "-v", "warn", str(spec)]
    headers = {"Authorization": "Bearer prism"}
    with spawn(argv, port, probe_path, headers, workdir / f"prism-{port}.log", timeout=READY_TIMEOUT) as p:
        yield p
