"""Issue 14, items 12 and 14: one retry policy, the client's, for SP-API calls, LWA and documents.

Each test runs through SellerCentral and AsyncSellerCentral over one httpx.MockTransport that plays LWA,
SP-API and S3. The client's RetryPolicy (and its sleep) decides every retry: the LWA token request is
retried after a 500, 503, 429 or a reset (it is idempotent), never after invalid_grant or invalid_client;
document transfers follow the same attempts and waits instead of a loop of their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from seller_central import AuthError, RetryPolicy, ServerError, TokenRequestError
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection

TOKEN_URL = "https://api.amazon.com/auth/o2/token"
SP_API = "sellingpartnerapi-na.amazon.com"
DOCUMENT_PATH = "/feeds/2021-06-30/documents/doc-1"
S3_URL = "https://tortuga-prod-na.s3-external-1.amazonaws.com/NA/doc-1?X-Amz-Signature=SECRET"
UPLOAD_URL = "https://tortuga-prod-na.s3-external-1.amazonaws.com/NA/in-1?X-Amz-Signature=SECRET"
DOCUMENT = b"order-id\tsku\n111-0000001-0000000\tSKU-1\n"
SECRET = "amzn1.oa2-cs.v1.edge-secret"
REFRESH = "Atzr|edge-refresh"
POLICY = RetryPolicy(max_attempts=3, jitter=0.0, backoff_base_seconds=0.25)

Answer = httpx.Response | Exception


def reset(request: httpx.Request) -> Exception:
    return httpx.ReadError("Connection reset by peer", request=request)


class World:
    """LWA, SP-API's getFeedDocument and S3 behind one mock; each queue's last answer repeats."""

    def __init__(self) -> None:
        self.lwa: list[Answer | Callable[[httpx.Request], Answer]] = []
        self.s3: list[Answer] = []
        self.calls: dict[str, int] = {"lwa": 0, "sp-api": 0, "s3": 0}

    @staticmethod
    def _pop(queue: list[Any], default: Answer, request: httpx.Request) -> httpx.Response:
        answer = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else default
        if callable(answer):
            answer = answer(request)
        if isinstance(answer, Exception):
            raise answer
        # A fresh copy: a response's stream is read once.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if str(request.url) == TOKEN_URL:
            self.calls["lwa"] += 1
            token = httpx.Response(200, json={"access_token": "Atza|edge", "expires_in": 3600})
            return self._pop(self.lwa, token, request)
        if request.url.host == SP_API:
            self.calls["sp-api"] += 1
            body = {"feedDocumentId": "doc-1", "url": S3_URL}
            return httpx.Response(200, json=body)
        self.calls["s3"] += 1
        return self._pop(self.s3, httpx.Response(200, content=DOCUMENT), request)


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, world: World):
    """Call a client method by name through SellerCentral or AsyncSellerCentral, with POLICY and a fake sleep."""
    sleeps: list[float] = []
    connection = OAuthConnection(
        client_id="amzn1.application-oa2-client.edge", client_secret=SECRET, refresh_token=REFRESH
    )
    transport = httpx.MockTransport(world.handle)

    def go(name: str, **inputs: Any) -> Any:
        if request.param == "sync":
            with SellerCentral(connection, transport=transport, retry=POLICY, sleep=sleeps.append) as client:
                return getattr(client, name)(**inputs)

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        async def run() -> Any:
            async with AsyncSellerCentral(
                connection, transport=transport, retry=POLICY, sleep=sleep
            ) as client:
                return await getattr(client, name)(**inputs)

        return asyncio.run(run())

    go.sleeps = sleeps  # type: ignore[attr-defined]
    return go


# -- item 12: the LWA token request ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(500, json={"error": "server_error"}),
        httpx.Response(503, text="<html>Service Unavailable</html>"),
        httpx.Response(429, json={"error": "slow_down"}, headers={"Retry-After": "2"}),
        reset,
    ],
    ids=["500", "503", "429", "reset"],
)
def test_a_failed_token_request_is_retried_and_the_call_succeeds(call, world, failure):
    """One transient LWA failure no longer fails the user's call: the token request is sent again."""
    world.lwa = [failure, httpx.Response(200, json={"access_token": "Atza|edge", "expires_in": 3600})]

    document = call("get_feed_document", feed_document_id="doc-1")

    assert document.feed_document_id == "doc-1"
    assert world.calls["lwa"] == 2
    assert world.calls["sp-api"] == 1


