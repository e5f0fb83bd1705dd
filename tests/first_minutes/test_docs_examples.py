"""Every example in the docs runs as written: the seed files of docs/control-plane.md (through the CLI and
over HTTP), the Python snippets of README.md and docs/sdk.md against a live server; and no doc names a
path that exists only on the machine that wrote it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml

from tests.first_minutes.test_cli import cli
from tests.support.world import World
from webflow_local.demo import demo_seed

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def blocks(path: Path, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", path.read_text(), flags=re.S | re.M)


def control_plane_seed() -> dict[str, Any]:
    """The full example, with each later fragment (a site's pages, components, ...) put in its site."""
    first, *fragments = blocks(ROOT / "docs" / "control-plane.md", "yaml")
    seed: dict[str, Any] = yaml.safe_load(first)
    site = seed["workspaces"][0]["sites"][0]
    for fragment in fragments:
        site.update(yaml.safe_load(textwrap.dedent(fragment)))
    return seed


def test_the_control_plane_seed_examples_load(world: World, tmp_path: Path) -> None:
    seed = control_plane_seed()
    assert {"pages", "components", "commentThreads", "forms", "ecommerce"} <= set(seed["workspaces"][0]["sites"][0])
    r = world.admin().post("/seed", json=seed)
    assert r.status_code == 201, r.text
    made = r.json()
    assert [s["displayName"] for s in made["sites"]] == ["Acme Site"]
    assert {t["token"] for t in made["tokens"]} >= {"0e" * 32, "0a" * 32}


def test_the_seed_examples_load_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text(yaml.safe_dump(control_plane_seed(), allow_unicode=True))
    r = cli("seed", str(path), "--json", "--database-url", f"sqlite:///{tmp_path}/db.sqlite3")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["sites"][0]["displayName"] == "Acme Site"


def _run_python(path: Path, base: str, values: dict[str, str]) -> None:
    """The file's Python blocks in order, in one namespace, with the banner's placeholders filled in."""
    namespace: dict[str, Any] = {"TOKEN": values["<Token>"]}
    for block in blocks(path, "python"):
        code = block.replace("http://127.0.0.1:8080", base)
        for placeholder, value in values.items():
            code = code.replace(f'"{placeholder}"', repr(value))
        assert not re.search(r'"<[^">]+>"', code), f"{path.name}: a placeholder the banner does not fill:\n{code}"
        exec(compile(code, str(path), "exec"), namespace)


def test_the_python_snippets_run(world: World) -> None:
    a = world.admin()
    made = a.post("/seed", json=demo_seed()).json()
    site = made["sites"][0]
    locs = {loc["tag"]: loc["cmsLocaleId"] for loc in [site["locales"]["primary"], *site["locales"]["secondary"]]}
    blog = next(c["id"] for c in made["collections"] if c["displayName"] == "Blog Posts")
    token = a.post("/tokens", json={"siteId": site["id"], "scopes": "all"}).json()["token"]
    values = {"<Token>": token, "<Site id>": site["id"], "<Blog Posts collection id>": blog,
              "<en cmsLocaleId>": locs["en"], "<fr-FR cmsLocaleId>": locs["fr-FR"],
              "<de-DE cmsLocaleId>": locs["de-DE"]}
    _run_python(ROOT / "README.md", world.base, values)
    for loc in locs.values():  # one item, a variant in each locale
        items = world.http(token).get(f"/collections/{blog}/items", params={"cmsLocaleId": loc}).json()["items"]
        assert [i["cmsLocaleId"] for i in items if i["fieldData"]["slug"] == "dont-panic"] == [loc]
    _run_python(ROOT / "docs" / "sdk.md", world.base, values)


# A path only the machine that wrote the doc has: a home or build directory, or a virtual environment's
# interpreter named by an absolute path. Commands must work from a clone (`python3 dev.py run ...`).
MACHINE_PATH = re.compile(r"(?<![\w.:/-])/(?:work|home|root|Users|opt/[\w-]+/venv)/|/[\w./-]*\.venv/bin/")


def test_no_doc_names_a_path_of_the_machine_that_wrote_it() -> None:
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in DOCS
             for n, line in enumerate(p.read_text().splitlines(), 1) if MACHINE_PATH.search(line)]
    assert found == []


def test_the_doc_commands_use_what_a_clone_has() -> None:
    """`python3 dev.py ...` and `webflow-local ...` are the commands; each dev.py subcommand named exists."""
    spec = subprocess.run([sys.executable, str(ROOT / "dev.py"), "--help"], capture_output=True, text=True)
    known = set(re.findall(r"python3 dev\.py (\w+)", spec.stdout))
    for p in DOCS:
        for sub in re.findall(r"python3 dev\.py (\w+)", p.read_text()):
            assert sub in known, f"{p.name}: `python3 dev.py {sub}` is not a dev.py command"
