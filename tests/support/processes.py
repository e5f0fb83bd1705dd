"""webflow-local servers as real child processes (`python -m webflow_local serve`), for the tests that
need more than one process on a database or must kill a server outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.server import free_socket

START_TIMEOUT = 60.0  # seconds; generous because the 2-core machine is shared


@dataclass
class ServerProcess:
    url: str
    port: int
    database_url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what the database has is what survives."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def child_env() -> dict[str, str]:
    # Settings come from the command line only, not from whatever the test run inherited.
    return {k: v for k, v in os.environ.items() if not k.startswith("WEBFLOW_LOCAL_")}


def launch(database_url: str, log: Path, args: Sequence[str] = ()) -> ServerProcess:
    """Starts `webflow-local serve` on a free loopback port; does not wait for it (see wait_ready)."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    cmd = [sys.executable, "-m", "webflow_local", "serve", "--database-url", database_url,
           "--host", "127.0.0.1", "--port", str(port), *args]
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=child_env())
    return ServerProcess(f"http://127.0.0.1:{port}", port, database_url, proc, log)


def wait_ready(server: ServerProcess, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited with {server.proc.returncode}:\n{server.output()}")
        try:
            if httpx.get(f"{server.url}/_admin/clock", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"server did not answer within {timeout:.0f}s:\n{server.output()}")
        time.sleep(0.1)


@contextmanager
def servers(database_url: str, logs: Path, count: int, args: Sequence[str] = ()) -> Iterator[list[ServerProcess]]:
    """`count` server processes on one database, started at once (so they also race to migrate)."""
    logs.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        started: list[ServerProcess] = []
        for i in range(count):
            s = launch(database_url, logs / f"server-{len(list(logs.iterdir()))}-{i}.log", args)
            stack.callback(s.stop)
            started.append(s)
        for s in started:
            wait_ready(s)
        yield started
