"""Python clients that hard-code https://api.webflow.com, unmodified, against webflow-local over TLS.

The name is resolved to the loopback server without touching /etc/hosts: `socket.getaddrinfo` answers
api.webflow.com:443 with 127.0.0.1:<the server's port> (in a child's sitecustomize, or monkeypatched here).
Everything above the socket is the real thing: SNI and the certificate check name api.webflow.com, and trust
comes only from SSL_CERT_FILE / REQUESTS_CA_BUNDLE, as docs/unmodified-clients.md tells users."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest
import requests

from tests.support.server import RunningServer
from tests.support.world import FULL, World
from webflow_local import certs

API = "api.webflow.com"
NOT_IN_CERT = "not-in-the-certificate.test"

SITECUSTOMIZE = '''
"""Test-only: the /etc/hosts line and port forward a user would set up, as WEBFLOW_LOCAL_RESOLVE says."""
import os
import socket

_MAP = {}
for _entry in filter(None, os.environ.get("WEBFLOW_LOCAL_RESOLVE", "").split(",")):
    _src, _dst = _entry.split("=")
    _host, _port = _src.rsplit(":", 1)
    _addr, _to = _dst.rsplit(":", 1)
    _MAP[(_host.lower(), int(_port))] = (_addr, int(_to))
_real = socket.getaddrinfo


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    key = (str(host).lower(), int(port or 0))
    if key in _MAP:
        host, port = _MAP[key]
    return _real(host, port, family, type, proto, flags)


socket.getaddrinfo = getaddrinfo
'''

# What a user's script looks like: no base URL, no certificate option.
CLIENT = '''
import json, os, sys
from webflow import Webflow

client = Webflow(access_token=os.environ["WEBFLOW_TOKEN"])
site_id = os.environ["SITE_ID"]
out = {"sites": [s.id for s in client.sites.list().sites or []]}
coll = client.collections.create(site_id, display_name="Unmodified Posts", singular_name="Unmodified Post")
out["collection"] = coll.id
item = client.collections.items.create_item(coll.id, request={"isDraft": False,
                                            "fieldData": {"name": "Over TLS", "slug": "over-tls"}})
out["item"] = item.id
res = client.collections.items.publish_item(coll.id, request={"itemIds": [item.id]})
out["published"] = list(res.published_item_ids or [])
live = client.collections.items.list_items_live(coll.id)
out["live"] = [i.field_data.name for i in live.items or []]
import requests  # a requests-based client too: REQUESTS_CA_BUNDLE
r = requests.get(f"https://api.webflow.com/v2/collections/{coll.id}/items",
                 headers={"Authorization": "Bearer " + os.environ["WEBFLOW_TOKEN"]}, timeout=30)
out["requests"] = [r.status_code, [i["fieldData"]["slug"] for i in r.json()["items"]]]
print(json.dumps(out))
'''


def _resolve(port: int) -> str:
    return f"{API}:443=127.0.0.1:{port}"


@pytest.fixture
def resolved(tls_port: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """api.webflow.com:443 (and a name the certificate lacks) → the TLS server, in this process, for this test."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host).lower() in (API, NOT_IN_CERT) and int(port or 0) == 443:
            host, port = "127.0.0.1", tls_port
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield


