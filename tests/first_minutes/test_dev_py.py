"""dev.py: a demo installs only what serving needs, a test run adds the test tools, signals reach the child."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_demo_installs_runtime_only_and_test_adds_the_extras(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dev = _dev()
    venv_dir = tmp_path / ".venv"
    (venv_dir / "bin").mkdir(parents=True)
    (venv_dir / "bin" / "python").write_text("")
    monkeypatch.setattr(dev, "VENV", venv_dir)
    monkeypatch.setattr(dev, "BIN", venv_dir / "bin")
    monkeypatch.setattr(dev, "STAMP", venv_dir / ".dev-stamp")
    installs: list[str] = []

    def fake_run(args: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        installs.append(args[-1])
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(dev.subprocess, "run", fake_run)
    dev._ensure_venv("")  # demo
    assert installs == [str(ROOT)]  # no [test]
    dev._ensure_venv("")  # a second demo: nothing to do
    assert len(installs) == 1
    dev._ensure_venv("test")  # the test run after a demo must add the test tools
    assert installs[-1] == f"{ROOT}[test]"
    dev._ensure_venv("test")
    dev._ensure_venv("")  # a demo after a test install: the extras are still there
    assert len(installs) == 2


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_sigterm_to_dev_py_stops_its_child() -> None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import dev; "
            "sys.exit(dev._exec([sys.executable, '-c', "
            "'import os, time; print(os.getpid(), flush=True); time.sleep(60)']))")
    parent = subprocess.Popen([sys.executable, "-c", code, str(ROOT)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child_pid = int(parent.stdout.readline())
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=10) == 128 + signal.SIGTERM
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(child_pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.kill(child_pid, signal.SIGKILL)
            pytest.fail("the child outlived dev.py")
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
