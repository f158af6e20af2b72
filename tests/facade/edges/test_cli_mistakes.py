"""The CLI's answer to user mistakes and failures (issue 14, item 15).

A user mistake (a missing @FILE, a busy or invalid port, an unwritable --target, a bad endpoint, a yes/no
variable that is no yes/no word) exits 2 with a short message naming the problem; a network or API failure
exits 1 with a one-line summary (and the request id when Amazon sent one). Never a traceback.
"""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from seller_central.cli.app import EXIT_API_ERROR, EXIT_BAD_INPUT, cli, main
from seller_central.sandbox import SandboxServer

pytestmark = pytest.mark.xdist_group("cli")

ORDER_ID = "902-3159896-1390916"  # a real-shaped order id: the input checks let it through
LOGIN = [
    "auth",
    "login",
    "--client-id",
    "c",
    "--client-secret",
    "s",
    "--application-id",
    "amzn1.sp.solution.a",
]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def env(sandbox: SandboxServer) -> dict[str, str]:
    return {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.edges",
        "SP_API_CLIENT_SECRET": "edges-cli-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|edges-cli-refresh",
        "SP_API_ENDPOINT": sandbox.url,
        "SP_API_TOKEN_URL": sandbox.token_url,
        "SP_API_SANDBOX": "true",
        "SP_API_SCOPES": "",
        "SP_API_ALLOW_CUSTOM_HOST": "",
        "PYTHONWARNINGS": "ignore",
    }


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port something already listens on."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def _assert_mistake(result: Result, *words: str) -> None:
    """Exit 2, no traceback, and one error line that names the problem."""
    assert result.exit_code == EXIT_BAD_INPUT, (result.exception, result.output)
    assert isinstance(result.exception, SystemExit), result.exception  # not an exception escaping the CLI
    assert "Traceback" not in result.output
    (line,) = [line for line in result.stderr.splitlines() if line.lower().startswith("error")]
    for word in words:
        assert word in line


def test_missing_at_file_is_a_mistake_naming_the_input_and_the_file(env, sandbox):
    """--patches @missing.json: exit 2 naming Patches and the file, and nothing is sent."""
    sandbox.clear_requests()

    result = _run(
        env, "listings", "update", "--seller-id", "S", "--sku", "K", "--marketplace-ids", "ATVPDKIKX0DER",
        "--product-type", "P", "--patches", "@missing.json",
    )  # fmt: skip

    _assert_mistake(result, "Patches", "missing.json")
    assert sandbox.requests == []


@pytest.mark.parametrize("target", ["folder", "/proc/seller-central-edges.out"])
def test_unwritable_target_is_a_mistake_before_the_download(env, sandbox, tmp_path, target):
    """--target that is a folder, or in a folder no file can be created in (even by root): exit 2, nothing sent."""
    path = tmp_path if target == "folder" else Path(target)
    sandbox.clear_requests()

    result = _run(
        env, "feeds", "download", "--feed-document-id", "0356cf79-b8b0-4226-b4b9-0ee058ea5760",
        "--target", str(path),
    )  # fmt: skip

    _assert_mistake(result, "Target")
    assert sandbox.requests == []


@pytest.mark.parametrize(
    "command",
    [["sandbox", "serve"], ["sandbox", "tour"], LOGIN],
    ids=["serve", "tour", "login"],
)
def test_invalid_port_is_a_usage_error(command):
    """--port 99999 is refused by the option itself (exit 2 naming --port), not an OverflowError from bind."""
    result = CliRunner().invoke(cli, [*command, "--port", "99999"])

    assert result.exit_code == EXIT_BAD_INPUT, result.exception
    assert isinstance(result.exception, SystemExit)
    assert "'--port'" in result.stderr


@pytest.mark.parametrize("command", [["sandbox", "tour"], [*LOGIN, "--timeout", "1"]], ids=["tour", "login"])
def test_busy_port_exits_2_with_one_line(command, busy_port, capsys):
    """A taken port: main() prints one line naming it and returns 2 (no OSError traceback)."""
    code = main([*command, "--port", str(busy_port)])

    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert err.count("\n") == 1
    assert f"127.0.0.1:{busy_port}" in err
    assert "Traceback" not in err


