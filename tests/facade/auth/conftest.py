"""Fixtures for the auth unit tests: connections, an injected clock, and a recording mock wire."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from seller_central.auth import SpApiAuth
from seller_central.backends.memory import MemoryBackend
from seller_central.connection import ClientCredentialsConnection, OAuthConnection
from seller_central.tokens import TokenManager

TOKEN_URL = "https://api.amazon.com/auth/o2/token"
SECRET = "amzn1.oa2-cs.v1.unit-secret-0123456789"
REFRESH = "Atzr|unit-refresh-0123456789"

Handler = Callable[[httpx.Request], httpx.Response]


def _is_rdt(request: httpx.Request) -> bool:
    return request.url.path.endswith("/tokens/2021-03-01/restrictedDataToken")


class Wire:
    """An ``httpx.MockTransport`` that records requests and answers LWA, the Tokens API and SP-API.

    LWA hands out ``Atza|token-N``, the Tokens API ``Atz.sprdt|rdt-N``; every other request gets
    ``{"payload": {}}`` unless a test registers an answer with :meth:`on`.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.answers: dict[tuple[str, str], Handler] = {}
        self.lifetime = 3600
        self._tokens = itertools.count(1)
        self.transport = httpx.MockTransport(self._handle)

    def on(self, method: str, path: str, answer: Handler | httpx.Response) -> None:
        """Answer ``method path`` with a fixed response or a function of the request."""
        self.answers[method, path] = answer if callable(answer) else (lambda _request: answer)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        # A snapshot: auth sends the same Request object again on a retry, with a new token.
        self.requests.append(
            httpx.Request(
                request.method,
                request.url,
                headers=request.headers.copy(),
                content=request.read(),
                extensions=dict(request.extensions),
            )
        )
        custom = self.answers.get((request.method, request.url.path))
        if custom is not None:
            return custom(request)
        if request.url.path == "/auth/o2/token":
            token = f"Atza|token-{next(self._tokens)}"
            return httpx.Response(200, json={"access_token": token, "expires_in": self.lifetime})
        if request.url.path.endswith("/tokens/2021-03-01/restrictedDataToken"):
            rdt = f"Atz.sprdt|rdt-{next(self._tokens)}"
            return httpx.Response(200, json={"restrictedDataToken": rdt, "expiresIn": self.lifetime})
        return httpx.Response(200, json={"payload": {}})

    def lwa(self) -> list[dict[str, str]]:
        """The forms of the LWA requests, in order."""
        return [
            {key: values[0] for key, values in parse_qs(r.content.decode()).items()}
            for r in self.requests
            if r.url.path == "/auth/o2/token"
        ]

    def rdt_bodies(self) -> list[Any]:
        """The JSON bodies of the Tokens API requests, in order."""
        return [json.loads(r.content) for r in self.requests if _is_rdt(r)]

    def sp_api(self) -> list[httpx.Request]:
        """The requests that were neither LWA's nor the Tokens API's."""
        return [r for r in self.requests if r.url.path != "/auth/o2/token" and not _is_rdt(r)]


class FakeClock:
    """Wall-clock seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def seller() -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.unit",
        client_secret=SECRET,
        refresh_token=REFRESH,
        token_url=TOKEN_URL,
    )


@pytest.fixture
def application() -> ClientCredentialsConnection:
    return ClientCredentialsConnection(
        client_id="amzn1.application-oa2-client.unit",
        client_secret=SECRET,
        scopes="sellingpartnerapi::notifications",
        token_url=TOKEN_URL,
    )


async def _no_wait(_seconds: float) -> None:
    return None


@pytest.fixture
def manager(wire: Wire, clock: FakeClock) -> Iterator[Callable[..., TokenManager]]:
    """Build token managers that talk to the wire (sync and async) on the test's clock."""
    made: list[TokenManager] = []

    def make(connection: Any, **options: Any) -> TokenManager:
        options.setdefault("backend", MemoryBackend())
        options.setdefault("sleep", lambda _seconds: None)  # token-request retries wait on no real clock
        options.setdefault("async_sleep", _no_wait)
        tokens = TokenManager(
            connection, transport=wire.transport, async_transport=wire.transport, clock=clock, **options
        )
        made.append(tokens)
        return tokens

    yield make
    for tokens in made:
        tokens.close()


@pytest.fixture
def client(wire: Wire, manager: Callable[..., TokenManager]) -> Iterator[Callable[..., httpx.Client]]:
    """Build ``httpx.Client``s with ``SpApiAuth`` over the wire."""
    made: list[httpx.Client] = []

    def make(connection: Any, *, tokens: TokenManager | None = None, **auth_options: Any) -> httpx.Client:
        auth = SpApiAuth(connection, tokens=tokens or manager(connection), **auth_options)
        http = httpx.Client(base_url=connection.base_url, auth=auth, transport=wire.transport)
        made.append(http)
        return http

    yield make
    for http in made:
        http.close()
