"""The aiohttp transport: used only when asked for (``http="aiohttp"``), over real loopback sockets."""

from __future__ import annotations

import asyncio
import gzip
import socket

import httpx
import pytest
from seller_central import aiohttp_transport
from seller_central.aiohttp_transport import AiohttpTransport
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection
from seller_central.errors import ConfigurationError
from seller_central.sandbox import SandboxServer


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


def connection(sandbox: SandboxServer) -> OAuthConnection:
    return OAuthConnection(
        client_id="app",
        client_secret="aiohttp-test-secret",
        refresh_token="Atzr|aiohttp-test",
        endpoint=sandbox.url,
        token_url=sandbox.token_url,
        is_sandbox=True,
    )


@pytest.mark.parametrize(
    ("options", "expected"), [({}, httpx.AsyncHTTPTransport), ({"http": "aiohttp"}, AiohttpTransport)]
)
def test_the_async_client_uses_aiohttp_only_when_asked(sandbox, options, expected):
    """aiohttp is installed here, yet the default is httpx's own transport; ``http="aiohttp"`` picks aiohttp."""

    async def run():
        async with AsyncSellerCentral(connection(sandbox), **options) as api:
            chosen = type(api._http._transport._inner._inner)
            order = await api.get_order(order_id="TEST_CASE_200")
            address = await api.get_order_address(order_id="TEST_CASE_200")
            return chosen, order, address

    chosen, order, address = asyncio.run(run())

    assert chosen is expected
    assert order.payload.amazon_order_id == "902-1845936-5435065"
    assert address.payload.shipping_address is not None


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda c: SellerCentral(c, http="aiohttp"), "AsyncSellerCentral"),
        (lambda c: AsyncSellerCentral(c, http="aiohttp", transport=httpx.AsyncHTTPTransport()), "transport="),
        (lambda c: AsyncSellerCentral(c, http="curl"), "'httpx' or 'aiohttp'"),
    ],
)
def test_a_wrong_http_choice_is_refused_when_built(sandbox, build, words):
    """aiohttp on the sync client, beside a transport, or an unknown name: ConfigurationError at once."""
    with pytest.raises(ConfigurationError, match=words):
        build(connection(sandbox))


def test_asking_for_aiohttp_without_it_installed_says_which_extra(sandbox, monkeypatch):
    """Without aiohttp, http="aiohttp" names the [speedups] extra instead of falling back silently."""
    monkeypatch.setattr(aiohttp_transport, "available", lambda: False)

    with pytest.raises(ConfigurationError, match=r"seller-central\[speedups\]"):
        AsyncSellerCentral(connection(sandbox), http="aiohttp")


def test_a_response_keeps_status_headers_and_gzip_decoded_body(sandbox):
    """Status, headers and a gzip body come back through httpx exactly as its own transport gives them."""
    payload = b'{"hello": "world"}'

    async def run():
        async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
            put = await client.put(
                f"{sandbox.url}/_documents/aiohttp-doc",
                content=gzip.compress(payload),
                headers={"content-type": "application/json", "content-encoding": "gzip"},
            )
            got = await client.get(f"{sandbox.url}/_documents/aiohttp-doc")
            return put, got

    put, got = asyncio.run(run())

    assert put.status_code == 200
    assert got.status_code == 200
    assert got.headers["content-encoding"] == "gzip"
    assert got.content == payload


def test_a_refused_connection_is_httpx_connect_error():
    """Nothing listening maps to httpx.ConnectError, which the retry layer knows was never sent."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def run():
        async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
            await client.get(f"http://127.0.0.1:{port}/")

    with pytest.raises(httpx.ConnectError):
        asyncio.run(run())


def test_clients_sharing_one_transport_leave_it_open_for_each_other(sandbox):
    """Closing one client that borrowed a shared pool does not close the pool under the others."""

    async def run():
        shared = AiohttpTransport()
        async with AsyncSellerCentral(connection(sandbox), transport=shared) as first:
            await first.get_order(order_id="TEST_CASE_200")
        async with AsyncSellerCentral(connection(sandbox), transport=shared) as second:
            order = await second.get_order(order_id="TEST_CASE_200")
        await shared.aclose()
        return order

    assert asyncio.run(run()).payload.amazon_order_id == "902-1845936-5435065"
