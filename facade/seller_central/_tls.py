"""One TLS context for every connection pool the client opens, with its CA bundle read when first needed.

Each ``httpx`` transport builds its own ``ssl.SSLContext`` and reads the CA bundle into it, which costs about
20 ms. A client opens up to three pools (SP-API, Login with Amazon, presigned documents); sharing one context
keeps that to one read. The read itself waits for the first TLS handshake, as urllib3 does: a process that
only talks plain HTTP (the local sandbox, tests) never pays it, and one that talks to Amazon pays it once, on
its first connection.
"""

from __future__ import annotations

import functools
import os
import ssl
import sys
import threading
from typing import Any, Self

__all__ = ["ssl_context"]


class _VerifiedContext(ssl.SSLContext):
    """A client context that verifies every server and reads its trusted CAs at the first handshake.

    Verification is on from the start (``CERT_REQUIRED``, hostname checked); until the CAs are read the
    context trusts nothing, so a handshake can never pass unverified. Both ways a handshake starts (a socket,
    for sync pools; memory BIOs, for asyncio and anyio) read the CAs first.
    """

    def __new__(cls, *, cafile: str | None, capath: str | None) -> Self:
        del cafile, capath
        return super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED, check_hostname: the defaults

    def __init__(self, *, cafile: str | None, capath: str | None) -> None:
        """Verify servers against ``cafile`` or ``capath``, read at the first handshake."""
        super().__init__()
        self._cafile, self._capath = cafile, capath
        self._pending = True
        self._lock = threading.Lock()

    def _read_cas(self) -> None:
        if not self._pending:
            return
        with self._lock:
            if self._pending:
                self.load_verify_locations(cafile=self._cafile, capath=self._capath)
                self._pending = False

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        """Read the CAs if not done yet, then wrap as ``ssl.SSLContext`` does."""
        self._read_cas()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        """Read the CAs if not done yet, then wrap as ``ssl.SSLContext`` does."""
        self._read_cas()
        return super().wrap_bio(*args, **kwargs)


def _where() -> tuple[str | None, str | None]:
    """Return where the trusted CAs are: ``SSL_CERT_FILE`` or ``SSL_CERT_DIR``, else certifi's bundle."""
    if os.environ.get("SSL_CERT_FILE"):
        return os.environ["SSL_CERT_FILE"], None
    if os.environ.get("SSL_CERT_DIR"):
        return None, os.environ["SSL_CERT_DIR"]
    import certifi  # noqa: PLC0415 (httpx's own dependency; only needed here)

    return certifi.where(), None


@functools.cache
def ssl_context() -> ssl.SSLContext:
    """Return the process's verified TLS context (CAs from ``SSL_CERT_FILE``/``SSL_CERT_DIR``, or certifi).

    It is what ``httpx.create_ssl_context()`` builds, except that the CAs are read at the first handshake.
    """
    cafile, capath = _where()
    context = _VerifiedContext(cafile=cafile, capath=capath)
    keylog = os.environ.get("SSLKEYLOGFILE")  # as ssl.create_default_context honours it
    if keylog and not sys.flags.ignore_environment:
        context.keylog_filename = keylog
    return context
