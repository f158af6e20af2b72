"""The `wire` harness for action tests: one fake SP-API (and LWA) behind httpx.MockTransport.

Every action test runs twice, through ``SellerCentral`` and through ``AsyncSellerCentral``: the ``api``
fixture is parametrised, and ``api.call("list_orders", ...)`` (or ``api.collect("iter_orders", ...)``) runs
the method on whichever client this run uses. ``wire`` records every SP-API request and answers from routes
the test sets up; LWA token and Restricted Data Token requests are answered (and counted) separately.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import ClientCredentialsConnection, OAuthConnection

ENDPOINT = "https://sellingpartnerapi-na.amazon.com"
SP_API_HOSTS = frozenset(f"sellingpartnerapi-{region}.amazon.com" for region in ("na", "eu", "fe"))
TOKEN_URL = "https://api.amazon.com/auth/o2/token"
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"

Responder = Callable[[httpx.Request], httpx.Response]


class Wire:
    """A fake SP-API: routes by method and path, records requests, issues tokens."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.token_requests: list[dict[str, list[str]]] = []
        self.rdt_requests: list[dict[str, Any]] = []
        self.uploads: list[httpx.Request] = []
        self._routes: dict[tuple[str, str], list[Responder]] = {}
        self._documents: dict[str, bytes] = {}

    def route(self, method: str, path: str, *responses: httpx.Response | Responder) -> None:
        """Answer ``method path`` with these responses in turn (the last one repeats)."""
        queue = [r if callable(r) else (lambda _req, r=r: r) for r in responses]
        self._routes[(method.upper(), path)] = queue

    def json(self, method: str, path: str, body: Any = None, status: int = 200, **headers: str) -> None:
        """Answer ``method path`` with a JSON body."""
        if body is None:
            self.route(method, path, httpx.Response(status, headers=headers))
        else:
            self.route(method, path, httpx.Response(status, json=body, headers=headers))

    def document(self, url: str, content: bytes) -> None:
        """Serve ``content`` at a presigned document URL."""
        self._documents[url] = content

    @property
    def last(self) -> httpx.Request:
        """The last SP-API request (not counting token requests)."""
        return self.requests[-1]

    def query(self, request: httpx.Request | None = None) -> dict[str, list[str]]:
        """The query string of a request, parsed (commas kept, so comma-joined arrays stay one value)."""
        request = request or self.last
        return parse_qs(request.url.query.decode(), keep_blank_values=True)

    def body(self, request: httpx.Request | None = None) -> Any:
        """The JSON body of a request."""
        request = request or self.last
        return json.loads(request.content) if request.content else None

    def handler(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url.startswith(TOKEN_URL):
            form = parse_qs(request.content.decode())
            self.token_requests.append(form)
            return httpx.Response(
                200, json={"access_token": "Atza|test-access", "token_type": "bearer", "expires_in": 3600}
            )
        sp_api = request.url.host in SP_API_HOSTS  # each region's host (region tests use theirs)
        if request.url.path == RDT_PATH and sp_api:
            self.rdt_requests.append(json.loads(request.content))
            return httpx.Response(200, json={"restrictedDataToken": "Atz.sprdt|test-rdt", "expiresIn": 3600})
        if not sp_api:
            if request.method == "PUT":
                self.uploads.append(request)
                request.read()
                self._documents[url] = request.content
                return httpx.Response(200)
            if url in self._documents:
                return httpx.Response(200, content=self._documents[url])
            return httpx.Response(404)
        self.requests.append(request)
        queue = self._routes.get((request.method, request.url.path))
        if not queue:
            return httpx.Response(
                404,
                json={
                    "errors": [
                        {"code": "NotFound", "message": f"no route {request.method} {request.url.path}"}
                    ]
                },
            )
        responder = queue.pop(0) if len(queue) > 1 else queue[0]
        return responder(request)


class Api:
    """Runs client methods on the sync or the async client, whichever this test run uses."""

    def __init__(
        self, mode: str, wire: Wire, connection: OAuthConnection | ClientCredentialsConnection
    ) -> None:
        self.mode = mode
        self.wire = wire
        self.connection = connection

    def _sync(self) -> SellerCentral:
        return SellerCentral(
            self.connection, transport=httpx.MockTransport(self.wire.handler), sleep=lambda _s: None
        )

    def _async(self) -> AsyncSellerCentral:
        async def no_sleep(_seconds: float) -> None:
            return None

        return AsyncSellerCentral(
            self.connection, transport=httpx.MockTransport(self.wire.handler), sleep=no_sleep
        )

    def call(self, name: str, /, **inputs: Any) -> Any:
        """Call ``name(**inputs)`` and return its result."""
        if self.mode == "sync":
            with self._sync() as client:
                return getattr(client, name)(**inputs)

        async def run() -> Any:
            async with self._async() as client:
                return await getattr(client, name)(**inputs)

        return asyncio.run(run())

    def call_many(self, *calls: tuple[str, dict[str, Any]]) -> list[Any]:
        """Make several ``(name, inputs)`` calls on one client, in order, and return their results."""
        if self.mode == "sync":
            with self._sync() as client:
                return [getattr(client, name)(**inputs) for name, inputs in calls]

        async def run() -> list[Any]:
            async with self._async() as client:
                return [await getattr(client, name)(**inputs) for name, inputs in calls]

        return asyncio.run(run())

    def call_view(self, view: str, options: dict[str, Any], name: str, /, **inputs: Any) -> Any:
        """Call ``name(**inputs)`` on ``client.<view>(**options)`` (e.g. with_options)."""
        if self.mode == "sync":
            with self._sync() as client:
                return getattr(getattr(client, view)(**options), name)(**inputs)

        async def run() -> Any:
            async with self._async() as client:
                return await getattr(getattr(client, view)(**options), name)(**inputs)

        return asyncio.run(run())

    def collect(self, name: str, /, **inputs: Any) -> list[Any]:
        """Drain the iterator ``name(**inputs)`` (``iter_...`` methods) into a list."""
        if self.mode == "sync":
            with self._sync() as client:
                return list(getattr(client, name)(**inputs))

        async def run() -> list[Any]:
            async with self._async() as client:
                return [item async for item in getattr(client, name)(**inputs)]

        return asyncio.run(run())


@pytest.fixture
def wire() -> Wire:
    return Wire()


def oauth_connection(**overrides: Any) -> OAuthConnection:
    values: dict[str, Any] = {
        "client_id": "amzn1.application-oa2-client.test",
        "client_secret": "test-client-secret",
        "refresh_token": "Atzr|test-refresh",
        "endpoint": ENDPOINT,
        "token_url": TOKEN_URL,
    }
    return OAuthConnection(**{**values, **overrides})


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, wire: Wire) -> Api:
    return Api(request.param, wire, oauth_connection())


@pytest.fixture(params=["sync", "async"])
def sandbox_api(request: pytest.FixtureRequest, wire: Wire) -> Api:
    return Api(request.param, wire, oauth_connection(is_sandbox=True))


@pytest.fixture(params=["sync", "async"])
def grantless_api(request: pytest.FixtureRequest, wire: Wire) -> Api:
    connection = ClientCredentialsConnection(
        client_id="amzn1.application-oa2-client.test",
        client_secret="test-client-secret",
        scopes="sellingpartnerapi::notifications",
        endpoint=ENDPOINT,
        token_url=TOKEN_URL,
    )
    return Api(request.param, wire, connection)
