"""Fixtures for the workflow tests: one local sandbox per module, and a runner for either client."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from seller_central import AsyncSellerCentral, OAuthConnection, SellerCentral
from seller_central.sandbox import SandboxServer

if TYPE_CHECKING:
    from seller_central.reports import ReportResult


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as running:
        yield running


class Runner:
    """Runs a client method on the sync or the async client, recording the pauses instead of sleeping."""

    def __init__(self, server: SandboxServer, kind: str) -> None:
        self.server = server
        self.kind = kind
        self.sleeps: list[float] = []
        self.connection = OAuthConnection(
            client_id="amzn1.application-oa2-client.reports",
            client_secret="reports-secret",
            refresh_token="Atzr|reports-refresh",
            endpoint=server.url,
            token_url=server.token_url,
            is_sandbox=True,
        )

    def __call__(self, method: str, **options: Any) -> Any:
        if self.kind == "sync":
            with SellerCentral(self.connection, sleep=self.sleeps.append) as api:
                return getattr(api, method)(**options)

        async def pause(seconds: float) -> None:
            self.sleeps.append(seconds)

        async def run() -> Any:
            async with AsyncSellerCentral(self.connection, sleep=pause) as api:
                return await getattr(api, method)(**options)

        return asyncio.run(run())

    def cancel(self, report_id: str) -> None:
        with SellerCentral(self.connection) as api:
            api.reports_2021_06_30.cancel_report(report_id=report_id)

    def stored(self, report: ReportResult) -> bytes:
        """The document's bytes as the sandbox serves them (GZIP stays GZIP)."""
        return httpx.get(str(report.document.url), timeout=10).content


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, server: SandboxServer) -> Runner:
    return Runner(server, request.param)
