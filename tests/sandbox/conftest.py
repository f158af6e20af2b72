"""Fixtures for the local sandbox tests: one server per module, a client on it, and tokens from its LWA."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from seller_central.sandbox import SandboxServer


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as running:
        yield running


@pytest.fixture(scope="module")
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


@pytest.fixture(scope="module")
def seller_token(client: httpx.Client) -> str:
    form = {
        "grant_type": "refresh_token",
        "refresh_token": "Atzr|newcomer",
        "client_id": "app",
        "client_secret": "s",
    }
    return str(client.post("/auth/o2/token", data=form).json()["access_token"])
