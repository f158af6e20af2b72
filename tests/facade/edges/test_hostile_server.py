"""A hostile server: every action, answered with what SP-API's models do not document, raises a typed error.

The fake answers every SP-API operation an action calls with one of: a redirect (301, 302, 307) to another
host, a ``null`` body, an HTML page, a 204 where a body is documented, a success status the model does not
list, a truncated JSON body, or an error body that echoes every secret. For each the action (sync and async,
and every step of the multi-step feed flows) raises a :class:`~seller_central.errors.SellerCentralError`
of the right type, never follows the redirect, and no secret appears in the error's ``str``, ``repr``,
``args``, fields, formatted traceback or pickled bytes. The same holds for the CLI's output, run against a
local HTTP server that answers the same way.

The bodies echo the client's own secrets (client secret, refresh token, the access token and RDT the fakes
issued, none of them shaped like Amazon's tokens, so only the client's knowledge of them can hide them) and
token-shaped strings nobody registered.
"""

from __future__ import annotations

import asyncio
import http.server
import json
import pickle
import threading
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from click.testing import CliRunner
from seller_central import actions, errors, operations
from seller_central.cli.app import EXIT_API_ERROR, cli
from seller_central.cli.params import _kind
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection

from tests.facade.test_action_mapping import INPUTS

ENDPOINT = "https://sellingpartnerapi-na.amazon.com"
SP_HOST = "sellingpartnerapi-na.amazon.com"
TOKEN_URL = "https://api.amazon.com/auth/o2/token"
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
UPLOAD_URL = "https://tortuga-prod-na.s3-external-1.amazonaws.com/doc-in"
EVIL_HOST = "evil.example"
REQUEST_ID = "hostile-request-1"

# The client's own secrets: plain strings, so that only the client's knowledge of them can redact them.
CLIENT_SECRET = "hostile-client-secret-7f3a9c15"
REFRESH_TOKEN = "hostile-refresh-token-51bd02e8"
ACCESS_TOKEN = "hostile-access-token-c0ffee42"
RDT = "hostile-restricted-data-token-9e8d7c6b"
# Token-shaped strings that belong to nobody this client knows.
FOREIGN = (
    "Atza|someone-elses-access-token",
    "Atzr|someone-elses-refresh-token",
    "amzn1.oa2-cs.v1.0123456789abcdef",
)
SECRETS = (CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, RDT, *FOREIGN)


def echo(*, rdt_issued: bool) -> str:
    """Every secret this client knows by now (the RDT once the fake has issued it), and the foreign ones."""
    known = [secret for secret in SECRETS if secret != RDT or rdt_issued]
    return " ".join(f"[{secret}]" for secret in known)


REDIRECTS = ("redirect_301", "redirect_302", "redirect_307")
CASES = (*REDIRECTS, "null", "html", "no_content", "undocumented", "truncated", "secret_echo")

SUBMIT = {
    "feed_type": "JSON_LISTINGS_FEED",
    "marketplace_ids": ["ATVPDKIKX0DER"],
    "content": "{}",
    "content_type": "application/json; charset=UTF-8",
}
FEED = {
    "feedId": "F1", "feedType": "JSON_LISTINGS_FEED", "createdTime": "2026-11-01T00:00:00Z",
    "processingStatus": "DONE", "resultFeedDocumentId": "doc-report",
}  # fmt: skip
#: Good answers for the steps of the feed flows that are not the hostile one.
GOOD: dict[str, Callable[[], httpx.Response]] = {
    "feeds_2021_06_30.createFeedDocument": lambda: httpx.Response(
        201, json={"feedDocumentId": "doc-in", "url": UPLOAD_URL}
    ),
    "feeds_2021_06_30.createFeed": lambda: httpx.Response(202, json={"feedId": "F1"}),
    "feeds_2021_06_30.getFeed": lambda: httpx.Response(200, json=FEED),
    "feeds_2021_06_30.getFeedDocument": lambda: httpx.Response(
        200, json={"feedDocumentId": "doc-report", "url": f"{UPLOAD_URL}-report"}
    ),
}


# -- what runs: every action, and each step of the multi-step flows -------------------------------------


def _operation_of(name: str) -> str:
    operation = actions.get(name).operation
    assert operation is not None
    return operation