def test_unmodified_python_sdk_and_requests_in_a_child(world: World, tls_port: int, cert_set: certs.Created,
                                                      tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBFLOW_", "SSL_CERT", "REQUESTS_CA"))}
    env.update({"PYTHONPATH": os.pathsep.join([str(tmp_path), *filter(None, [os.environ.get("PYTHONPATH")])]),
                "WEBFLOW_LOCAL_RESOLVE": _resolve(tls_port), "WEBFLOW_TOKEN": FULL, "SITE_ID": world.site_id,
                # The bundle: the public roots plus the local CA (the variables replace the default roots).
                "SSL_CERT_FILE": str(cert_set.bundle), "REQUESTS_CA_BUNDLE": str(cert_set.bundle)})
    proc = subprocess.run([sys.executable, "-c", CLIENT], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["sites"] == [world.site_id]
    assert out["published"] == [out["item"]] and out["live"] == ["Over TLS"]
    assert out["requests"] == [200, ["over-tls"]]
    # The state is the server's: the plain-HTTP server on the same database sees what the client made.
    got = world.http().get(f"/collections/{out['collection']}/items/{out['item']}")
    assert got.status_code == 200 and got.json()["fieldData"]["slug"] == "over-tls"
    assert got.json()["lastPublished"] is not None

    # Without the CA the same script fails on the certificate (the TLS is real), having changed nothing.
    env["SSL_CERT_FILE"] = env["REQUESTS_CA_BUNDLE"] = certifi.where()
    before = world.http().get(f"/sites/{world.site_id}/collections").json()["collections"]
    proc = subprocess.run([sys.executable, "-c", CLIENT], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in proc.stderr, proc.stderr
    assert world.http().get(f"/sites/{world.site_id}/collections").json()["collections"] == before


def test_python_sdk_default_environment_in_process(world: World, resolved: None, cert_set: certs.Created,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from webflow import Webflow

    # httpx reads SSL_CERT_FILE when the SDK makes its client.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_set.bundle))
    seen: list[str] = []
    client = httpx.Client(event_hooks={"response": [world._validate, lambda r: seen.append(str(r.url))]})
    sdk = Webflow(access_token=FULL, httpx_client=client)
    try:
        site = sdk.sites.get(world.site_id)
        assert site.id == world.site_id and site.locales is not None
        coll = sdk.collections.create(world.site_id, display_name="TLS Posts", singular_name="TLS Post")
        assert sdk.collections.get(coll.id).display_name == "TLS Posts"
        bulk = sdk.collections.items.create_items(coll.id, cms_locale_ids=[world.en, world.fr],
                                                  field_data={"name": "Both", "slug": "both"})
        assert bulk.id
        listed = sdk.collections.items.list_items(coll.id, cms_locale_id=world.fr)
        assert [i.field_data.slug for i in listed.items or []] == ["both"]
        with pytest.raises(Exception) as exc:
            sdk.collections.get("0" * 24)
        assert getattr(exc.value, "status_code", None) == 404
    finally:
        client.close()
    assert seen and all(u.startswith(f"https://{API}/v2/") for u in seen)


def test_the_server_speaks_tls_only_on_its_tls_port(tls_server: RunningServer, cert_set: certs.Created,
                                                    resolved: None) -> None:
    ctx = ssl.create_default_context(cafile=str(cert_set.ca_cert))
    with httpx.Client(verify=ctx) as c:
        # By any name in the certificate.
        for url in (f"https://{API}/v2/token/introspect", f"{tls_server.url}/v2/token/introspect",
                    tls_server.url.replace("127.0.0.1", "localhost") + "/v2/token/introspect"):
            r = c.get(url, headers={"Authorization": f"Bearer {FULL}"})
            assert r.status_code == 200, (url, r.text)
    # A name the certificate does not cover is refused by the client's hostname check.
    with httpx.Client(verify=ctx) as c, pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        c.get(f"https://{NOT_IN_CERT}/v2/sites")
    # Plain HTTP on the TLS port is not served.
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError)):
        httpx.get(tls_server.url.replace("https://", "http://") + "/v2/sites", timeout=10)


def test_requests_trusts_the_ca_through_requests_ca_bundle(world: World, resolved: None, cert_set: certs.Created,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert_set.bundle))
    r = requests.get(f"https://{API}/v2/sites/{world.site_id}", headers={"Authorization": f"Bearer {FULL}"},
                     timeout=30)
    assert r.status_code == 200 and r.json()["id"] == world.site_id
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    monkeypatch.setenv("CURL_CA_BUNDLE", "")
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"https://{API}/v2/sites", timeout=30)
