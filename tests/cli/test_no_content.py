"""Issue 17: one rule for a success without content, for every action, ``call`` and Raw Request.

The rule (README, "Command line quick start"): JSON output prints ``{}``, table output prints nothing on
stdout, and ``<label>: done (no content)`` goes to stderr; ``--all-pages`` with no items prints ``[]`` (JSON)
or nothing (table), and the count on stderr. A scripted server answers every SP-API request with the status
the test sets and an empty body (the LWA token endpoint with a token).
"""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any

import pytest
from click.testing import CliRunner
from seller_central import operations
from seller_central.cli.app import cli

pytestmark = pytest.mark.xdist_group("cli")


class _Server(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.status = 204
        self.body: Any = None  # None: an empty body
        self.sent: list[tuple[str, str]] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/auth/o2/token":
            status, data = (
                200,
                json.dumps({"access_token": "Atza|nc", "token_type": "bearer", "expires_in": 3600}),
            )
        else:
            self.server.sent.append((self.command, self.path.split("?")[0]))
            status, data = (
                self.server.status,
                "" if self.server.body is None else json.dumps(self.server.body),
            )
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data.encode())

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer  # noqa: N815 (http.server's names)

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture(scope="module")
def server():
    server = _Server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def run(server: _Server, *args: str):
    env = {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.nc",
        "SP_API_CLIENT_SECRET": "nc-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|nc-refresh",
        "SP_API_ENDPOINT": server.url,
        "SP_API_TOKEN_URL": f"{server.url}/auth/o2/token",
        "PYTHONWARNINGS": "ignore",
    }
    server.sent.clear()
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


#: A value each parameter type accepts (the server answers whatever is sent).
_VALUES = {"string": "X1", "array of string": "X1", "boolean": "true", "date-time": "2026-11-01T00:00:00Z",
           "date": "2026-11-01", "integer": "1", "int32": "1", "int64": "1", "number": "1.5"}  # fmt: skip


def _no_body_successes() -> list[tuple[str, int]]:
    """Every (operation, status) whose documented success has no body: the generated SUCCESS_STATUSES."""
    return [
        (operation.key, status)
        for operation in operations.all_operations()
        for status, has_body in operations.module(operation.key).SUCCESS_STATUSES.items()
        if not has_body
    ]


def _call_args(key: str) -> list[str]:
    described = operations.describe(key)
    args = ["call", key]
    for parameter in described["parameters"]:
        if parameter["required"]:
            value = (parameter.get("enum") or [_VALUES[parameter["type"]]])[0]
            args += ["-p", f"{parameter['name']}={value}"]
    if described["body"]:
        args += ["--body", "{}"]
    return args


NO_BODY = _no_body_successes()  # 31 operations, and 7 more whose 204 has no body


@pytest.mark.parametrize(("key", "status"), NO_BODY, ids=[f"{key}-{status}" for key, status in NO_BODY])
def test_call_prints_an_empty_object_for_every_no_body_success(server, key, status):
    """`call KEY` of an operation whose success has no body: `{}` on stdout, the note on stderr."""
    server.status, server.body = status, None

    result = run(server, *_call_args(key))

    assert result.exit_code == 0, result.stderr
    assert len(server.sent) == 1
    assert result.stdout == "{}\n"
    assert f"{key}: done (no content)" in result.stderr


@pytest.mark.parametrize(("key", "status"), NO_BODY[:: max(1, len(NO_BODY) // 6)])
def test_call_prints_nothing_on_stdout_in_table_output(server, key, status):
    """The same in table output: nothing on stdout (not an empty line), the note on stderr."""
    server.status, server.body = status, None

    result = run(server, "-o", "table", *_call_args(key))

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"{key}: done (no content)" in result.stderr


CONFIRM = [
    "orders", "confirm-shipment", "--order-id", "902-3159896-1390916", "--marketplace-id", "ATVPDKIKX0DER",
    "--package-reference-id", "1", "--carrier-code", "UPS", "--tracking-number", "1Z999",
    "--ship-date", "2026-11-01T00:00:00Z", "--order-items", '[{"orderItemId": "79039765272157", "quantity": 1}]',
]  # fmt: skip
CANCEL = ["feeds", "cancel", "--feed-id", "F1"]


@pytest.mark.parametrize(
    ("args", "status", "label"),
    [(CONFIRM, 204, "Confirm Order Shipment"), (CANCEL, 200, "Cancel Feed")],
    ids=["confirm-shipment", "feeds-cancel"],
)
@pytest.mark.parametrize("output", ["json", "table"])
def test_every_no_body_action_follows_the_rule(server, args, status, label, output):
    """The two actions whose operation answers without a body print as `call` does."""
    server.status, server.body = status, None

    result = run(server, "-o", output, *args)

    assert result.exit_code == 0, result.stderr
    assert len(server.sent) == 1
    assert result.stdout == ("{}\n" if output == "json" else "")
    assert f"{label}: done (no content)" in result.stderr


@pytest.mark.parametrize("body", [None, {}], ids=["empty-body", "empty-object"])
@pytest.mark.parametrize("output", ["json", "table"])
def test_raw_request_follows_the_rule(server, body, output):
    """Raw Request answered with no body, or with `{}`, prints what `call` prints for that operation."""
    server.status, server.body = 200, body

    result = run(
        server, "-o", output, "raw", "request", "--url", "/feeds/2021-06-30/feeds/F1", "--method", "DELETE"
    )

    assert result.exit_code == 0, result.stderr
    assert server.sent == [("DELETE", "/feeds/2021-06-30/feeds/F1")]
    assert result.stdout == ("{}\n" if output == "json" else "")
    assert "Raw Request: done (no content)" in result.stderr


def test_an_empty_response_model_counts_as_no_content(server):
    """deleteSubscriptionById answers `{}` (its model holds only errors): the same `{}` and note."""
    server.status, server.body = 200, {}

    result = run(server, "notifications", "delete-subscription", "--notification-type", "ANY_OFFER_CHANGED",
                 "--subscription-id", "S1")  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "{}\n"
    assert "done (no content)" in result.stderr


@pytest.mark.parametrize(("output", "stdout"), [("json", "[]\n"), ("table", "")])
def test_all_pages_with_no_items(server, output, stdout):
    """--all-pages over a listing with no items: `[]` (JSON) or nothing (table); the count on stderr."""
    server.status, server.body = 200, {"feeds": []}

    result = run(server, "-o", output, "feeds", "list", "--feed-types", "POST_PRODUCT_DATA", "--all-pages")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == stdout
    assert "0 item(s) from 1 page(s)" in result.stderr
