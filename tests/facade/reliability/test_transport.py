"""The retry and limit transports over httpx.MockTransport, each test run sync and async."""

from __future__ import annotations

import asyncio
import gzip
import json
import threading

import httpx
import pytest
from seller_central import errors
from seller_central.backends.memory import MemoryBackend
from seller_central.connection import OAuthConnection
from seller_central.limits import Limit, RateLimiter
from seller_central.retry import RetryPolicy
from seller_central.transport import (
    LimitTransport,
    RetryTransport,
    build_async_transport,
    build_transport,
    classify,
)

BASE = "https://sellingpartnerapi-na.amazon.com"
GET_FEED = "feeds_2021_06_30.getFeed"
CREATE_FEED = "feeds_2021_06_30.createFeed"
CONNECTION = OAuthConnection(client_id="app", client_secret="shh", refresh_token="Atzr|refresh")
WHOLE = {"sp_api.whole": True}
FEED = {
    "feedId": "1",
    "feedType": "POST_PRODUCT_DATA",
    "processingStatus": "DONE",
    "createdTime": "2024-01-01",
}


def ok(body=None, status=200, headers=None):
    return httpx.Response(status, json=FEED if body is None else body, headers=headers)


def get_feed():
    return httpx.Request("GET", f"{BASE}/feeds/2021-06-30/feeds/1", extensions={"sp_api.operation": GET_FEED})


def create_feed():
    return httpx.Request(
        "POST",
        f"{BASE}/feeds/2021-06-30/feeds",
        json={"feedType": "POST_PRODUCT_DATA", "marketplaceIds": ["A"], "inputFeedDocumentId": "d"},
        extensions={"sp_api.operation": CREATE_FEED},
    )


class Script:
    """A fake SP-API: answers each request with the next scripted step (a response or an exception)."""

    def __init__(self, *steps) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if self.steps else ok()
        if isinstance(step, Exception):
            raise step
        return step

    @property
    def attempts(self) -> int:
        return len(self.requests)


