"""A certificate set made by `certs create`'s code, and a second server on the session's database that speaks
HTTPS with it (the plain `server` fixture keeps serving the world's control plane)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import RunningServer, serve
from webflow_local import certs


@pytest.fixture(scope="session")
def cert_set(tmp_path_factory: pytest.TempPathFactory) -> certs.Created:
    return certs.create(tmp_path_factory.mktemp("certs") / "webflow-local-certs")


@pytest.fixture(scope="session")
def tls_server(server: RunningServer, cert_set: certs.Created) -> Iterator[RunningServer]:
    # No webhook dispatcher: it would outlive the test and compete, with its own retry schedule, for the
    # session server's deliveries (the webhook tests expect the session server's).
    with serve(server.database_url, tls_cert=str(cert_set.server_cert), tls_key=str(cert_set.server_key),
               webhook_dispatcher=False) as s:
        yield s


@pytest.fixture(scope="session")
def tls_port(tls_server: RunningServer) -> int:
    return int(tls_server.url.rsplit(":", 1)[1])


def ca_file(cert_set: certs.Created) -> Path:
    return cert_set.ca_cert
