"""``sandbox="local"``: find the local sandbox, or start one in this process, with nothing else to set.

A connection built with ``sandbox="local"`` (``OAuthConnection(sandbox="local")``,
``SellerCentral.local_sandbox()``, ``SP_API_SANDBOX=local``, the CLI's ``--sandbox=local``) sends its
requests and token requests to a local sandbox, chosen in this order:

1. the ``endpoint`` given to the connection (a loopback URL);
2. ``SP_API_ENDPOINT`` when it is a loopback URL (``seller-central sandbox serve`` prints the line to set);
3. a sandbox answering on the default port, ``http://127.0.0.1:8765``;
4. otherwise a sandbox started in this process on a free port. Each client built on the connection holds a
   lease on it, and the last client to close stops it (a later client starts it again on the same port).

The token URL is the sandbox's own (``<endpoint>/auth/o2/token``) unless one is given, and the client id,
client secret and refresh token default to placeholders the sandbox accepts: a newcomer invents nothing.
This module is light: the sandbox server is imported only when one has to be started.
"""

from __future__ import annotations

import atexit
import http.client
import logging
import os
import threading
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from seller_central.errors import ConfigurationError

if TYPE_CHECKING:
    from seller_central.sandbox.server import SandboxServer

__all__ = [
    "DEFAULT_PORT",
    "DEFAULT_URL",
    "PLACEHOLDER_CLIENT_ID",
    "PLACEHOLDER_CLIENT_SECRET",
    "PLACEHOLDER_REFRESH_TOKEN",
    "TOKEN_PATH",
    "Lease",
    "lease",
    "resolve",
]

#: The port ``seller-central sandbox serve`` (and ``make demo``) listens on by default.
DEFAULT_PORT = 8765
DEFAULT_URL = f"http://127.0.0.1:{DEFAULT_PORT}"
#: The sandbox's LWA token endpoint, relative to its URL.
TOKEN_PATH = "/auth/o2/token"  # noqa: S105  # a URL path, not a password

#: Placeholder credentials for the local sandbox, whose LWA accepts any client and refresh token.
PLACEHOLDER_CLIENT_ID = "amzn1.application-oa2-client.local-sandbox"
PLACEHOLDER_CLIENT_SECRET = "local-sandbox-client-secret"  # noqa: S105  # a placeholder, not a secret
PLACEHOLDER_REFRESH_TOKEN = "Atzr|local-sandbox-refresh-token"  # noqa: S105  # a placeholder

#: The ``Server`` header the sandbox answers with (``sandbox/handler.py``): how a running one is recognised.
SERVER_NAME = "seller-central-sandbox"
_PROBE_SECONDS = 0.5

logger = logging.getLogger("seller_central")


def _is_loopback_url(url: str) -> bool:
    from seller_central.connection import _is_loopback  # noqa: PLC0415 (one rule for loopback)

    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and _is_loopback((parts.hostname or "").lower())


def _answers(url: str) -> bool:
    """Return True when a seller-central sandbox answers at ``url`` (its Server header says so)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=_PROBE_SECONDS)
    try:
        connection.request("GET", TOKEN_PATH)
        response = connection.getresponse()
        response.read()
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
    return (response.getheader("Server") or "").startswith(SERVER_NAME)


class _Started:
    """A sandbox this process started, and how many clients hold it."""

    def __init__(self, server: SandboxServer) -> None:
        self.server: SandboxServer | None = server
        self.url = server.url
        self.port = int(urlsplit(self.url).port or 0)
        self.leases = 0


_lock = threading.Lock()
_started: dict[str, _Started] = {}


def _start(port: int = 0) -> SandboxServer:
    from seller_central.sandbox.server import SandboxServer  # noqa: PLC0415 (only when one is needed)

    return SandboxServer(port=port).start()


def resolve(endpoint: str | None, environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """Return the URL of the local sandbox a ``sandbox="local"`` connection uses (see the module docstring).

    Raises:
        ConfigurationError: ``endpoint`` is given and is not a loopback URL.
    """
    if endpoint:
        if not _is_loopback_url(endpoint):
            msg = (
                f"SP-API Endpoint must be a loopback URL (such as {DEFAULT_URL}) with sandbox='local', "
                f"got {endpoint!r}"
            )
            raise ConfigurationError(msg)
        return endpoint.rstrip("/")
    configured = (os.environ if environ is None else environ).get("SP_API_ENDPOINT", "").strip()
    if configured and _is_loopback_url(configured):
        return configured.rstrip("/")
    with _lock:
        running = next((s.url for s in _started.values() if s.server is not None), None)
    if running is not None:
        return running
    if _answers(DEFAULT_URL):
        return DEFAULT_URL
    with _lock:
        server = _start()
        _started[server.url] = _Started(server)
    logger.info("started a local sandbox in this process at %s", server.url)
    return server.url


class Lease:
    """A client's hold on an in-process sandbox (nothing for a sandbox running elsewhere)."""

    def __init__(self, url: str) -> None:
        self._url: str | None = url

    def release(self) -> None:
        """Let go; the last lease on a sandbox this process started stops it. Safe to call twice."""
        url, self._url = self._url, None
        if url is None:
            return
        with _lock:
            started = _started.get(url)
            if started is None:
                return
            started.leases -= 1
            if started.leases > 0 or started.server is None:
                return
            server, started.server = started.server, None
        server.stop()


def lease(base_url: str) -> Lease:
    """Hold the in-process sandbox at ``base_url`` (restarting it on its port if it was stopped)."""
    with _lock:
        started = _started.get(base_url)
        if started is not None:
            if started.server is None:
                started.server = _start(started.port)
            started.leases += 1
    return Lease(base_url)


@atexit.register
def _stop_all() -> None:
    with _lock:
        servers = [s.server for s in _started.values() if s.server is not None]
        for started in _started.values():
            started.server = None
    for server in servers:
        server.stop()
