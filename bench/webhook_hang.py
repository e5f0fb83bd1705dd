"""A webhook receiver that never answers must not slow the API: GET item throughput on one server with and
without hanging deliveries in flight, measured in the same run.

    python3 dev.py run python bench/webhook_hang.py [--duration 8] [--rounds 3] [--connections 16] [--floor 0.8]

One `webflow-local serve --demo` subprocess (SQLite file, in-process dispatcher on, webhook timeout 300 s so
no hanging delivery ends by itself during the run). wrk drives GET of one item in 3 locales. Each round:

1. baseline: no webhooks.
2. hanging: 4 `collection_item_changed` webhooks point at a TCP listener that accepts connections and never
   reads or answers; 40 item updates queue 160 deliveries; once the dispatcher holds all its delivery slots
   open on the listener, wrk runs again while they hang. Then the webhooks are removed and the listener
   closed.

The ceiling is the baseline; the figure is the hanging run; the ratio (median over the rounds of each
round's hanging/baseline, so drift in the machine's load cancels out) is printed with the floor it must
reach (exit status 1 below it). wrk shares the machine's cores with the server."""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness import WebflowServer, WrkResult, log, machine, run_wrk, webflow_server
from run import create_get_target

WEBHOOKS = 4
EVENTS = 40
DISPATCHER_SLOTS = 16  # webflow_local.api.webhooks.dispatcher.CONCURRENCY
WAIT_SECONDS = 60.0


class HangingReceiver:
    """Accepts TCP connections and never reads from or answers them."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1024)
        self.port = int(self.sock.getsockname()[1])
        self.held: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def open_connections(self) -> int:
        with self._lock:
            return len(self.held)

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.held.append(conn)

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        with self._lock:
            for conn in self.held:
                conn.close()
            self.held.clear()
        self.sock.close()


def measure(server: WebflowServer, path: str, args: argparse.Namespace, workdir: Path, label: str) -> WrkResult:
    log(f"{label}: wrk GET {path}, {args.connections} connections, {args.duration:g} s")
    result = run_wrk(server.base + path, connections=args.connections, duration_s=args.duration,
                     headers={"Authorization": f"Bearer {server.token}"}, workdir=workdir)
    if result.errors:
        raise RuntimeError(f"{label}: {result.errors} failed requests")
    return result


def hang_deliveries(server: WebflowServer, path: str, receiver: HangingReceiver) -> list[str]:
    """Registers the webhooks and fires the events; returns the webhook ids once the slots are all held."""
    assert server.site is not None
    with server.client() as c:
        hooks = [c.post(f"/v2/sites/{server.site.site_id}/webhooks",
                        json={"triggerType": "collection_item_changed", "url": receiver.url}).raise_for_status()
                 .json()["id"] for _ in range(WEBHOOKS)]
        for n in range(EVENTS):
            c.patch(path, json={"fieldData": {"summary": f"update {n}"}}).raise_for_status()
    expected = min(DISPATCHER_SLOTS, WEBHOOKS * EVENTS)
    deadline = time.monotonic() + WAIT_SECONDS
    while receiver.open_connections() < expected:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {receiver.open_connections()} of {expected} deliveries reached the receiver")
        time.sleep(0.05)
    return hooks


def remove(server: WebflowServer, hooks: list[str]) -> None:
    with server.client() as c:
        for h in hooks:
            c.delete(f"/v2/webhooks/{h}").raise_for_status()


def line(label: str, r: WrkResult) -> str:
    return (f"  {label:<34} {r.rps:>9.0f} req/s   p50 {r.p50_ms:6.2f} ms   p99 {r.p99_ms:7.2f} ms"
            f"   ({r.requests} requests)")


def round_trip(server: WebflowServer, path: str, args: argparse.Namespace, workdir: Path,
               n: int) -> tuple[WrkResult, WrkResult, int]:
    """One baseline run and one hanging run; answers them with the deliveries held open during the latter."""
    baseline = measure(server, path, args, workdir, f"round {n}: baseline")
    receiver = HangingReceiver()
    try:
        hooks = hang_deliveries(server, path, receiver)
        hanging = measure(server, path, args, workdir, f"round {n}: {receiver.open_connections()} hanging")
        held = receiver.open_connections()
        remove(server, hooks)
    finally:
        receiver.close()
    return baseline, hanging, held


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--duration", type=float, default=8.0, help="seconds per wrk run")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--floor", type=float, default=0.8, help="lowest acceptable hanging/baseline ratio")
    args = p.parse_args()
    # Inherited by the server subprocess: hanging deliveries outlast the whole run.
    os.environ["WEBFLOW_LOCAL_WEBHOOK_TIMEOUT"] = "300"
    os.environ["WEBFLOW_LOCAL_WEBHOOK_RETRY_DELAY"] = "600"
    rounds: list[tuple[WrkResult, WrkResult, int]] = []
    with tempfile.TemporaryDirectory(prefix="wfl-bench-hang-") as tmp:
        workdir = Path(tmp)
        with webflow_server(workdir) as server:
            path, _ = create_get_target(server)
            for n in range(1, args.rounds + 1):
                rounds.append(round_trip(server, path, args, workdir, n))
    ratios = sorted(h.rps / b.rps for b, h, _ in rounds if b.rps)
    ratio = statistics.median(ratios) if ratios else 0.0
    m = machine()
    print(f"GET item with hanging webhook receivers ({m['nproc']} cores, {m['cpu']}, load {m['load']})")
    print(f"  SQLite, 1 server process, wrk {args.connections} connections x {args.duration:g} s per run")
    for n, (baseline, hanging, held) in enumerate(rounds, start=1):
        print(line(f"round {n}: baseline (no webhooks)", baseline))
        print(line(f"round {n}: {held} deliveries hanging", hanging))
    verdict = "ok" if ratio >= args.floor else "BELOW FLOOR"
    print(f"  ratio hanging / baseline, median of {len(ratios)} rounds: {ratio:.2f} "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}; floor {args.floor:.2f}: {verdict})")
    return 0 if ratio >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
