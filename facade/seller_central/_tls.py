"""One TLS context for every connection pool the client opens.

Each ``httpx`` transport builds its own ``ssl.SSLContext`` and loads the CA bundle into it, which costs
about 20 ms. A client opens up to three pools (SP-API, Login with Amazon, presigned documents); sharing one
context keeps start-up at one load.
"""

from __future__ import annotations

import functools
import ssl

import httpx

__all__ = ["ssl_context"]


@functools.cache
def ssl_context() -> ssl.SSLContext:
    """Return the process's verified TLS context (honouring ``SSL_CERT_FILE``/``SSL_CERT_DIR``)."""
    return httpx.create_ssl_context()