class Cut(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that breaks off after its first bytes, as a reset connection leaves it."""

    def __init__(self) -> None:
        self.closed = False

    def __iter__(self):
        yield b'{"feedId": "1", "feedTy'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    async def __aiter__(self):
        yield b'{"feedId": "1", "feedTy'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


@pytest.fixture
def stack(mode, clock):
    """Build the client's transport stack (sync or async) over a scripted fake, with a simulated clock."""

    def build(script, *, retry=None, rate_limit=True, backend=None, connection=CONNECTION):
        options = {
            "connection": connection,
            "backend": backend or MemoryBackend(),
            "retry": retry or RetryPolicy(jitter=0.0),
            "rate_limit": rate_limit,
            "inner": httpx.MockTransport(script),
            "clock": clock,
        }
        if mode == "sync":
            return build_transport(**options, sleep=clock.sleep)
        return build_async_transport(**options, sleep=clock.async_sleep)

    return build


class TestRetries:
    def test_a_429_is_retried_after_the_interval_the_header_implies(self, stack, send, clock):
        """A throttled getFeed is sent again after 1 / x-amzn-RateLimit-Limit seconds and succeeds."""
        script = Script(httpx.Response(429, json={"errors": []}, headers={"x-amzn-RateLimit-Limit": "2"}))

        response = send(stack(script), get_feed())

        assert (response.status_code, response.json(), script.attempts) == (200, FEED, 2)
        assert clock.sleeps == [0.5]

    def test_a_429_to_a_state_changing_operation_is_retried_too(self, stack, send):
        """SP-API did not process a throttled createFeed, so sending it again cannot duplicate it."""
        script = Script(httpx.Response(429, json={}), ok({"feedId": "9"}, status=202))

        response = send(stack(script), create_feed())

        assert (response.status_code, script.attempts) == (202, 2)

    def test_retry_after_is_honoured(self, stack, send, clock):
        """A Retry-After header sets the wait after a 429."""
        script = Script(httpx.Response(429, json={}, headers={"Retry-After": "7"}))

        send(stack(script), get_feed())

        assert clock.sleeps == [7.0]

    @pytest.mark.parametrize("status", [500, 502, 503, 504])
    def test_5xx_to_an_idempotent_operation_is_retried(self, stack, send, status):
        """getFeed answered with a server error is sent again and succeeds."""
        script = Script(httpx.Response(status, text="<html>busy</html>"))

        assert send(stack(script), get_feed()).status_code == 200
        assert script.attempts == 2

    @pytest.mark.parametrize("status", [500, 503])
    def test_5xx_to_a_state_changing_operation_is_ambiguous(self, stack, send, status):
        """createFeed answered with a server error is sent once and raises AmbiguousResultError."""
        body = {"errors": [{"code": "InternalFailure", "message": "We encountered an internal error."}]}
        script = Script(httpx.Response(status, json=body, headers={"x-amzn-RequestId": "req-1"}))

        with pytest.raises(errors.AmbiguousResultError, match="may or may not have been applied") as caught:
            send(stack(script), create_feed())

        assert script.attempts == 1
        assert caught.value.operation == CREATE_FEED
        assert "req-1" in str(caught.value)
        assert isinstance(caught.value.__cause__, errors.ServerError)
        assert caught.value.__cause__.errors[0].code == "InternalFailure"

    def test_a_connect_error_is_retried_even_for_a_state_changing_operation(self, stack, send):
        """A createFeed that never left is sent again: it cannot have been applied."""
        script = Script(httpx.ConnectError("Connection refused"), ok({"feedId": "9"}, status=202))

        assert send(stack(script), create_feed()).status_code == 202
        assert script.attempts == 2

    @pytest.mark.parametrize(
        ("failure", "expected"),
        [
            (httpx.ReadTimeout("timed out"), errors.AmbiguousResultError),
            (
                httpx.RemoteProtocolError("Server disconnected without sending a response."),
                errors.AmbiguousResultError,
            ),
            (httpx.ReadError("Connection reset by peer"), errors.AmbiguousResultError),
            (httpx.WriteTimeout("timed out"), errors.AmbiguousResultError),
        ],
    )
    def test_a_failure_after_sending_a_state_changing_operation_is_ambiguous(
        self, stack, send, failure, expected
    ):
        """createFeed that timed out or was reset after sending is not sent again."""
        script = Script(failure)

        with pytest.raises(expected) as caught:
            send(stack(script), create_feed())

        assert script.attempts == 1
        assert caught.value.__cause__ is failure

    def test_retry_ambiguous_sends_a_state_changing_operation_again(self, stack, send):
        """A caller who opts in gets createFeed retried after a read timeout."""
        script = Script(httpx.ReadTimeout("timed out"), ok({"feedId": "9"}, status=202))

        response = send(stack(script, retry=RetryPolicy(jitter=0.0, retry_ambiguous=True)), create_feed())

        assert (response.status_code, script.attempts) == (202, 2)

    def test_a_per_request_override_opts_in_too(self, stack, send):
        """{"retry_ambiguous": True} in sp_api.retry retries this one request."""
        script = Script(httpx.ReadTimeout("timed out"), ok({"feedId": "9"}, status=202))
        request = create_feed()
        request.extensions["sp_api.retry"] = {"retry_ambiguous": True}

        assert send(stack(script), request).status_code == 202

    @pytest.mark.parametrize(
        ("failure", "expected"),
        [
            (httpx.ConnectError("Connection refused"), errors.ConnectError),
            (httpx.ConnectTimeout("timed out"), errors.RequestTimeoutError),
            (httpx.ReadTimeout("timed out"), errors.RequestTimeoutError),
            (httpx.ReadError("Connection reset by peer"), errors.NetworkError),
        ],
    )
    def test_idempotent_failures_are_retried_then_mapped(self, stack, send, failure, expected):
        """getFeed failing every time is tried five times, then raises our error chained to httpx's."""
        script = Script(*[failure] * 5)

        with pytest.raises(expected) as caught:
            send(stack(script), get_feed())

        assert script.attempts == 5
        assert type(caught.value) is expected
        assert caught.value.operation == GET_FEED
        assert caught.value.__cause__ is failure

    def test_a_malformed_request_is_not_retried(self, stack, send):
        """An unsupported URL cannot be cured by sending again."""
        script = Script(httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'."))

        with pytest.raises(errors.NetworkError, match="could not be sent"):
            send(stack(script), get_feed())

        assert script.attempts == 1

    def test_a_truncated_body_is_retried_for_an_idempotent_operation(self, stack, send):
        """getFeed whose body breaks off is sent again, and the complete body is returned."""
        cut = Cut()
        script = Script(httpx.Response(200, stream=cut, headers={"Content-Type": "application/json"}))

        response = send(stack(script), get_feed())

        assert (response.json(), script.attempts, cut.closed) == (FEED, 2, True)

    def test_a_truncated_body_of_a_state_changing_operation_is_ambiguous(self, stack, send):
        """createFeed whose answer breaks off may have created the feed: it is not sent again."""
        script = Script(httpx.Response(202, stream=Cut()))

        with pytest.raises(errors.AmbiguousResultError):
            send(stack(script), create_feed())

        assert script.attempts == 1

    def test_a_non_json_success_is_retried_for_an_idempotent_operation(self, stack, send):
        """A 200 with an HTML body is never an empty success: getFeed is sent again."""
        script = Script(httpx.Response(200, text="<html>maintenance</html>"))

        assert send(stack(script), get_feed()).json() == FEED
        assert script.attempts == 2

    def test_a_non_json_success_that_persists_is_handed_back_for_the_client_to_raise(self, stack, send):
        """After the last attempt the garbled answer itself is returned, never dropped."""
        script = Script(*[httpx.Response(200, text="<html>maintenance</html>")] * 5)

        response = send(stack(script), get_feed())

        assert (response.text, script.attempts) == ("<html>maintenance</html>", 5)

    def test_a_non_json_answer_to_a_state_changing_operation_is_ambiguous(self, stack, send):
        """createFeed answered 202 with a garbled body is not sent again."""
        script = Script(httpx.Response(202, text="<html>"))

        with pytest.raises(errors.AmbiguousResultError):
            send(stack(script), create_feed())

    def test_requests_without_an_operation_are_not_checked_for_json(self, stack, send):
        """A raw request may ask for text: its body is handed back as it is."""
        script = Script(httpx.Response(200, text="plain"))

        response = send(stack(script), httpx.Request("GET", f"{BASE}/anything"))

        assert (response.text, script.attempts) == ("plain", 1)

    def test_a_content_encoded_body_is_decoded_once(self, stack, send):
        """A gzip Content-Encoding is undone by the client, exactly once."""
        raw = gzip.compress(json.dumps(FEED).encode())
        script = Script(httpx.Response(200, content=raw, headers={"Content-Encoding": "gzip"}))

        assert send(stack(script), get_feed()).json() == FEED

    def test_a_response_built_whole_is_handed_on_as_it_is(self, stack, send):
        """A transport that marks a response whole (aiohttp's) spares the retry layer a copy of it."""
        whole = httpx.Response(200, stream=httpx.ByteStream(json.dumps(FEED).encode()), extensions=WHOLE)
        streamed = httpx.Response(200, stream=httpx.ByteStream(json.dumps(FEED).encode()))

        assert send(stack(Script(whole)), get_feed()) is whole
        answer = send(stack(Script(streamed)), get_feed())
        assert answer is not streamed
        assert answer.json() == FEED

    def test_a_whole_response_is_still_checked_for_json(self, stack, send):
        """Whole or not, a success whose body is cut short is retried for an idempotent operation."""
        cut = httpx.Response(200, stream=httpx.ByteStream(b'{"feedId": "1", "feedTy'), extensions=WHOLE)
        script = Script(cut, ok())

        assert (send(stack(script), get_feed()).json(), script.attempts) == (FEED, 2)

    def test_a_persistent_429_is_handed_back_when_the_time_budget_runs_out(self, stack, send):
        """getOrders throttled again and again stops before a wait would pass max_total_seconds."""
        script = Script(*[httpx.Response(429, json={})] * 5)
        request = httpx.Request(
            "GET", f"{BASE}/orders/v0/orders", extensions={"sp_api.operation": "orders_v0.getOrders"}
        )

        response = send(stack(script, retry=RetryPolicy(jitter=0.0, max_total_seconds=100)), request)

        assert (response.status_code, script.attempts) == (429, 2)

    def test_raw_request_max_retry_count_zero_hands_a_503_back(self, stack, send):
        """A Raw Request with Max Retry Count 0 gets the 503 after one attempt."""
        script = Script(httpx.Response(503, json={}))
        request = httpx.Request("GET", f"{BASE}/anything", extensions={"sp_api.retry": {"max_retries": 0}})

        assert send(stack(script), request).status_code == 503
        assert script.attempts == 1

    def test_a_raw_post_without_an_operation_is_not_idempotent(self, stack, send):
        """POST in Raw Request answered with a 500 raises AmbiguousResultError after one attempt."""
        script = Script(httpx.Response(500, json={}))
        request = httpx.Request(
            "POST", f"{BASE}/anything", json={}, extensions={"sp_api.retry": {"max_retries": 3}}
        )

        with pytest.raises(errors.AmbiguousResultError, match="POST /anything"):
            send(stack(script), request)

        assert script.attempts == 1


class TestLimits:
    def test_every_attempt_takes_a_token(self, send, clock):
        """With one token per second, the retry after a 0.5 s backoff waits another 0.5 s for its token."""
        script = Script(httpx.Response(503, json={}))
        limiter = RateLimiter(
            MemoryBackend(), clock=clock, cushion=0, overrides={GET_FEED: Limit(rate=1, burst=1)}
        )
        limited = LimitTransport(
            httpx.MockTransport(script),
            limiter=limiter,
            credential="seller-1",
            sleep=clock.sleep,
            async_sleep=clock.async_sleep,
        )
        transport = RetryTransport(
            limited,
            policy=RetryPolicy(jitter=0.0),
            sleep=clock.sleep,
            async_sleep=clock.async_sleep,
            clock=clock,
        )

        send(transport, get_feed())

        assert clock.sleeps == [0.5, 0.5]

    def test_the_credential_extension_picks_the_bucket(self, send, clock):
        """Two sellers have two buckets; a second request of the first seller waits."""
        limiter = RateLimiter(
            MemoryBackend(), clock=clock, cushion=0, overrides={GET_FEED: Limit(rate=1, burst=1)}
        )
        transport = LimitTransport(
            httpx.MockTransport(Script()),
            limiter=limiter,
            credential="default",
            sleep=clock.sleep,
            async_sleep=clock.async_sleep,
        )

        for seller in ["seller-1", "seller-2", "seller-1"]:
            request = get_feed()
            request.extensions["sp_api.credential"] = seller
            send(transport, request)

        assert clock.sleeps == [1.0]

    def test_requests_without_an_operation_are_not_limited(self, stack, send, clock):
        """Fifty raw requests to an unknown path never wait."""
        transport = stack(Script())

        for _ in range(50):
            send(transport, httpx.Request("GET", f"{BASE}/anything"))

        assert clock.sleeps == []

    def test_the_connection_gives_the_default_bucket_and_plan(self, stack, send, clock):
        """On a sandbox host getFeed follows 5/s with burst 15 (14 with the cushion)."""
        sandbox = OAuthConnection(client_id="app", client_secret="shh", refresh_token="r", is_sandbox=True)
        transport = stack(Script(), connection=sandbox)

        for _ in range(16):
            send(transport, get_feed())

        assert [round(s, 6) for s in clock.sleeps] == [0.2, 0.2]

    def test_the_rate_header_teaches_the_limiter(self, stack, send, clock):
        """After SP-API reports 0.25 requests/s, requests past the burst go 4 s apart."""
        script = Script(*[ok(headers={"x-amzn-RateLimit-Limit": "0.25"})] * 20)
        transport = stack(script)

        for _ in range(16):
            send(transport, get_feed())

        assert [round(s, 6) for s in clock.sleeps] == [4.0, 4.0]

    def test_async_callers_reach_a_network_backend_off_the_event_loop(self, clock):
        """A backend that is not in memory (Redis) is called from a worker thread, not the event loop's."""
        threads = []

        class Remote:
            def __init__(self) -> None:
                self.memory = MemoryBackend()

            def reserve(self, bucket, *, rate, burst, now):
                threads.append(threading.get_ident())
                return self.memory.reserve(bucket, rate=rate, burst=burst, now=now)

        limiter = RateLimiter(Remote(), clock=clock)  # type: ignore[arg-type]
        transport = LimitTransport(
            httpx.MockTransport(Script()), limiter=limiter, credential="c", async_sleep=clock.async_sleep
        )

        async def run():
            await transport.handle_async_request(get_feed())
            return threading.get_ident()

        loop_thread = asyncio.run(run())

        assert len(threads) == 1
        assert threads[0] != loop_thread

    def test_rate_limiting_can_be_turned_off(self, stack, send, clock):
        """Without rate limiting only 429s slow requests down."""
        transport = stack(Script(), rate_limit=False)

        for _ in range(30):
            send(transport, get_feed())

        assert clock.sleeps == []


class TestPlumbing:
    @pytest.mark.parametrize(
        ("exc", "expected"),
        [
            (httpx.ConnectError(""), ("connect", False)),
            (httpx.ProxyError(""), ("connect", False)),
            (httpx.ConnectTimeout(""), ("timeout", False)),
            (httpx.PoolTimeout(""), ("timeout", False)),
            (httpx.ReadTimeout(""), ("timeout", True)),
            (httpx.WriteTimeout(""), ("timeout", True)),
            (httpx.ReadError(""), ("network", True)),
            (httpx.WriteError(""), ("network", True)),
            (httpx.RemoteProtocolError(""), ("network", True)),
            (httpx.LocalProtocolError(""), None),
        ],
    )
    def test_each_transport_exception_has_one_meaning(self, exc, expected):
        """Whether a failure happened before the request left decides if a POST may be retried."""
        assert classify(exc) == expected

    def test_a_sync_only_transport_refuses_async_use(self):
        """Wrapping httpx.HTTPTransport and calling it from asyncio is a clear TypeError."""
        transport = RetryTransport(httpx.HTTPTransport(), policy=RetryPolicy())

        with pytest.raises(TypeError, match="sync transport"):
            asyncio.run(transport.handle_async_request(get_feed()))

    def test_closing_the_stack_closes_the_inner_transport(self):
        """close() reaches the transport that owns the connections."""
        closed = []

        class Inner(httpx.BaseTransport):
            def handle_request(self, request):
                return ok() if request else None

            def close(self):
                closed.append(True)

        transport = build_transport(
            connection=CONNECTION, backend=MemoryBackend(), retry=RetryPolicy(), inner=Inner()
        )
        transport.close()

        assert closed == [True]

    def test_the_stack_works_under_httpx_client(self, clock):
        """httpx.Client sends through the stack and reads the buffered body as usual."""
        script = Script(httpx.Response(503, json={}))
        transport = build_transport(
            connection=CONNECTION,
            backend=MemoryBackend(),
            retry=RetryPolicy(jitter=0.0),
            inner=httpx.MockTransport(script),
            sleep=clock.sleep,
            clock=clock,
        )
        with httpx.Client(base_url=BASE, transport=transport) as client:
            response = client.get("/feeds/2021-06-30/feeds/1", extensions={"sp_api.operation": GET_FEED})

        assert (response.json(), script.attempts) == (FEED, 2)
        assert response.elapsed.total_seconds() >= 0
