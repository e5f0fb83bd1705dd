"""Running the transfer commands in-process on the test database (as the CLI does, without its process
start-up), and the CLI itself where its output matters."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

from tests.support.processes import child_env


def in_process(database_url: str, fn: Callable[[Any], Any]) -> Any:
    from webflow_local.cli_common import _with_ctx

    return _with_ctx(database_url, fn)


def cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "webflow_local", *args, "--database-url", database_url],
                          capture_output=True, text=True, timeout=180, env=child_env())
