"""`webflow-local certs create`: a local CA and a certificate for api.webflow.com (docs/unmodified-clients.md)."""

from __future__ import annotations

from pathlib import Path

import typer

certs_app = typer.Typer(no_args_is_help=True, help="TLS certificates for running unmodified clients.")

DEFAULT_DIR = Path("webflow-local-certs")


@certs_app.command("create")
def create(
    out: Path = typer.Option(DEFAULT_DIR, "--out", help="Directory for ca.pem, ca-key.pem, server.pem, "
                                                        "server-key.pem, bundle.pem."),
    host: list[str] = typer.Option([], "--host",
                                   help="A host name or IP address for the server certificate (repeatable; "
                                        "default: api.webflow.com and api-cdn.webflow.com). localhost, "
                                        "127.0.0.1 and ::1 are always included."),
    force: bool = typer.Option(False, "--force", help="Replace an existing CA (clients that trusted it must "
                                                      "trust the new one)."),
) -> None:
    """Create a local certificate authority (kept if it exists) and a server certificate it signs."""
    from webflow_local import certs
    from webflow_local.cli_common import _error

    try:
        made = certs.create(out, tuple(host) or certs.WEBFLOW_HOSTS, force=force)
    except (certs.CertError, OSError) as e:
        _error(str(e))
    ca = made.ca_cert.resolve()
    cert, key = made.server_cert.resolve(), made.server_key.resolve()
    what = "new" if made.new_ca else "existing, kept: --force replaces it"
    print(f"CA:          {ca}  ({what})")
    print(f"CA key:      {made.ca_key.resolve()}  (keep it private: it can sign for any host)")
    print(f"certificate: {cert}")
    print(f"key:         {key}")
    print(f"bundle:      {made.bundle.resolve()}  (public roots + the CA, for SSL_CERT_FILE)")
    print(f"hosts:       {', '.join(made.hosts)}")
    print()
    print("Next steps (docs/unmodified-clients.md):")
    print(f"  1. serve over TLS:   webflow-local serve --port 443 --tls-cert {cert} --tls-key {key}")
    print("  2. point the host:   echo '127.0.0.1 api.webflow.com' | sudo tee -a /etc/hosts")
    bundle = made.bundle.resolve()
    print(f"  3. trust the CA:     export SSL_CERT_FILE={bundle} REQUESTS_CA_BUNDLE={bundle} "
          f"NODE_EXTRA_CA_CERTS={ca}")


def check_tls(cert: str | None, key: str | None) -> str:
    """`serve`'s TLS options, checked before anything starts; returns the URL scheme to serve."""
    import ssl

    from webflow_local.cli_common import _error

    if not cert and not key:
        return "http"
    if not (cert and key):
        _error("--tls-cert and --tls-key go together (WEBFLOW_LOCAL_TLS_CERT, WEBFLOW_LOCAL_TLS_KEY)")
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as e:
        _error(f"cannot use --tls-cert {cert} with --tls-key {key}: {e} "
               "(`webflow-local certs create` makes a pair)")
    return "https"
