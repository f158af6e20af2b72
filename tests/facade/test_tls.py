"""The shared TLS context: verification always on, the CA bundle read once, at the first handshake."""

from __future__ import annotations

import asyncio
import http.server
import ssl
import subprocess
import threading

import httpx
import pytest
from seller_central import transport


def fresh_context() -> ssl.SSLContext:
    """A new context, as ``ssl_context()`` builds it (the function itself keeps one per process)."""
    return transport.ssl_context.__wrapped__()


@pytest.fixture(scope="module")
def server_cert(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (made with the openssl command-line tool)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
    command += f" -addext subjectAltName=IP:127.0.0.1 -keyout {key} -out {cert}"
    # openssl from PATH (.ci/run installs it); fixed arguments and our own temporary paths
    subprocess.run(command.split(), check=True, capture_output=True)  # noqa: S603
    return cert, key


@pytest.fixture(scope="module")
def https_url(server_cert):
    """A local HTTPS server answering every GET with 200 "ok"."""
    cert, key = server_cert

    class Ok(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:
            del args

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_verification_is_on_before_any_ca_is_read():
    """A new context requires a verified certificate and the right host name, and has read no CA yet.

    The CA bundle costs about 20 ms to read (12 % of a cold start in benchmarks/): a process that talks only
    plain HTTP (the local sandbox) never pays it, and one that talks to Amazon pays it at its first handshake.
    """
    context = fresh_context()

    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)
    assert context.cert_store_stats()["x509_ca"] == 0


def test_starting_a_handshake_reads_the_cas():
    """The first TLS object made from the context (here over memory BIOs, as asyncio does) reads the CAs."""
    context = fresh_context()

    context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="sellingpartnerapi-na.amazon.com")

    assert context.cert_store_stats()["x509_ca"] > 0


def test_every_default_pool_shares_one_context():
    """The SP-API pools (sync and async) use the one context of the process, so the CAs are read once."""
    sync_pool = transport.default_transport()
    async_pool = transport.default_async_transport()

    assert sync_pool._pool._ssl_context is transport.ssl_context()
    assert async_pool._pool._ssl_context is transport.ssl_context()


def test_a_server_the_cas_vouch_for_is_trusted(https_url, server_cert, monkeypatch):
    """With SSL_CERT_FILE naming the server's certificate, sync and async clients connect."""
    monkeypatch.setenv("SSL_CERT_FILE", str(server_cert[0]))
    context = fresh_context()

    with httpx.Client(verify=context) as client:
        assert client.get(https_url).text == "ok"

    async def fetch() -> str:
        async with httpx.AsyncClient(verify=context) as client:
            return (await client.get(https_url)).text

    assert asyncio.run(fetch()) == "ok"


def test_a_server_the_cas_do_not_vouch_for_is_refused(https_url, monkeypatch):
    """certifi's CAs do not include a self-signed certificate: the handshake fails, sync and async."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    context = fresh_context()

    with (
        httpx.Client(verify=context) as client,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY"),
    ):
        client.get(https_url)

    async def fetch() -> None:
        async with httpx.AsyncClient(verify=context) as client:
            await client.get(https_url)

    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY"):
        asyncio.run(fetch())
