"""What every benchmark needs: a real server as a subprocess, wrk as the load generator, RSS.

Servers listen on 127.0.0.1 only. Every wait and loop here is bounded in time or count."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

BENCH_DIR = Path(__file__).resolve().parent
# The server of the checkout the bench lives in, through this interpreter (not a console script, which may
# point at another install): run the bench with the project's venv, e.g. `python3 dev.py run python bench/run.py`.
WEBFLOW_LOCAL: tuple[str, ...] = (sys.executable, "-m", "webflow_local")
WRK_MARKER = "WRKJSON "
# wrk's done() hook: one JSON line the harness parses (latencies in microseconds).
WRK_REPORT_LUA = """
done = function(summary, latency, requests)
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d}\\n',
    "WRKJSON ", summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
"""


def log(msg: str) -> None:
    """Progress goes to stderr so stdout carries only the results."""
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    """wrk from Debian's packages; installed with apt-get when missing (needs root)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: run `apt-get update && apt-get install -y wrk` as root, then re-run.")
    log("installing wrk with apt-get")
    subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL, timeout=300)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL, timeout=300)
    found = shutil.which("wrk")
    if not found:
        sys.exit("apt-get did not install wrk")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int, key: str = "VmRSS") -> float:
    """Resident set size of one process from /proc (Linux); key="VmHWM" gives its peak."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for pid {pid}")


def _descendants(pid: int) -> list[int]:
    """pid and every process below it (Linux /proc/<pid>/task/<tid>/children), bounded by what exists."""
    found, todo = [], [pid]
    while todo and len(found) < 1000:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the task ended meanwhile
                todo.extend(int(c) for c in task.read_text().split())
    return found


def cpu_seconds(pid: int, tree: bool = True) -> float:
    """User + system CPU time a process (with tree=True: and every process below it, e.g. uvicorn's workers)
    has used so far (Linux /proc). A child that exits during a measurement takes its CPU with it."""
    total = 0
    for p in _descendants(pid) if tree else [pid]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _wait_for_200(proc: subprocess.Popen[bytes], url: str, headers: dict[str, str], timeout: float) -> float:
    """Polls url every 5 ms until it answers 200; returns the time it took from now."""
    start = time.perf_counter()
    deadline = start + timeout
    with httpx.Client(timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode} before answering")
            try:
                if client.get(url, headers=headers).status_code == 200:
                    return time.perf_counter() - start
            except httpx.TransportError:
                pass
            time.sleep(0.005)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


@dataclass
class Process:
    """A server subprocess on 127.0.0.1; `startup_s` is process start to its first 200 answer."""

    proc: subprocess.Popen[bytes]
    base: str
    startup_s: float
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def rss_mb(self) -> float:
        return rss_mb(self.proc.pid)

    def peak_rss_mb(self) -> float:
        return rss_mb(self.proc.pid, "VmHWM")

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@contextmanager
def spawn(argv: Sequence[str], port: int, probe_path: str, headers: dict[str, str], log_path: Path,
          timeout: float = 60.0) -> Iterator[Process]:
    """Starts argv (a server on `port`) and times it until `probe_path` answers 200."""
    with log_path.open("wb") as out:
        proc = subprocess.Popen(list(argv), stdout=out, stderr=subprocess.STDOUT, cwd=BENCH_DIR.parent)
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    running = Process(proc, base, 0.0, log_path)
    try:
        _wait_for_200(proc, base + probe_path, headers, timeout)
        running.startup_s = time.perf_counter() - started
        yield running
    except Exception:
        log(f"server log {log_path}:\n{log_path.read_text(errors='replace')[-3000:]}")
        raise
    finally:
        running.stop()


@dataclass
class Site:
    """The demo world of a `webflow-local serve --demo` server, read through the API."""

    site_id: str
    locale_ids: list[str]  # primary first
    collections: dict[str, str]  # display name -> id


@dataclass
class WebflowServer(Process):
    token: str = ""
    db_path: Path = field(default_factory=Path)
    site: Site | None = None

    def client(self, timeout: float = 120.0) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=timeout,
                            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"})

    def load_site(self) -> Site:
        with self.client() as c:
            sites = c.get("/v2/sites").raise_for_status().json()["sites"]
            site_id = sites[0]["id"]
            locs = c.get(f"/v2/sites/{site_id}").raise_for_status().json()["locales"]
            locale_ids = [locs["primary"]["cmsLocaleId"], *(s["cmsLocaleId"] for s in locs["secondary"])]
            colls = c.get(f"/v2/sites/{site_id}/collections").raise_for_status().json()["collections"]
        self.site = Site(site_id, locale_ids, {x["displayName"]: x["id"] for x in colls})
        return self.site


def wait_all_workers(log_path: Path, workers: int, timeout: float = 60.0) -> None:
    """The first 200 may come from the first worker up; waits until every worker has started its app."""
    deadline = time.monotonic() + timeout
    while log_path.read_text(errors="replace").count("Application startup complete") < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"not all {workers} workers started; see {log_path}")
        time.sleep(0.1)


@contextmanager
def webflow_server(workdir: Path, db_path: Path | None = None, token: str | None = None,
                   command: Sequence[str] = WEBFLOW_LOCAL, database_url: str | None = None,
                   workers: int = 1) -> Iterator[WebflowServer]:
    """`webflow-local serve --demo` as a subprocess: on a SQLite file (a new one unless db_path is given), or
    on database_url (e.g. PostgreSQL) with `workers` processes.

    `command` replaces the executable, for experiments (e.g. a wrapper that patches something first)."""
    token = token or secrets.token_hex(32)
    if database_url is None:
        db_path = db_path or Path(tempfile.mkdtemp(prefix="db-", dir=workdir)) / "bench.sqlite3"
        database_url = f"sqlite:///{db_path}"
    port = free_port()
    argv = [*command, "serve", "--database-url", database_url, "--port", str(port), "--demo",
            "--demo-token", token]
    if workers > 1:  # info: uvicorn logs each worker's "Application startup complete"
        argv += ["--workers", str(workers), "--log-level", "info"]
    headers = {"Authorization": f"Bearer {token}"}
    with spawn(argv, port, "/v2/token/introspect", headers, workdir / f"serve-{port}.log") as p:
        if workers > 1:
            wait_all_workers(p.log_path, workers)
        server = WebflowServer(p.proc, p.base, p.startup_s, p.log_path, token=token,
                               db_path=db_path or Path())
        try:
            server.load_site()
            yield server
        finally:
            server.stop()


@contextmanager
def bare_server(workdir: Path, item_body: bytes, page_body: bytes) -> Iterator[Process]:
    """The ceiling: bench/bare_asgi.py under uvicorn with the settings `webflow-local serve` uses."""
    item_file, page_file = workdir / "bare-item.json", workdir / "bare-page.json"
    item_file.write_bytes(item_body)
    page_file.write_bytes(page_body)
    port = free_port()
    argv = [sys.executable, str(BENCH_DIR / "bare_asgi.py"), "--port", str(port), "--item", str(item_file),
            "--page", str(page_file)]
    with spawn(argv, port, "/item", {}, workdir / f"bare-{port}.log") as p:
        yield p


@dataclass
class WrkResult:
    requests: int
    duration_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    errors: int  # socket errors and non-2xx/3xx answers
    server_cpu_s: float | None = None  # CPU the server process used during the run, when its pid was given

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def cpu_us_per_request(self) -> float | None:
        """Server CPU per answered request: less sensitive than req/s to other load on a shared machine."""
        if self.server_cpu_s is None or not self.requests:
            return None
        return self.server_cpu_s / self.requests * 1e6


def run_wrk(url: str, *, connections: int, duration_s: float, threads: int = 1, headers: dict[str, str] | None = None,
            script: str = "", workdir: Path, env: dict[str, str] | None = None,
            server_pid: int | None = None) -> WrkResult:
    """Runs wrk once; `script` is Lua prepended to the harness's done() reporter."""
    lua = workdir / f"wrk-{secrets.token_hex(4)}.lua"
    lua.write_text(script + "\n" + WRK_REPORT_LUA)
    argv = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration_s:g}s", "--timeout", "30s",
            "-s", str(lua)]
    for k, v in (headers or {}).items():
        argv += ["-H", f"{k}: {v}"]
    argv.append(url)
    cpu_before = cpu_seconds(server_pid) if server_pid else 0.0
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration_s + 60,
                          env={**os.environ, **(env or {})})
    # Includes the few requests still in flight when wrk stops: a slight overestimate.
    server_cpu = cpu_seconds(server_pid) - cpu_before if server_pid else None
    lines = [x for x in done.stdout.splitlines() if x.startswith(WRK_MARKER)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    d: dict[str, Any] = json.loads(lines[-1][len(WRK_MARKER):])
    errors = sum(d[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return WrkResult(d["requests"], d["duration_us"] / 1e6, d["p50_us"] / 1e3, d["p90_us"] / 1e3, d["p99_us"] / 1e3,
                     errors, server_cpu)


def lua_string(value: str) -> str:
    """A Lua long-string literal holding value verbatim."""
    level = 0
    while f"]{'=' * level}]" in value:
        level += 1
    eq = "=" * level
    return f"[{eq}[{value}]{eq}]"


def wait_for_quiet(max_load: float, max_wait_s: float) -> float:
    """Waits (bounded) until the 1-minute load average is at most max_load; returns the load seen last."""
    deadline = time.monotonic() + max_wait_s
    while True:
        load = float(Path("/proc/loadavg").read_text().split()[0])
        if load <= max_load or time.monotonic() >= deadline:
            return load
        log(f"load average {load:.2f} > {max_load:g}: waiting for a quieter machine")
        time.sleep(15)


def machine() -> dict[str, str]:
    """nproc, CPU model, memory and load, for the figures' context."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    load = Path("/proc/loadavg").read_text().split()[:3]
    return {"nproc": str(len(os.sched_getaffinity(0))), "cpu": cpu, "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
            "load": " ".join(load), "python": sys.version.split()[0]}
