"""Shared fixtures of the reliability unit tests: a simulated clock, and sync/async sending."""

from __future__ import annotations

import asyncio

import httpx
import pytest


class FakeClock:
    """A clock that only moves when someone sleeps on it."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _send(mode: str, transport: httpx.BaseTransport | httpx.AsyncBaseTransport, request: httpx.Request):
    if mode == "sync":
        assert isinstance(transport, httpx.BaseTransport)
        response = transport.handle_request(request)
        response.read()
        return response

    async def go():
        assert isinstance(transport, httpx.AsyncBaseTransport)
        response = await transport.handle_async_request(request)
        await response.aread()
        return response

    return asyncio.run(go())


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def send(mode: str):
    """Send a request through a transport the sync or the async way (the test runs once for each)."""

    def go(
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport, request: httpx.Request
    ) -> httpx.Response:
        return _send(mode, transport, request)

    return go
