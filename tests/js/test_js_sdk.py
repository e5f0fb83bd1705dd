"""The official JS SDK (npm `webflow-api`) runs each tests/js/scenario*.mjs against a live server, once per backend.

A family adds its own `scenario_<family>.mjs` (same environment, same "ok <step>" / "SCENARIO PASSED" output);
this file finds it by name.

`npm ci` installs the SDK into tests/js/node_modules once per session (gitignored). Every response the SDK got is
checked against the spec like the Python tests' responses, and the operations it drove are recorded for
docs/compatibility.md. Skipped, saying so, where node or npm is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tests.support import spec_check
from tests.support.world import FULL, World, record

HERE = Path(__file__).resolve().parent
NODE, NPM = shutil.which("node"), shutil.which("npm")

pytestmark = pytest.mark.skipif(
    NODE is None or NPM is None, reason="node and npm are needed for the JS SDK scenario (Node 18+)"
)


@pytest.fixture(scope="session")
def js_sdk() -> Path:
    """tests/js/node_modules with the locked SDK, installed once (again only when the lock file changed)."""
    stamp = HERE / "node_modules" / ".package-lock.json"
    lock = HERE / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        assert NPM is not None
        proc = subprocess.run([NPM, "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True,
                              timeout=600, check=False)
        assert proc.returncode == 0, f"npm ci failed:\n{proc.stdout}\n{proc.stderr}"
    return HERE


SCENARIOS = sorted(p.name for p in HERE.glob("scenario*.mjs"))
# The steps each scenario must report (a scenario that stops early still fails on its exit code).
STEPS = {
    "scenario.mjs": ("items: bulk create across locales", "items: list per locale", "items: update per locale",
                     "publish: item in every locale", "live: get and list", "delete: unpublish",
                     "collections: delete"),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_js_sdk_scenario(world: World, js_sdk: Path, tmp_path: Path, scenario: str) -> None:
    log = tmp_path / "exchanges.jsonl"
    env = {**os.environ, "WEBFLOW_BASE_URL": f"{world.base}/v2", "WEBFLOW_TOKEN": FULL,
           "WEBFLOW_SITE_ID": world.site_id, "WEBFLOW_LOCAL_JS_LOG": str(log)}
    assert NODE is not None
    proc = subprocess.run([NODE, scenario], cwd=js_sdk, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "SCENARIO PASSED" in proc.stdout, output
    for step in STEPS.get(scenario, ()):
        assert f"ok {step}" in proc.stdout, output

    exchanges = [json.loads(line) for line in log.read_text().splitlines()]
    assert exchanges, output
    problems = []
    for ex in exchanges:
        path = urlsplit(ex["url"]).path
        body = json.loads(ex["body"]) if ex["body"] else None
        if spec_check.available():
            problems += spec_check.check(ex["method"], path, ex["status"], body)
        record("js_sdk", ex["method"], path, ex["status"])
    assert not problems, "\n".join(problems)
