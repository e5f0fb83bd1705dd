"""Where `webflow-local serve --demo` spends its start-up, phase by phase, in one fresh process.

    python3 dev.py run python bench/startup_phases.py [--runs 3]

Each run is a new interpreter that repeats what `serve --demo` does before uvicorn listens (imports,
migrations, the demo world, create_app) on a new SQLite file, then on the same file again (a restart).
Diagnostic only: run.py measures the whole start-up, process start to the first 200."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

PHASES = r"""
import sys, time
t0 = time.perf_counter()
marks = []
def mark(name):
    marks.append((name, time.perf_counter() - t0))
import typer, rich.console, yaml
mark("import typer, rich, yaml")
from webflow_local import cli
mark("import webflow_local.cli (pydantic-settings)")
import uvicorn
mark("import uvicorn")
from webflow_local.db import migrate
from webflow_local.db.engine import make_oneshot_engine
mark("import alembic (db.migrate)")
url = sys.argv[1]
engine = make_oneshot_engine(url)
migrate.upgrade(engine)
engine.dispose()
mark("migrate.upgrade")
from webflow_local.demo import ensure_demo
cli._with_ctx(url, lambda ctx: ensure_demo(ctx, "0" * 64))
mark("ensure_demo (cli._with_ctx upgrades again)")
import webflow_local.app
mark("import webflow_local.app (FastAPI, families)")
from webflow_local.config import Settings
webflow_local.app.create_app(Settings(database_url=url))
mark("create_app")
prev = 0.0
for name, t in marks:
    print(f"{name}\t{(t - prev) * 1000:.0f}")
    prev = t
print(f"total\t{prev * 1000:.0f}")
"""


def run_once(url: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", PHASES, url], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    return {name: float(ms) for name, ms in (line.split("\t") for line in out.strip().splitlines())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, choices=range(1, 11))
    args = ap.parse_args()
    results: dict[str, list[dict[str, float]]] = {"new database": [], "restart": []}
    with tempfile.TemporaryDirectory(prefix="wfl-startup-") as tmp:
        for i in range(args.runs):
            url = f"sqlite:///{Path(tmp) / f'run{i}.sqlite3'}"
            results["new database"].append(run_once(url))
            results["restart"].append(run_once(url))
    names = list(results["new database"][0])
    print(f"| phase (ms, best of {args.runs}) | new database | restart |")
    print("|---|---:|---:|")
    for name in names:
        print(f"| {name} | {min(r[name] for r in results['new database']):.0f} | "
              f"{min(r[name] for r in results['restart']):.0f} |")


if __name__ == "__main__":
    main()
