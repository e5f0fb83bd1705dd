"""Docs kept true by tests: commands, settings and control-plane routes must be documented."""

from __future__ import annotations

import re
from pathlib import Path

from webflow_local.admin.routes import router as admin_router
from webflow_local.cli import app as cli_app
from webflow_local.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert "python3 dev.py demo" in first_block and "python3 dev.py test" in first_block
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in cli_app.registered_commands]
    names += [g.name or "" for g in cli_app.registered_groups]
    for name in names:
        assert f"webflow-local {name}" in readme, f"`webflow-local {name}` is not documented in README.md"


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text()
    for name in Settings.model_fields:
        assert f"WEBFLOW_LOCAL_{name.upper()}" in doc, (
            f"WEBFLOW_LOCAL_{name.upper()} missing from docs/configuration.md"
        )


def test_every_admin_route_is_documented() -> None:
    text = (ROOT / "README.md").read_text() + (ROOT / "docs" / "control-plane.md").read_text()
    for docfile in (ROOT / "docs").glob("*.md"):
        text += docfile.read_text()
    for route in admin_router.routes:
        path = "/_admin" + route.path  # type: ignore[attr-defined]
        pattern = re.sub(r"\\\{[^}]+\\\}", r"\\{[^}]+\\}", re.escape(path))
        assert re.search(pattern, text), f"{path} is not documented"
