"""Shared helpers for scripts and tests that read Webflow's OpenAPI files in ../shared/spec.

The files stay outside the project; this module finds and loads them (cached as JSON, since YAML
parsing of 3 MB files is slow)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = {"v2": "webflow-v2.yml", "beta": "webflow-v2-beta.yml"}
METHODS = ("get", "post", "put", "patch", "delete")


def where() -> Path:
    """Where the files should be: WEBFLOW_LOCAL_SPEC_DIR when set (and then only there), else ../shared/spec
    beside the clone (docs/configuration.md)."""
    env = os.environ.get("WEBFLOW_LOCAL_SPEC_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "spec"


def spec_dir() -> Path | None:
    d = where()
    return d if all((d / name).is_file() for name in PREFIXES.values()) else None


def missing_message() -> str:
    return (f"Webflow's OpenAPI files ({', '.join(PREFIXES.values())}) are not in {where()}: set "
            "WEBFLOW_LOCAL_SPEC_DIR to the directory that holds them")


def load(prefix: str) -> dict[str, Any]:
    d = spec_dir()
    if d is None:
        raise FileNotFoundError(missing_message())
    path = d / PREFIXES[prefix]
    raw = path.read_bytes()
    key = hashlib.sha256(raw).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"webflow-local-spec-{prefix}-{key}.json"
    if cache.exists():
        return json.loads(cache.read_text())  # type: ignore[no-any-return]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc: dict[str, Any] = yaml.load(raw, Loader=loader)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc))
    tmp.replace(cache)
    return doc


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                out.append((method.upper(), path, item[method]))
    return out


# "Required scope | `sites:read`" or "Required scopes: `a:read`, `b:write`" in an operation's description.
_PROSE_SCOPES = re.compile(r"Required scopes?\s*[|:]\s*((?:`[^`]+`[\s,]*(?:and\s+)?)+)", re.IGNORECASE)


def prose_scopes(op: dict[str, Any]) -> list[str]:
    """The scopes an operation's description names (the webhook operations carry theirs only there)."""
    scopes: list[str] = []
    for m in _PROSE_SCOPES.finditer(op.get("description") or ""):
        for s in (re.sub(r"\s+", "", raw) for raw in re.findall(r"`([^`]+)`", m.group(1))):
            if s not in scopes:
                scopes.append(s)
    return scopes


def op_scopes(op: dict[str, Any]) -> list[str]:
    """The `security` block's scopes; where it is absent, those the description names."""
    scopes: list[str] = []
    for block in op.get("security") or []:
        for s in block.get("OAuth2", []):
            if s not in scopes:
                scopes.append(s)
    return scopes or prose_scopes(op)