def test_token_retries_wait_as_the_policy_says(call, world):
    """The waits between token attempts are the policy's: backoff, and Retry-After for a 429."""
    world.lwa = [
        httpx.Response(500, json={"error": "server_error"}),
        httpx.Response(429, json={"error": "slow_down"}, headers={"Retry-After": "2"}),
        httpx.Response(200, json={"access_token": "Atza|edge", "expires_in": 3600}),
    ]

    call("get_feed_document", feed_document_id="doc-1")

    assert call.sleeps == [0.25, 2.0]


def test_a_token_endpoint_that_keeps_failing_gives_up_after_the_policys_attempts(call, world):
    """A persistent 503 is tried max_attempts times, then raises AuthError with LWA's status."""
    world.lwa = [httpx.Response(503, json={"error": "temporarily_unavailable"})]

    with pytest.raises(TokenRequestError) as caught:
        call("get_feed_document", feed_document_id="doc-1")

    assert world.calls["lwa"] == POLICY.max_attempts
    assert caught.value.status_code == 503
    assert caught.value.error == "temporarily_unavailable"
    assert world.calls["sp-api"] == 0


def test_a_token_endpoint_that_keeps_resetting_gives_up_with_an_auth_error(call, world):
    """Resets on every attempt end in TokenRequestError naming the failure, with no secret in it."""
    world.lwa = [reset]

    with pytest.raises(TokenRequestError) as caught:
        call("get_feed_document", feed_document_id="doc-1")

    assert world.calls["lwa"] == POLICY.max_attempts
    assert "ReadError" in str(caught.value)
    assert SECRET not in str(caught.value)
    assert REFRESH not in str(caught.value)


@pytest.mark.parametrize(
    ("status", "code"),
    [(400, "invalid_grant"), (401, "invalid_client")],
    ids=["invalid_grant", "invalid_client"],
)
def test_a_refused_grant_is_not_retried(call, world, status, code):
    """invalid_grant and invalid_client are answers, not failures: one request, AuthError with the code."""
    world.lwa = [httpx.Response(status, json={"error": code, "error_description": "refused"})]

    with pytest.raises(AuthError) as caught:
        call("get_feed_document", feed_document_id="doc-1")

    assert isinstance(caught.value, TokenRequestError)
    assert caught.value.error == code
    assert world.calls["lwa"] == 1
    assert call.sleeps == []


# -- item 14: documents follow the same policy ---------------------------------------------------------------


def test_a_download_is_retried_with_the_clients_attempts_and_waits(call, world):
    """S3's 503s are retried with the client's backoff (0.25 s, 0.5 s), not a document loop's own."""
    world.s3 = [httpx.Response(503), httpx.Response(503), httpx.Response(200, content=DOCUMENT)]

    assert call("download_feed_document", feed_document_id="doc-1") == DOCUMENT

    assert world.calls["s3"] == 3
    assert call.sleeps == [0.25, 0.5]


def test_a_download_gives_up_after_the_clients_attempts(call, world):
    """A persistent 500 from S3 is tried POLICY.max_attempts times, then raises."""
    world.s3 = [httpx.Response(500)]

    with pytest.raises(ServerError):
        call("download_feed_document", feed_document_id="doc-1")

    assert world.calls["s3"] == POLICY.max_attempts
    assert call.sleeps == [0.25, 0.5]


def test_a_download_reset_is_retried_under_the_policy(call, world):
    """A reset before the body is a network failure the policy retries for an idempotent GET."""
    world.s3 = [reset, httpx.Response(200, content=DOCUMENT)]  # type: ignore[list-item]

    assert call("download_feed_document", feed_document_id="doc-1") == DOCUMENT
    assert world.calls["s3"] == 2
    assert call.sleeps == [0.25]


def test_a_throttled_download_waits_for_retry_after(call, world):
    """A 429 from the document host waits what Retry-After asks, as an SP-API 429 does."""
    world.s3 = [httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200, content=DOCUMENT)]

    assert call("download_feed_document", feed_document_id="doc-1") == DOCUMENT
    assert call.sleeps == [3.0]


def test_an_upload_is_retried_with_the_clients_policy(call, world):
    """An upload (an idempotent PUT of a replayable body) follows the same attempts and waits."""
    world.s3 = [httpx.Response(503), httpx.Response(503), httpx.Response(200)]

    call("upload_feed_document", url=UPLOAD_URL, content_type="text/plain", data="hello")

    assert world.calls["s3"] == 3
    assert call.sleeps == [0.25, 0.5]


def test_an_upload_that_keeps_failing_raises_after_the_clients_attempts(call, world):
    """A non-2xx upload is never reported as done; it is tried max_attempts times."""
    world.s3 = [httpx.Response(500)]

    with pytest.raises(ServerError):
        call("upload_feed_document", url=UPLOAD_URL, content_type="text/plain", data="hello")

    assert world.calls["s3"] == POLICY.max_attempts