#: (id, action, inputs, the operation answered with hostility). Every action of the catalog that calls
#: SP-API appears here; Upload Feed Document calls only the presigned URL (see its own test below).
RUNS: list[tuple[str, str, dict[str, Any], str]] = [
    *[(name, name, inputs, _operation_of(name)) for name, inputs in sorted(INPUTS.items())],
    ("raw_request GET", "raw_request", {"url": "/orders/v0/orders/902-3159896-1390916", "method": "GET"},
     "orders_v0.getOrder"),
    ("raw_request POST", "raw_request",
     {"url": "/feeds/2021-06-30/feeds", "method": "POST",
      "data": {"feedType": "JSON_LISTINGS_FEED", "marketplaceIds": ["ATVPDKIKX0DER"], "inputFeedDocumentId": "d"}},
     "feeds_2021_06_30.createFeed"),
    ("download_feed_document", "download_feed_document", {"feed_document_id": "doc-report"},
     "feeds_2021_06_30.getFeedDocument"),
    ("submit_feed at createFeedDocument", "submit_feed", SUBMIT, "feeds_2021_06_30.createFeedDocument"),
    ("submit_feed at createFeed", "submit_feed", SUBMIT, "feeds_2021_06_30.createFeed"),
    ("submit_feed at getFeed", "submit_feed", {**SUBMIT, "wait": True, "poll_interval_seconds": 0.5},
     "feeds_2021_06_30.getFeed"),
    ("submit_feed at the report's getFeedDocument", "submit_feed",
     {**SUBMIT, "wait": True, "poll_interval_seconds": 0.5}, "feeds_2021_06_30.getFeedDocument"),
]  # fmt: skip


def _applies(case: str, operation: str) -> bool:
    # A 204 is a documented success of operations without a body (confirmShipment): not hostile there.
    return not (case == "no_content" and 204 in operations.module(operation).SUCCESS_STATUSES)


PARAMS = [
    pytest.param(name, inputs, operation, case, id=f"{run_id}-{case}")
    for run_id, name, inputs, operation in RUNS
    for case in CASES
    if _applies(case, operation)
]


def test_every_action_is_run_here():
    """A new action cannot escape the hostile server: each one is run above, or is Upload Feed Document."""
    assert {action.name for action in actions.catalog()} == {name for _, name, _, _ in RUNS} | {
        "upload_feed_document"
    }


# -- the hostile answers --------------------------------------------------------------------------------


def hostile(case: str, documented: dict[int, bool], *, rdt_issued: bool = False) -> httpx.Response:
    """Answer ``case`` to an operation whose documented success statuses are ``documented``."""
    echoed = echo(rdt_issued=rdt_issued)
    with_body = [status for status, has_body in sorted(documented.items()) if has_body]
    status = with_body[0] if with_body else 200  # a 204 has no body on the wire, whatever one sends
    headers = {"x-amzn-RequestId": REQUEST_ID}
    if case in REDIRECTS:
        location = f"https://{EVIL_HOST}/collect?token={ACCESS_TOKEN}"
        return httpx.Response(
            int(case[-3:]), headers={**headers, "Location": location}, text=f"Moved to {location} {echoed}"
        )
    if case == "null":
        return httpx.Response(
            status, headers={**headers, "content-type": "application/json"}, content=b"null"
        )
    if case == "html":
        page = f"<html><body>Please sign in {echoed}</body></html>"
        return httpx.Response(status, headers={**headers, "content-type": "text/html"}, text=page)
    if case == "no_content":
        return httpx.Response(204, headers=headers)
    if case == "undocumented":
        undocumented = next(code for code in (202, 200, 201, 203) if code not in documented)
        return httpx.Response(undocumented, headers=headers, json={"payload": {}, "note": echoed})
    if case == "truncated":
        cut = f'{{"payload": {{"note": "{echoed}'.encode()
        return httpx.Response(status, headers={**headers, "content-type": "application/json"}, content=cut)
    assert case == "secret_echo"
    body = {"errors": [{"code": "InvalidInput", "message": f"Rejected {ACCESS_TOKEN}", "details": echoed}]}
    return httpx.Response(400, headers=headers, json=body)


