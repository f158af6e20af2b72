"""Secrets that reach an error by the back door: Amazon's error bodies and httpx's own messages.

- ``api_error_from_response`` keeps Amazon's ``errors[]`` and a body excerpt; an error body that echoes a
  token or the client secret must not carry it into ``str``, ``repr``, ``args``, ``to_dict`` or tracebacks.
- A token that is not a valid header value (a line break in it) makes the HTTP layer refuse the request:
  h11 quotes the value in its message (``Illegal header value b'...'``), aiohttp raises a bare
  ``ValueError``. Either way the caller gets a typed error showing no part of the token.
"""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
import traceback
from collections.abc import Iterator

import httpx
import pytest
from seller_central import errors
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection
from seller_central.errors import api_error_from_response
from seller_central.redact import redact_text, register_secret

REGISTERED = "edge-secrets-client-secret-5e6f"
SHAPED = ("Atza|edge-secrets-access", "Atzr|edge-secrets-refresh", "Atz.sprdt|edge-secrets-rdt")
ECHO = " ".join((REGISTERED, *SHAPED))


def everything_shown(error: BaseException) -> str:
    parts = [
        str(error),
        repr(error),
        repr(error.args),
        repr(vars(error)),
        "".join(traceback.format_exception(error)),
    ]
    if isinstance(error, errors.APIError):
        parts.append(json.dumps(error.to_dict()))
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (
            400,
            {"errors": [{"code": "InvalidInput", "message": f"bad {ECHO}", "details": ECHO}]},
            errors.BadRequestError,
        ),
        (
            403,
            {"errors": {"code": "Unauthorized", "message": f"token {SHAPED[0]} denied"}},
            errors.ForbiddenError,
        ),
        (500, {"message": f"no envelope {ECHO}"}, errors.ServerError),
    ],
    ids=["errors-list", "errors-object", "no-envelope"],
)
def test_api_error_from_response_redacts_an_echoing_body(status, body, cls):
    """Codes and messages stay readable; the echoed secrets are gone from every field and rendering."""
    register_secret(REGISTERED)
    response = httpx.Response(status, json=body, headers={"x-amzn-RequestId": "r-1"})

    error = api_error_from_response(response, operation="orders_v0.getOrders")

    assert type(error) is cls
    shown = everything_shown(error)
    for secret in (REGISTERED, *SHAPED):
        assert secret not in shown
    assert "<redacted>" in str(error)
    assert error.request_id == "r-1"


def test_an_html_error_page_excerpt_is_redacted():
    """The excerpt of a body that is not JSON (a proxy's page quoting the request) is redacted too."""
    register_secret(REGISTERED)
    page = f"<html>Request headers: x-amz-access-token: {SHAPED[0]} secret {REGISTERED}</html>"
    response = httpx.Response(502, text=page, headers={"content-type": "text/html"})

    error = api_error_from_response(response)

    assert isinstance(error, errors.UnexpectedResponseError)
    assert error.body is not None
    assert "Request headers" in error.body
    for secret in (REGISTERED, SHAPED[0]):
        assert secret not in everything_shown(error)


def test_a_registered_secret_is_redacted_where_a_message_escapes_it():
    """A secret with a control character is hidden in its repr'd forms too (as h11 quotes a header)."""
    secret = "edge-secret-with\nline-break-77"
    register_secret(secret)

    text = f"Illegal header value {secret.encode()!r}; as text {secret!r}"

    assert redact_text(text) == "Illegal header value b'<redacted>'; as text '<redacted>'"


# -- a token that is not a header value, through the real transports --------------------------------------

TOKEN_WITH_NEWLINE = "edge-plain-token-line-one\nX-Injected: edge-line-two"


class _Lwa(http.server.BaseHTTPRequestHandler):
    """Issues the broken token; answers anything else with an empty order (never reached)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._json({"access_token": TOKEN_WITH_NEWLINE, "token_type": "bearer", "expires_in": 3600})

    def do_GET(self) -> None:
        self._json({"payload": {}})

    def _json(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture(scope="module")
def lwa() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Lwa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _connection(url: str) -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.edge",
        client_secret="edge-newline-client-secret",
        refresh_token="edge-newline-refresh-token",
        endpoint=url,
        token_url=f"{url}/auth/o2/token",
    )


def _assert_hidden(error: BaseException) -> None:
    shown = everything_shown(error)
    for part in ("edge-plain-token-line-one", "edge-line-two"):
        assert part not in shown, shown


def test_a_token_with_a_line_break_fails_typed_and_hidden_sync(lwa):
    """httpx's own transport (h11) refuses the header; the NetworkError and its traceback hide the token."""
    with SellerCentral(_connection(lwa)) as client, pytest.raises(errors.NetworkError) as caught:
        client.search_orders(created_after="2026-11-01T00:00:00Z", marketplace_ids=["ATVPDKIKX0DER"])

    _assert_hidden(caught.value)


@pytest.mark.parametrize("http", ["httpx", "aiohttp"])
def test_a_token_with_a_line_break_fails_typed_and_hidden_async(lwa, http):
    """The async client refuses it too, over httpx or aiohttp, as a typed error (not aiohttp's ValueError)."""

    async def run() -> None:
        async with AsyncSellerCentral(_connection(lwa), http=http) as client:
            await client.search_orders(
                created_after="2026-11-01T00:00:00Z", marketplace_ids=["ATVPDKIKX0DER"]
            )

    with pytest.raises(errors.NetworkError) as caught:
        asyncio.run(run())

    _assert_hidden(caught.value)