def test_serve_on_a_busy_port_exits_2_from_the_console_script(busy_port):
    """`sandbox serve --port <taken>` as a user runs it: one line and status 2 (main() once int()-ed the message)."""
    done = subprocess.run(  # noqa: S603 (our own CLI, fixed arguments)
        [sys.executable, "-m", "seller_central.cli", "sandbox", "serve", "--port", str(busy_port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )

    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"error: cannot listen on 127.0.0.1:{busy_port}: Address already in use"
    ]


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--endpoint", "http://[::1", ["SP-API Endpoint", "not a valid URL"]),
        ("--endpoint", "{sandbox}/orders", ["SP-API Endpoint", "path"]),
        ("--token-url", "http://user:pw@{host}/auth/o2/token", ["Token URL", "user info"]),
    ],
    ids=["malformed", "path", "user-info"],
)
def test_bad_endpoint_is_a_mistake_and_nothing_is_sent(env, sandbox, option, value, words):
    """A bad --endpoint or --token-url: exit 2 with the rule it breaks; no token request, no call."""
    value = value.format(sandbox=sandbox.url, host=sandbox.url.removeprefix("http://"))
    sandbox.clear_requests()

    result = _run(env, option, value, "orders", "get", "--order-id", ORDER_ID)

    _assert_mistake(result, *words)
    assert sandbox.requests == []


def test_allow_custom_host_flag_reaches_the_connection_and_login(env, busy_port):
    """--allow-custom-host lifts the host rule for commands and for auth login; without it both are refused.

    With the flag the next check speaks: the order id's (nothing is sent), or the busy redirect port's.
    """
    env = {**env, "SP_API_SANDBOX": "false"}
    proxy = [
        "--endpoint",
        "https://sp-proxy.example",
        "--token-url",
        "https://lwa-proxy.example/auth/o2/token",
    ]
    order = ["orders", "get", "--order-id", "not-an-order-id"]
    login = [*LOGIN, "--port", str(busy_port)]

    _assert_mistake(_run(env, *proxy, *order), "allow_custom_host")
    _assert_mistake(_run(env, "--allow-custom-host", *proxy, *order), "Order Id")
    _assert_mistake(_run(env, *proxy, *login), "allow_custom_host")
    _assert_mistake(_run(env, "--allow-custom-host", *proxy, *login), f"127.0.0.1:{busy_port}")


def test_yes_no_variable_that_is_no_yes_no_word_is_a_mistake(env, sandbox):
    """SP_API_SANDBOX=maybe: exit 2 naming the variable (it was read as false), and nothing is sent."""
    sandbox.clear_requests()

    result = _run({**env, "SP_API_SANDBOX": "maybe"}, "orders", "get", "--order-id", ORDER_ID)

    _assert_mistake(result, "SP_API_SANDBOX", "maybe")
    assert sandbox.requests == []


class _FailingApi(http.server.ThreadingHTTPServer):
    """LWA that issues tokens, and an SP-API that answers every call with a 400 whose message has a newline."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FailingHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class _FailingHandler(http.server.BaseHTTPRequestHandler):
    def _answer(self, status: int, body: object, **headers: str) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(200, {"access_token": "Atza|edges", "token_type": "bearer", "expires_in": 3600})

    def do_GET(self) -> None:
        error = {"code": "InvalidInput", "message": "Invalid order.\nCheck the id.", "details": ""}
        self._answer(400, {"errors": [error]}, **{"x-amzn-RequestId": "req-edges-1"})

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture
def failing_api() -> Iterator[_FailingApi]:
    server = _FailingApi()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_api_and_network_failures_exit_1_with_one_summary_line(env, failing_api):
    """An API error ends with one error line holding the summary and the request id; a network one too."""
    env = {**env, "SP_API_ENDPOINT": failing_api.url, "SP_API_SANDBOX": "false"}
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]

    api = _run(
        {**env, "SP_API_TOKEN_URL": f"{failing_api.url}/auth/o2/token"},
        "orders",
        "get",
        "--order-id",
        ORDER_ID,
    )
    network = _run(
        {**env, "SP_API_TOKEN_URL": f"http://127.0.0.1:{closed}/auth/o2/token"},
        "orders",
        "get",
        "--order-id",
        ORDER_ID,
    )

    for result in (api, network):
        assert result.exit_code == EXIT_API_ERROR, (result.exception, result.output)
        assert "Traceback" not in result.output
    *_, last = api.stderr.splitlines()
    assert last.startswith("error: orders_v0.getOrder: HTTP 400: InvalidInput: Invalid order. Check the id.")
    assert last.endswith("[request id req-edges-1]")
    (line,) = network.stderr.splitlines()
    assert line.startswith(
        f"error: Could not reach Login with Amazon at http://127.0.0.1:{closed}/auth/o2/token"
    )