class HostileWire:
    """SP-API and LWA behind httpx.MockTransport; ``target`` gets the hostile answer, the rest good ones."""

    def __init__(self, case: str, target: str) -> None:
        self.case = case
        self.target = target
        self.hosts: list[str] = []
        self.rdt_issued = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        if str(request.url).startswith(TOKEN_URL):
            return httpx.Response(
                200, json={"access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": 3600}
            )
        if request.url.host != SP_HOST:  # the presigned document URLs
            request.read()
            return httpx.Response(200, content=b"" if request.method == "PUT" else b'{"report": 1}')
        if request.url.path == RDT_PATH:
            self.rdt_issued = True
            return httpx.Response(200, json={"restrictedDataToken": RDT, "expiresIn": 3600})
        operation = operations.find(request.method, request.url.path)
        assert operation is not None, f"{request.method} {request.url.path}"
        if operation.key == self.target:
            documented = operations.module(operation.key).SUCCESS_STATUSES
            return hostile(self.case, documented, rdt_issued=self.rdt_issued)
        return GOOD[operation.key]()


def connection() -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.hostile",
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        endpoint=ENDPOINT,
        token_url=TOKEN_URL,
    )


def call(mode: str, wire: HostileWire, name: str, inputs: dict[str, Any]) -> Any:
    transport = httpx.MockTransport(wire.handler)
    if mode == "sync":
        with SellerCentral(connection(), transport=transport, sleep=lambda _s: None) as client:
            return getattr(client, name)(**inputs)

    async def no_sleep(_seconds: float) -> None:
        return None

    async def run() -> Any:
        async with AsyncSellerCentral(connection(), transport=transport, sleep=no_sleep) as client:
            return await getattr(client, name)(**inputs)

    return asyncio.run(run())


# -- what every error must be ---------------------------------------------------------------------------


def may_change_state(operation: str) -> bool:
    """PUT/PATCH/DELETE, and POSTs the operation table does not call idempotent (reads sent as POST)."""
    row = operations.get(operation)
    return row.method in ("PUT", "PATCH", "DELETE") or (row.method == "POST" and not row.idempotent)


def assert_typed(error: errors.SellerCentralError, case: str, operation: str) -> None:
    if case == "secret_echo":
        assert isinstance(error, errors.BadRequestError)
        assert error.status_code == 400
        return
    assert isinstance(error, errors.UnexpectedResponseError), repr(error)
    assert error.operation == operation
    assert error.request_id == REQUEST_ID
    if case in REDIRECTS:
        assert error.status_code == int(case[-3:])
    if may_change_state(operation):
        assert isinstance(error, errors.AmbiguousResultError), repr(error)
        assert "may or may not have been applied" in str(error)
    else:
        assert not isinstance(error, errors.AmbiguousResultError), repr(error)


def assert_no_secret(error: BaseException) -> None:
    """No secret in str, repr, args, any field, the formatted traceback (causes included) or the pickle."""
    shown = [
        str(error),
        repr(error),
        repr(error.args),
        repr(vars(error)),
        "".join(traceback.format_exception(error)),
    ]
    if isinstance(error, errors.APIError):
        shown.append(json.dumps(error.to_dict()))
    pickled = pickle.dumps(error)
    for secret in SECRETS:
        for text in shown:
            assert secret not in text, text
        assert secret.encode() not in pickled
    restored = pickle.loads(pickled)  # noqa: S301 (our own bytes)
    assert type(restored) is type(error)
    assert str(restored) == str(error)


# -- the client ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("name", "inputs", "operation", "case"), PARAMS)
def test_hostile_answer_raises_a_typed_error_without_secrets(mode, name, inputs, operation, case):
    """Every action, and every step of the feed flows, raises a typed error that shows no secret."""
    wire = HostileWire(case, operation)

    with pytest.raises(errors.SellerCentralError) as caught:
        call(mode, wire, name, inputs)

    assert_typed(caught.value, case, operation)
    assert_no_secret(caught.value)
    assert EVIL_HOST not in wire.hosts  # a redirect is never followed


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("case", [*REDIRECTS, "secret_echo"])
def test_upload_feed_document_refuses_a_hostile_document_host(mode, case):
    """The presigned upload (the one action that calls no SP-API operation) raises on a redirect or error."""

    class Documents(HostileWire):
        def handler(self, request: httpx.Request) -> httpx.Response:
            self.hosts.append(request.url.host)
            return hostile(self.case, {200: False})

    wire = Documents(case, "")
    with pytest.raises(errors.APIError) as caught:
        call(
            mode, wire, "upload_feed_document", {"url": UPLOAD_URL, "content_type": "text/plain", "data": "x"}
        )

    assert_no_secret(caught.value)
    assert EVIL_HOST not in wire.hosts


# -- the CLI, against a local HTTP server ----------------------------------------------------------------


