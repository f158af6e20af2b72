"""One setting to the local sandbox: ``sandbox="local"``, ``local_sandbox()``, ``SP_API_SANDBOX=local``, ``--sandbox=local``.

Each form finds a running local sandbox (the endpoint given, ``SP_API_ENDPOINT``, the default port) or starts one
in the process and stops it with the last client, and needs no credentials.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner
from seller_central import AsyncSellerCentral, OAuthConnection, SellerCentral, local_sandbox
from seller_central.cli.app import cli
from seller_central.connection import connection_from_env
from seller_central.errors import ConfigurationError
from seller_central.sandbox import SandboxServer

pytestmark = pytest.mark.xdist_group("local-sandbox")

ORDER = "TEST_CASE_200"


def _free_url() -> str:
    """A loopback URL nothing listens on (a port just released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _answers(url: str) -> bool:
    try:
        httpx.get(f"{url}/auth/o2/token", timeout=1)
    except httpx.TransportError:
        return False
    return True


def _get_order(api: SellerCentral) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Orders v0 is deprecated; the call is the point
        return str(api.get_order(order_id=ORDER).payload.amazon_order_id)


@pytest.fixture
def nothing_running(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SP_API_* settings and no sandbox on the default port (another on this machine must not count)."""
    for name in (
        "SP_API_ENDPOINT",
        "SP_API_TOKEN_URL",
        "SP_API_SANDBOX",
        "SP_API_CLIENT_ID",
        "SP_API_CLIENT_SECRET",
        "SP_API_REFRESH_TOKEN",
        "SP_API_SCOPES",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(local_sandbox, "DEFAULT_URL", _free_url())


@pytest.fixture
def running() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


class TestLibrary:
    @pytest.mark.usefixtures("nothing_running")
    def test_local_sandbox_starts_one_and_stops_it_with_the_client(self) -> None:
        api = SellerCentral.local_sandbox()
        url = api.connection.base_url
        assert url.startswith("http://127.0.0.1:")
        assert api.connection.token_url == f"{url}/auth/o2/token"
        assert _get_order(api) == "902-1845936-5435065"
        assert _answers(url)
        api.close()
        assert not _answers(url)  # the in-process sandbox stopped with its last client

    def test_connection_needs_no_credentials_and_keeps_given_ones(self, running: SandboxServer) -> None:
        placeholder = OAuthConnection(sandbox="local", endpoint=running.url)
        assert placeholder.client_id == local_sandbox.PLACEHOLDER_CLIENT_ID
        assert placeholder.is_sandbox
        assert placeholder.token_url == running.token_url
        mine = OAuthConnection(
            sandbox="local", endpoint=running.url, client_id="amzn1.application-oa2-client.me"
        )
        assert mine.client_id == "amzn1.application-oa2-client.me"
        with SellerCentral(placeholder) as api:
            assert _get_order(api) == "902-1845936-5435065"
        assert _answers(running.url)  # a sandbox this process did not start is left running

    @pytest.mark.usefixtures("nothing_running")
    def test_finds_the_sandbox_on_the_default_port(
        self, running: SandboxServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(local_sandbox, "DEFAULT_URL", running.url)
        running.clear_requests()
        with SellerCentral.local_sandbox() as api:
            assert api.connection.base_url == running.url
            _get_order(api)
        assert any(r.path == f"/orders/v0/orders/{ORDER}" for r in running.requests)

    @pytest.mark.usefixtures("nothing_running")
    def test_follows_sp_api_endpoint_as_printed_by_serve(
        self, running: SandboxServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SP_API_ENDPOINT", running.url)
        assert OAuthConnection(sandbox="local").base_url == running.url

    def test_from_env_reads_sp_api_sandbox_local(self, running: SandboxServer) -> None:
        connection = connection_from_env({"SP_API_SANDBOX": "local", "SP_API_ENDPOINT": running.url})
        assert isinstance(connection, OAuthConnection)
        assert (connection.sandbox, connection.base_url) == ("local", running.url)

    @pytest.mark.usefixtures("nothing_running")
    def test_a_second_client_restarts_the_stopped_sandbox(self) -> None:
        connection = OAuthConnection(sandbox="local")
        with SellerCentral(connection) as first:
            _get_order(first)
        assert not _answers(connection.base_url)
        with SellerCentral(connection) as second:
            assert _get_order(second) == "902-1845936-5435065"

    @pytest.mark.usefixtures("nothing_running")
    def test_async_local_sandbox(self) -> None:
        async def main() -> tuple[str, str]:
            async with AsyncSellerCentral.local_sandbox() as api:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    order = await api.get_order(order_id=ORDER)
                return api.connection.base_url, str(order.payload.amazon_order_id)

        url, order_id = asyncio.run(main())
        assert order_id == "902-1845936-5435065"
        assert not _answers(url)

    def test_a_non_loopback_endpoint_is_refused(self) -> None:
        with pytest.raises(ConfigurationError, match="loopback"):
            OAuthConnection(sandbox="local", endpoint="https://sellingpartnerapi-eu.amazon.com")

    def test_sandbox_takes_local_or_amazon(self) -> None:
        amazon = OAuthConnection(sandbox="amazon", client_id="a", client_secret="b", refresh_token="Atzr|c")
        assert amazon.base_url == "https://sandbox.sellingpartnerapi-na.amazon.com"
        with pytest.raises(ConfigurationError, match="sandbox must be 'local'"):
            OAuthConnection(sandbox="nearby", client_id="a", client_secret="b", refresh_token="Atzr|c")


class TestCommandLine:
    @pytest.mark.usefixtures("nothing_running")
    def test_sandbox_local_needs_nothing_else(self) -> None:
        result = CliRunner().invoke(cli, ["--sandbox=local", "orders", "get", "--order-id", ORDER], env={})
        assert result.exit_code == 0, result.output
        assert '"AmazonOrderId": "902-1845936-5435065"' in result.output

    @pytest.mark.usefixtures("nothing_running")
    def test_sandbox_space_local_uses_the_running_one(self, running: SandboxServer) -> None:
        running.clear_requests()
        result = CliRunner().invoke(
            cli,
            ["--sandbox", "local", "orders", "get", "--order-id", ORDER],
            env={"SP_API_ENDPOINT": running.url},
        )
        assert result.exit_code == 0, result.output
        assert any(r.path == f"/orders/v0/orders/{ORDER}" for r in running.requests)

    @pytest.mark.usefixtures("nothing_running")
    def test_the_environment_line_alone(self, running: SandboxServer) -> None:
        env = {"SP_API_SANDBOX": "local", "SP_API_ENDPOINT": running.url}
        result = CliRunner().invoke(cli, ["orders", "get", "--order-id", ORDER], env=env)
        assert result.exit_code == 0, result.output

    def test_plain_sandbox_is_still_a_flag_for_amazons_host(self) -> None:
        env = {"SP_API_CLIENT_ID": "a", "SP_API_CLIENT_SECRET": "b", "SP_API_REFRESH_TOKEN": "Atzr|c"}
        result = CliRunner().invoke(
            cli,
            ["--sandbox", "--endpoint", "http://127.0.0.1:9", "orders", "get", "--order-id", ORDER],
            env=env,
        )
        assert "No such command" not in result.output
        assert result.exit_code == 1  # a sandbox test value passed the checks; nothing listens there

    def test_a_bad_sandbox_value_is_a_usage_error(self) -> None:
        result = CliRunner().invoke(cli, ["--sandbox=elsewhere", "actions"])
        assert result.exit_code == 2
        assert "--sandbox takes no value or 'local'" in result.output

    def test_serve_prints_the_one_line_to_use(self) -> None:
        process = subprocess.Popen(
            [sys.executable, "-m", "seller_central.cli", "sandbox", "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(7)]
        finally:
            process.terminate()
            process.wait(timeout=10)
        url = lines[0].split()[-1]
        export = next(line.strip() for line in lines if line.strip().startswith("export "))
        assert export == f"export SP_API_SANDBOX=local SP_API_ENDPOINT={url}"
        assert any("--sandbox=local" in line for line in lines)


@pytest.mark.usefixtures("nothing_running")
def test_the_lease_outlives_a_closed_view() -> None:
    """Closing a with_options view closes the client; the lease is released once, not twice."""
    api = SellerCentral.local_sandbox()
    url = api.connection.base_url
    view = api.with_options(timeout=5)
    view.close()
    api.close()
    assert not _answers(url)
