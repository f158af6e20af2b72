"""Where cassette tests send their requests, and the ``Api`` that runs one action on either client.

A cassette test runs in one of three modes, chosen by pytest-recording's ``--record-mode`` and the
``SELLER_CENTRAL_CASSETTES`` variable:

- **replay** (``--record-mode=none``, the default, what CI runs): every request is answered from the
  cassette; nothing listens and nothing leaves the process.
- **local** (any other record mode): the requests go to the embedded local sandbox. The connection still
  names the fixed hosts below, and the sandbox is reached as an HTTP proxy, so the cassettes hold the same
  URLs whatever port the sandbox got.
- **live** (recording with ``SELLER_CENTRAL_CASSETTES=live``): Amazon's sandbox host and the real Login with
  Amazon, with the credentials of ``SP_API_CLIENT_ID``, ``SP_API_CLIENT_SECRET`` and ``SP_API_REFRESH_TOKEN``.

Requests are matched on method, path, query and body, never on host or port, so cassettes recorded live
replay against the fixed local connection too.
"""

from __future__ import annotations

import asyncio
import functools
import os
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs
import httpx
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection

#: Where the cassettes live: one folder per test module, one file per test (and sync/async run).
CASSETTES = Path(__file__).parent / "recorded"

#: The fixed connection every replay and every local recording uses. These are test values, yet the
#: scrubber and the secret scan treat them as secrets, as they would real ones.
CLIENT_ID = "amzn1.application-oa2-client.cassettes"
CLIENT_SECRET = "amzn1.oa2-cs.v1.cassette-test-client-secret"
REFRESH_TOKEN = "Atzr|cassette-test-refresh-token"
# Loopback, so plain http is allowed without opting in to custom hosts; nothing listens on the discard port,
# so a request that escapes replay fails fast. (Cassettes recorded for the earlier `.test` hosts still
# replay: requests are matched without host or port.)
ENDPOINT = "http://127.0.0.1:9"
TOKEN_URL = "http://127.0.0.1:9/auth/o2/token"

#: Amazon's static sandbox for North America; LWA serves every region from its default token URL.
LIVE_ENDPOINT = "https://sandbox.sellingpartnerapi-na.amazon.com"
MODE_VARIABLE = "SELLER_CENTRAL_CASSETTES"
LIVE_CREDENTIALS = ("SP_API_CLIENT_ID", "SP_API_CLIENT_SECRET", "SP_API_REFRESH_TOKEN")
_SHORTEST_SECRET = 8


@attrs.frozen(kw_only=True)
class Target:
    """The connection the tests use, and how to reach it.

    Attributes:
        connection: The connection the clients are built with.
        mode: ``replay``, ``local`` or ``live``.
        proxy: The local sandbox's URL while recording against it (it serves any host as a proxy).
        secrets: Literal secrets to scrub from what is recorded, besides the token shapes.
    """

    connection: OAuthConnection
    mode: str
    proxy: str | None = None
    secrets: tuple[str, ...] = attrs.field(default=(), repr=False)

    def transport(self) -> httpx.HTTPTransport:
        """The innermost sync transport (VCR.py answers or records inside it), via the sandbox if local."""
        return httpx.HTTPTransport(proxy=self.proxy, verify=_tls())

    def async_transport(self) -> httpx.AsyncHTTPTransport:
        """The innermost async transport (VCR.py answers or records inside it), via the sandbox if local."""
        return httpx.AsyncHTTPTransport(proxy=self.proxy, verify=_tls())


@functools.cache
def _tls() -> ssl.SSLContext:
    # Loading the CA bundle takes about 80 ms, and each client would load it for each of its HTTP clients.
    return httpx.create_ssl_context()


def local_connection() -> OAuthConnection:
    """Return the fixed connection of replays and local recordings."""
    return OAuthConnection(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        endpoint=ENDPOINT,
        token_url=TOKEN_URL,
        is_sandbox=True,
    )


def missing_live_credentials(environ: Mapping[str, str]) -> list[str]:
    """Return the credential variables a live recording needs and ``environ`` lacks."""
    return [name for name in LIVE_CREDENTIALS if not environ.get(name, "").strip()]


def live_target(environ: Mapping[str, str]) -> Target:
    """Return the target of a live recording: Amazon's sandbox with the environment's credentials."""
    client_id, client_secret, refresh_token = (environ[name].strip() for name in LIVE_CREDENTIALS)
    connection = OAuthConnection(
        client_id=client_id,
        client_secret=client_secret,
        refresh_token=refresh_token,
        endpoint=LIVE_ENDPOINT,
    )
    return Target(connection=connection, mode="live", secrets=(client_id, client_secret, refresh_token))


def live_secrets(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Return the environment's real client secret and refresh token, if set (the scan looks for them)."""
    environ = os.environ if environ is None else environ
    values = (environ.get(name, "").strip() for name in LIVE_CREDENTIALS[1:])
    # Real LWA secrets run to dozens of characters; a stray short value would match all over the place.
    return tuple(value for value in values if len(value) >= _SHORTEST_SECRET)


class Api:
    """Runs one client method on the sync or the async client, and checks the cassette was used up."""

    def __init__(self, mode: str, target: Target, cassette: Any) -> None:
        self.mode = mode
        self.target = target
        self.cassette = cassette

    def call(self, action: str, /, **inputs: Any) -> Any:
        """Call ``action(**inputs)`` on a fresh client (so each cassette holds its own LWA exchange)."""
        if self.mode == "sync":
            with SellerCentral(self.target.connection, transport=self.target.transport()) as client:
                result = getattr(client, action)(**inputs)
        else:
            result = asyncio.run(self._acall(action, inputs))
        if self.target.mode == "replay":
            # Every recorded exchange was asked for: no token or RDT request went missing.
            unplayed = len(self.cassette) - self.cassette.play_count
            assert unplayed == 0, f"{unplayed} recorded request(s) were not replayed"
        return result

    async def _acall(self, action: str, inputs: dict[str, Any]) -> Any:
        async with AsyncSellerCentral(
            self.target.connection, transport=self.target.async_transport()
        ) as client:
            return await getattr(client, action)(**inputs)

    def exchanges(self) -> list[str]:
        """The cassette's requests as ``METHOD /path``, in order."""
        return [f"{request.method} {request.path}" for request in self.cassette.requests]

    def token_forms(self) -> list[dict[str, str]]:
        """The LWA token requests' forms (secrets already replaced by placeholders), in order."""
        return [
            dict(parse_qsl(request.body.decode()))
            for request in self.cassette.requests
            if request.path == urlsplit(TOKEN_URL).path
        ]

    def statuses(self) -> list[int]:
        """The status of each recorded response, in order."""
        return [response["status"]["code"] for response in self.cassette.responses]