class _Server(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.case = "null"
        self.target = ""
        self.paths: list[str] = []
        self.rdt_issued = False


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def _send(self, response: httpx.Response) -> None:
        content = response.content
        self.send_response(response.status_code)
        for name, value in response.headers.items():
            if name.lower() not in ("content-length", "location"):
                self.send_header(name, value)
        if "location" in response.headers:
            # Still another host's URL, but one this server would see if a client followed it.
            self.send_header("Location", f"{self.server.url}/evil?token={ACCESS_TOKEN}")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = urlsplit(self.path).path
        self.server.paths.append(path)
        if path == "/auth/o2/token":
            token = {"access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": 3600}
            self._send(httpx.Response(200, json=token))
        elif path == RDT_PATH:
            self.server.rdt_issued = True
            self._send(httpx.Response(200, json={"restrictedDataToken": RDT, "expiresIn": 3600}))
        elif path.startswith("/upload/") or path == "/evil":
            self._send(httpx.Response(200))
        else:
            operation = operations.find(self.command, path)
            assert operation is not None
            if operation.key == self.server.target:
                documented = operations.module(operation.key).SUCCESS_STATUSES
                self._send(hostile(self.server.case, documented, rdt_issued=self.server.rdt_issued))
            elif operation.key == "feeds_2021_06_30.createFeedDocument":
                self._send(
                    httpx.Response(201, json={"feedDocumentId": "d", "url": f"{self.server.url}/upload/d"})
                )
            else:
                self._send(GOOD[operation.key]())

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


def argv(name: str, inputs: dict[str, Any]) -> list[str]:
    """The command line of an action with these inputs (the CLI's own option rules, see cli/params.py)."""
    action = actions.get(name)
    out = [action.group, action.command]
    for info in action.inputs:
        if info.key not in inputs:
            continue
        value = inputs[info.key]
        kind = _kind(info.annotation)
        if info.positional:
            out.append(str(value))
        elif kind == "bool":
            out.append(f"--{info.key.replace('_', '-')}" if value else f"--no-{info.key.replace('_', '-')}")
        elif kind == "list":
            out += [f"--{info.key.replace('_', '-')}", ",".join(map(str, value))]
        elif kind == "json" or isinstance(value, dict | list):
            out += [f"--{info.key.replace('_', '-')}", json.dumps(value)]
        else:
            out += [f"--{info.key.replace('_', '-')}", str(value)]
    return out


CLI_PARAMS = [
    pytest.param(name, inputs, operation, case, id=f"{run_id}-{case}")
    for run_id, name, inputs, operation in RUNS
    for case in CASES
    if _applies(case, operation) and not (name == "submit_feed" and inputs.get("wait"))
]


@pytest.mark.xdist_group("cli")
@pytest.mark.parametrize(("name", "inputs", "operation", "case"), CLI_PARAMS)
def test_cli_reports_a_hostile_answer_as_an_error_without_secrets(  # noqa: PLR0917 (fixtures and parameters)
    server, monkeypatch, tmp_path, name, inputs, operation, case
):
    """The CLI exits with the API-error code, names the operation and status, and prints no result,
    no traceback and no secret."""
    monkeypatch.setattr("time.sleep", lambda _s: None)  # the retries of an idempotent operation's bad body
    if name == "submit_feed":  # the content argument is a file
        (tmp_path / "feed.json").write_text(inputs["content"], encoding="utf-8")
        inputs = {**inputs, "content": str(tmp_path / "feed.json")}
    server.case, server.target, server.paths, server.rdt_issued = case, operation, [], False
    env = {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.hostile",
        "SP_API_CLIENT_SECRET": CLIENT_SECRET,
        "SP_API_REFRESH_TOKEN": REFRESH_TOKEN,
        "SP_API_ENDPOINT": server.url,
        "SP_API_TOKEN_URL": f"{server.url}/auth/o2/token",
        "SP_API_SCOPES": "",
        "PYTHONWARNINGS": "ignore",
    }

    result = CliRunner().invoke(cli, argv(name, inputs), env=env, catch_exceptions=False)

    assert result.exit_code == EXIT_API_ERROR, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    status = hostile(case, operations.module(operation).SUCCESS_STATUSES).status_code
    assert f"error: {operation}: HTTP {status}" in result.stderr  # the operation and the status it got
    for secret in SECRETS:
        assert secret not in result.stdout + result.stderr
    assert "/evil" not in server.paths
