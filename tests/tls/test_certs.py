"""`webflow-local certs create`: the files, what the certificates say, and that an existing CA is kept."""

from __future__ import annotations

import ipaddress
import os
import stat
import subprocess
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID


def _certs(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "webflow_local", "certs", "create", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def _cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _sans(cert: x509.Certificate) -> tuple[list[str], list[str]]:
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return san.get_values_for_type(x509.DNSName), [str(a) for a in san.get_values_for_type(x509.IPAddress)]


def _refused(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])


def test_creates_a_ca_and_a_server_certificate_it_signs(tmp_path: Path) -> None:
    out = tmp_path / "certs"
    proc = _certs("--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir()} == {"ca.pem", "ca-key.pem", "server.pem", "server-key.pem", "bundle.pem"}
    # Where the files went and what to do next, on stdout (scripts can read it).
    for name in ("ca.pem", "server.pem", "server-key.pem", "bundle.pem"):
        assert str((out / name).resolve()) in proc.stdout
    assert "--tls-cert" in proc.stdout and "/etc/hosts" in proc.stdout and "NODE_EXTRA_CA_CERTS" in proc.stdout
    for key in ("ca-key.pem", "server-key.pem"):
        assert stat.S_IMODE(os.stat(out / key).st_mode) == 0o600, key

    ca, server = _cert(out / "ca.pem"), _cert(out / "server.pem")
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    server.verify_directly_issued_by(ca)  # raises when the CA did not sign it
    assert server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert ExtendedKeyUsageOID.SERVER_AUTH in server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    dns, ips = _sans(server)
    assert dns == ["api.webflow.com", "api-cdn.webflow.com", "localhost"]
    assert {ipaddress.ip_address(a) for a in ips} == {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
    # 397 days at most: clients (Apple's first) refuse longer-lived server certificates.
    assert (server.not_valid_after_utc - server.not_valid_before_utc).days <= 398
    # The key files hold the keys of these certificates.
    for cert, key in ((ca, "ca-key.pem"), (server, "server-key.pem")):
        private = serialization.load_pem_private_key((out / key).read_bytes(), password=None)
        assert private.public_key() == cert.public_key()
    # The bundle: public roots and the local CA, for SSL_CERT_FILE / REQUESTS_CA_BUNDLE.
    bundle = (out / "bundle.pem").read_bytes()
    assert bundle.count(b"BEGIN CERTIFICATE") > 10 and bundle.endswith((out / "ca.pem").read_bytes())


def test_hosts_given_replace_the_webflow_names(tmp_path: Path) -> None:
    proc = _certs("--out", str(tmp_path), "--host", "webflow.internal", "--host", "10.1.2.3",
                  "--host", "*.example.test")
    assert proc.returncode == 0, proc.stderr
    dns, ips = _sans(_cert(tmp_path / "server.pem"))
    assert dns == ["webflow.internal", "*.example.test", "localhost"]
    assert {ipaddress.ip_address(a) for a in ips} == {ipaddress.ip_address(a) for a in ("10.1.2.3", "127.0.0.1", "::1")}


def test_an_existing_ca_is_kept_and_only_force_replaces_it(tmp_path: Path) -> None:
    assert _certs("--out", str(tmp_path)).returncode == 0
    ca_before, ca_key_before = (tmp_path / "ca.pem").read_bytes(), (tmp_path / "ca-key.pem").read_bytes()
    server_before = (tmp_path / "server.pem").read_bytes()

    again = _certs("--out", str(tmp_path), "--host", "api.webflow.com", "--host", "extra.test")
    assert again.returncode == 0, again.stderr
    assert "existing, kept" in again.stdout
    assert (tmp_path / "ca.pem").read_bytes() == ca_before and (tmp_path / "ca-key.pem").read_bytes() == ca_key_before
    server = _cert(tmp_path / "server.pem")
    assert server.public_bytes(serialization.Encoding.PEM) != server_before
    server.verify_directly_issued_by(_cert(tmp_path / "ca.pem"))  # still trusted by whoever trusted the CA
    assert "extra.test" in _sans(server)[0]

    forced = _certs("--out", str(tmp_path), "--force")
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "ca.pem").read_bytes() != ca_before
    _cert(tmp_path / "server.pem").verify_directly_issued_by(_cert(tmp_path / "ca.pem"))


def test_refuses_what_it_cannot_use_and_writes_nothing(tmp_path: Path) -> None:
    _refused(_certs("--out", str(tmp_path / "a"), "--host", "bad host!"), "bad host!")
    assert not (tmp_path / "a").exists()

    # A CA certificate without its key cannot sign: refused, never overwritten.
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "ca.pem").write_text("not a certificate")
    _refused(_certs("--out", str(tmp_path / "b")), "--force")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["ca.pem"]
    assert (tmp_path / "b" / "ca.pem").read_text() == "not a certificate"

    # A key that is not the CA's.
    assert _certs("--out", str(tmp_path / "c")).returncode == 0
    assert _certs("--out", str(tmp_path / "d")).returncode == 0
    (tmp_path / "c" / "ca-key.pem").write_bytes((tmp_path / "d" / "ca-key.pem").read_bytes())
    ca = (tmp_path / "c" / "ca.pem").read_bytes()
    _refused(_certs("--out", str(tmp_path / "c")), "not the key of")
    assert (tmp_path / "c" / "ca.pem").read_bytes() == ca

    (tmp_path / "file").write_text("")
    _refused(_certs("--out", str(tmp_path / "file")), "not a directory")


def test_default_directory_is_relative_to_where_it_runs(tmp_path: Path) -> None:
    proc = _certs(cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "webflow-local-certs" / "server.pem").exists()


def test_serve_refuses_an_unusable_certificate_before_starting(tmp_path: Path) -> None:
    assert _certs("--out", str(tmp_path)).returncode == 0
    db = f"sqlite:///{tmp_path / 'never.sqlite3'}"

    def serve(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "webflow_local", "serve", "--database-url", db, *args],
                              capture_output=True, text=True, timeout=120, check=False)

    _refused(serve("--tls-cert", str(tmp_path / "server.pem")), "--tls-key")
    _refused(serve("--tls-cert", str(tmp_path / "server.pem"), "--tls-key", str(tmp_path / "ca-key.pem")),
             "--tls-cert", "mismatch")
    _refused(serve("--tls-cert", str(tmp_path / "missing.pem"), "--tls-key", str(tmp_path / "server-key.pem")),
             "missing.pem")
    assert not (tmp_path / "never.sqlite3").exists()  # nothing was started nor created
