"""A local certificate authority and a server certificate for Webflow's host names, so clients that hard-code
`https://api.webflow.com` can talk to webflow-local unmodified (docs/unmodified-clients.md).

The CA is made once and kept: a client's trust store keeps working when the server certificate is made again
(new host names, expiry). Only `force` replaces an existing CA.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# The hosts Webflow's SDKs and CLI call: the Data API and the content delivery API (the SDKs'
# `contentDeliveryApi` environment, the CLI's WEBFLOW_CDN_API_HOST default).
WEBFLOW_HOSTS = ("api.webflow.com", "api-cdn.webflow.com")
# Always in the server certificate: the server is also reached by these.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
CA_DAYS = 3650
# Apple's clients refuse server certificates valid for more than 825 days; 397 is what public CAs issue.
SERVER_DAYS = 397

CA_CERT, CA_KEY, SERVER_CERT, SERVER_KEY = "ca.pem", "ca-key.pem", "server.pem", "server-key.pem"
# certifi's public roots plus the local CA: for SSL_CERT_FILE / REQUESTS_CA_BUNDLE, which replace a Python
# client's trust store (the local CA alone would make every other HTTPS site fail).
BUNDLE = "bundle.pem"


class CertError(Exception):
    """What the user must fix (an existing CA that cannot be used, an unusable host name)."""


@dataclass(frozen=True)
class Created:
    directory: Path
    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path
    bundle: Path
    hosts: tuple[str, ...]
    new_ca: bool


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "webflow-local"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _general_name(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        pass
    labels = host.removeprefix("*.").split(".")
    if not host or len(host) > 253 or not all(
            label and len(label) <= 63 and all(c.isalnum() or c == "-" for c in label) for label in labels):
        raise CertError(f"{host!r} is not a host name or an IP address")
    return x509.DNSName(host.lower())


def _write(path: Path, data: bytes, private: bool) -> None:
    # Keys are readable by their owner only, from the moment they exist.
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _new_ca(now: dt.datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"webflow-local CA {now:%Y-%m-%d %H:%M:%S}")  # several CAs on one machine stay apart
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256()))
    return cert, key


def _load_ca(cert_path: Path, key_path: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as e:
        raise CertError(f"cannot read the existing CA in {cert_path.parent} ({e}); "
                        "use --force to replace it with a new one") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != cert.public_key():
        raise CertError(f"{key_path} is not the key of {cert_path}; use --force to make a new CA")
    return cert, key


def _server_cert(ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey, hosts: tuple[str, ...],
                 now: dt.datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(hosts[0])).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(min(now + dt.timedelta(days=SERVER_DAYS), ca.not_valid_after_utc))
            .add_extension(x509.SubjectAlternativeName([_general_name(h) for h in hosts]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_encipherment=False, key_cert_sign=False,
                                         crl_sign=False, content_commitment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return cert, key


def create(directory: Path, hosts: tuple[str, ...] = WEBFLOW_HOSTS, force: bool = False) -> Created:
    """Writes ca.pem/ca-key.pem (kept when they exist, unless force) and server.pem/server-key.pem for hosts
    plus localhost and the loopback addresses."""
    names = tuple(dict.fromkeys(h.strip().lower() for h in (*hosts, *LOCAL_HOSTS) if h.strip()))
    for h in names:
        _general_name(h)  # every name checked before anything is written
    ca_cert_path, ca_key_path = directory / CA_CERT, directory / CA_KEY
    if directory.exists() and not directory.is_dir():
        raise CertError(f"{directory} exists and is not a directory")
    now = dt.datetime.now(dt.UTC)
    existing = ca_cert_path.exists() or ca_key_path.exists()
    if existing and not force:
        ca, ca_key = _load_ca(ca_cert_path, ca_key_path)
    else:
        ca, ca_key = _new_ca(now)
    server, server_key = _server_cert(ca, ca_key, names, now)
    directory.mkdir(parents=True, exist_ok=True)
    if not existing or force:
        _write(ca_key_path, _key_pem(ca_key), private=True)
        _write(ca_cert_path, ca.public_bytes(serialization.Encoding.PEM), private=False)
    _write(directory / SERVER_KEY, _key_pem(server_key), private=True)
    _write(directory / SERVER_CERT, server.public_bytes(serialization.Encoding.PEM), private=False)
    _write(directory / BUNDLE, _public_roots() + ca.public_bytes(serialization.Encoding.PEM), private=False)
    return Created(directory, ca_cert_path, ca_key_path, directory / SERVER_CERT, directory / SERVER_KEY,
                   directory / BUNDLE, names, new_ca=not existing or force)


def _public_roots() -> bytes:
    import certifi  # httpx's dependency, so always installed with webflow-local

    data = Path(certifi.where()).read_bytes()
    return data if data.endswith(b"\n") else data + b"\n"
