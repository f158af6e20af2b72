"""The reliability layers of the HTTP stack: retries over rate limits over the network.

``RetryTransport(LimitTransport(httpx.HTTPTransport()))``, each layer wrapping the next the way httpx's own
transports compose. Each class serves both ``httpx.Client`` and ``httpx.AsyncClient``: the decisions are
shared (the retry loop is a generator that yields "send" and "wait" steps, as ``httpx.Auth.auth_flow``
does), and only sending and sleeping differ.

- :class:`LimitTransport` takes a token from the (credential, operation) bucket before every attempt,
  retries included, and tells the limiter what SP-API answered (the rate header, 429s).
- :class:`RetryTransport` reads each response, decides with :class:`~seller_central.retry.RetryPolicy`, and
  maps httpx's transport exceptions, once, onto :mod:`seller_central.errors`.

Per-request facts arrive as request extensions: ``sp_api.operation`` (the operation key),
``sp_api.credential`` (whose bucket; set by auth), ``sp_api.retry`` (retry overrides) and
``sp_api.idempotent`` (whether a request outside the operation table may be sent twice).

:func:`retry_flow` is the one retry loop: ``RetryTransport`` runs SP-API calls and the LWA token request
through it, and :mod:`seller_central.documents` its streamed transfers, all under the client's policy.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast

import httpx

from seller_central import errors
from seller_central._aio import sleep as async_pause
from seller_central._aio import to_thread
from seller_central._tls import ssl_context
from seller_central.calls import (
    EXT_CREDENTIAL,
    EXT_IDEMPOTENT,
    EXT_JSON,
    EXT_OPERATION,
    EXT_PACED,
    EXT_RETRY,
    EXT_WHOLE,
    REQUEST_ID_HEADER,
    rate_from_headers,
)
from seller_central.limits import RateLimiter, plan_for
from seller_central.retry import (
    Attempt,
    Decision,
    Failure,
    Outcome,
    RetryPolicy,
    Verdict,
    is_idempotent,
    parse_retry_after,
)

if TYPE_CHECKING:
    from seller_central.backends.base import Backend
    from seller_central.connection import Connection


__all__ = [
    "DEFAULT_LIMITS",
    "EXT_CREDENTIAL",
    "EXT_IDEMPOTENT",
    "EXT_OPERATION",
    "EXT_RETRY",
    "Borrowed",
    "Final",
    "LimitTransport",
    "RetryTransport",
    "arun_retries",
    "build_async_transport",
    "build_transport",
    "classify",
    "default_async_transport",
    "default_transport",
    "retry_flow",
    "run_retries",
    "ssl_context",
]

logger = logging.getLogger(__name__)


_THROTTLED = 429
#: The connection pool of every transport the clients make for themselves.
#: Fan-out (connections): every connection in use may stay alive, idle for up to a minute. With httpx's 20
#: kept alive, 32 threads sharing one pool closed and reopened a connection for most calls (390 connections
#: for 1000 calls); now a pool opens as many as the requests in flight, once.
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=60.0)


def _sync_inner(inner: httpx.BaseTransport | httpx.AsyncBaseTransport) -> httpx.BaseTransport:
    if not isinstance(inner, httpx.BaseTransport):
        msg = f"{type(inner).__name__} is an async transport; use it with httpx.AsyncClient"
        raise TypeError(msg)
    return inner


def _async_inner(inner: httpx.BaseTransport | httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
    if not isinstance(inner, httpx.AsyncBaseTransport):
        msg = f"{type(inner).__name__} is a sync transport; use it with httpx.Client"
        raise TypeError(msg)
    return inner


def _label(request: httpx.Request) -> str:
    operation = request.extensions.get(EXT_OPERATION)
    return str(operation) if operation else f"{request.method} {request.url.path}"


# -- rate limits ----------------------------------------------------------------------------------------


def _paced(request: httpx.Request, wait: float) -> None:
    request.extensions[EXT_PACED] = request.extensions.get(EXT_PACED, 0.0) + wait


class LimitTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wait for a token of the request's (credential, operation) bucket, then send.

    Requests without an ``sp_api.operation`` extension (nothing to meter them by) go straight through.

    Args:
        inner: The transport that sends (sync, async, or both like ``httpx.MockTransport``).
        limiter: Hands out the tokens.
        credential: The bucket owner when the request does not name one in ``sp_api.credential``.
        sleep: How the sync path waits (``time.sleep``; tests inject a fake).
        async_sleep: How the async path waits (``asyncio.sleep``).
    """

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        *,
        limiter: RateLimiter,
        credential: str,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        """Wrap ``inner``; see the class docstring for the arguments."""
        self._inner = inner
        self._limiter = limiter
        self._credential = credential
        self._sleep = sleep
        self._async_sleep = async_sleep or async_pause

    @property
    def limiter(self) -> RateLimiter:
        """The limiter handing out this transport's tokens."""
        return self._limiter

    def _bucket(self, request: httpx.Request) -> tuple[str, str] | None:
        operation = request.extensions.get(EXT_OPERATION)
        if not operation:
            return None
        credential = request.extensions.get(EXT_CREDENTIAL) or self._credential
        return str(credential), str(operation)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` once its bucket has a token."""
        inner = _sync_inner(self._inner)
        bucket = self._bucket(request)
        if bucket is None:
            return inner.handle_request(request)
        wait = self._limiter.acquire(*bucket)
        if wait > 0:
            _paced(request, wait)
            self._sleep(wait)
        response = inner.handle_request(request)
        self._limiter.observe(*bucket, status_code=response.status_code, headers=response.headers)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` once its bucket has a token, without blocking the event loop."""
        inner = _async_inner(self._inner)
        bucket = self._bucket(request)
        if bucket is None:
            return await inner.handle_async_request(request)
        if self._limiter.is_local:
            wait = self._limiter.acquire(*bucket)
        else:  # a network backend (Redis): keep its round trip off the event loop
            wait = await to_thread(self._limiter.acquire, *bucket)
        if wait > 0:
            _paced(request, wait)
            await self._async_sleep(wait)
        response = await inner.handle_async_request(request)
        status, headers = response.status_code, response.headers
        if self._limiter.is_local:
            self._limiter.observe(*bucket, status_code=status, headers=headers)
        else:
            await to_thread(self._limiter.observe, *bucket, status_code=status, headers=headers)
        return response

    def close(self) -> None:
        """Close the inner transport."""
        _sync_inner(self._inner).close()

    async def aclose(self) -> None:
        """Close the inner transport."""
        await _async_inner(self._inner).aclose()


# -- retries --------------------------------------------------------------------------------------------


def classify(exc: httpx.TransportError) -> tuple[Failure, bool] | None:
    """Return what a transport exception means (failure kind, whether the request may have left).

    ``None`` means a failure that sending again cannot cure (a malformed request, an unsupported URL).
    """
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return "timeout", False
    if isinstance(exc, httpx.ConnectError | httpx.ProxyError):
        return "connect", False
    if isinstance(exc, httpx.TimeoutException):
        # Read and write timeouts: a write timeout may have delivered all but the last bytes, and a
        # server may act on what it has, so both count as sent.
        return "timeout", True
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
        return None
    return "network", True


class _Send(NamedTuple):
    """Step: send the request once and hand back the read response or the transport exception."""


class _Wait(NamedTuple):
    """Step: sleep before the next attempt."""

    seconds: float


_Step = _Send | _Wait
_Received = httpx.Response | httpx.TransportError | None
_SEND = _Send()
_SUCCESS = Decision(verdict=Verdict.DONE, reason="success")

R = TypeVar("R")
T = TypeVar("T")


class Final(NamedTuple, Generic[R]):
    """How a retried request ended: what its last attempt produced, what that meant, and the verdict.

    ``outcome`` is ``None`` when the attempt's failure is one sending again cannot cure (the judge said
    so), or when ``succeeded`` saw a success before any outcome was built.
    """

    received: R
    outcome: Outcome | None
    decision: Decision


def retry_flow(
    policy: RetryPolicy,
    *,
    label: str,
    idempotent: bool,
    judge: Callable[[R], Outcome | None],
    rate: Callable[[R], float],
    clock: Callable[[], float],
    random_fraction: Callable[[], float],
    succeeded: Callable[[R], bool] | None = None,
) -> Generator[_Step, Any, Final[R]]:
    """Run a request's attempts under ``policy``: the one retry loop of every request seller-central sends.

    SP-API calls (:class:`RetryTransport`), the LWA token request (through a ``RetryTransport``) and
    presigned document transfers (:mod:`seller_central.documents`) all go through here. The generator
    yields :class:`_Send` (the driver attempts once and sends back what the attempt produced) and
    :class:`_Wait` steps, so the same decisions serve the sync and the async drivers (:func:`run_retries`,
    :func:`arun_retries`), and the attempt itself may be anything: a buffered response, a streamed download.

    Args:
        policy: Decides, after each failed attempt, whether to wait and send again.
        label: Names the request in the logs (never a credential).
        idempotent: Whether the request may be sent twice.
        judge: What an attempt's result means (``None``: a failure that sending again cannot cure).
        rate: The rate (requests per second) that sets the wait after a 429, given the attempt's result.
        clock: Monotonic seconds, to bound the total time.
        random_fraction: Draws a number in ``[0, 1)`` per decision, for the jitter.
        succeeded: Says cheaply that an attempt succeeded, before ``judge`` builds its full outcome (the
            common case of every call; ``None``: ask ``judge`` every time).
    """
    start = clock()
    number, error_retries = 1, 0
    while True:
        received = yield _SEND
        if succeeded is not None and succeeded(received):
            return Final(received, None, _SUCCESS)
        outcome = judge(received)
        if outcome is None:
            return Final(received, None, Decision(verdict=Verdict.DONE, reason="not retryable"))
        if outcome.is_success:
            return Final(received, outcome, _SUCCESS)
        decision = policy.decide(
            Attempt(number=number, error_retries=error_retries, elapsed_seconds=clock() - start),
            idempotent=idempotent,
            outcome=outcome,
            rate=rate(received),
            random_fraction=random_fraction(),
        )
        if decision.verdict is not Verdict.RETRY:
            return Final(received, outcome, decision)
        logger.debug(
            "%s: %s; retrying in %.2f s (attempt %d of %d)",
            label,
            decision.reason,
            decision.wait_seconds,
            number + 1,
            policy.max_attempts,
        )
        if outcome.status_code != _THROTTLED:
            error_retries += 1
        number += 1
        yield _Wait(decision.wait_seconds)


def run_retries(
    flow: Generator[_Step, Any, T], attempt: Callable[[], Any], sleep: Callable[[float], None]
) -> T:
    """Drive a retry flow on the calling thread: ``attempt()`` for each send, ``sleep`` for each wait."""
    step = next(flow)
    while True:
        received = None
        if isinstance(step, _Wait):
            sleep(step.seconds)
        else:
            received = attempt()
        try:
            step = flow.send(received)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]  # the flow's return value is its T


async def arun_retries(
    flow: Generator[_Step, Any, T],
    attempt: Callable[[], Awaitable[Any]],
    sleep: Callable[[float], Awaitable[None]],
) -> T:
    """Drive a retry flow from a task: ``await attempt()`` for each send, ``await sleep`` for each wait."""
    step = next(flow)
    while True:
        received = None
        if isinstance(step, _Wait):
            await sleep(step.seconds)
        else:
            received = await attempt()
        try:
            step = flow.send(received)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]  # the flow's return value is its T


S = TypeVar("S", httpx.SyncByteStream, httpx.AsyncByteStream)


def _stream(response: httpx.Response, kind: type[S]) -> S:
    """Return the response's body stream, checked to be of the ``kind`` the request's path reads."""
    stream = response.stream
    if not isinstance(stream, kind):
        msg = f"the inner transport returned a response whose body is not a {kind.__name__}"
        raise TypeError(msg)
    return stream


def _buffered(request: httpx.Request, response: httpx.Response, raw: bytes) -> httpx.Response:
    # The body is kept as it came over the wire (still content-encoded), so the client decodes it once.
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(raw),
        request=request,
        extensions=response.extensions,
    )


def _is_whole(response: httpx.Response) -> bool:
    """Say whether the inner transport built ``response`` whole for this request (see ``EXT_WHOLE``)."""
    return bool(response.extensions.get(EXT_WHOLE)) and isinstance(response.stream, httpx.ByteStream)


def _decoded(response: httpx.Response) -> httpx.Response:
    """Return a read copy of a buffered response (the original stays unread for the client)."""
    assert isinstance(response.stream, httpx.ByteStream)  # noqa: S101 (only buffered responses get here)
    copy = httpx.Response(
        response.status_code, headers=response.headers, stream=response.stream, request=response.request
    )
    copy.read()
    return copy


def _body_is_unusable(operation: Any, response: httpx.Response) -> bool:
    # Every SP-API operation answers JSON (all the pinned models say so). A success whose body does not
    # parse is a truncated or proxy-made answer, never an empty success. The decoded body is kept in the
    # response's extensions (EXT_JSON), so the client parses its model from it instead of decoding again.
    if not operation or not 200 <= response.status_code < 300:  # noqa: PLR2004
        return False
    try:
        if response.headers.get("content-encoding", "identity") == "identity":
            # A buffered stream gives its bytes again without being consumed: no copy, no second read.
            content = b"".join(cast("httpx.SyncByteStream", response.stream))
        else:
            content = _decoded(response).content
    except httpx.DecodingError:
        return True
    if not content.strip():
        return False
    try:
        response.extensions[EXT_JSON] = json.loads(content)
    except ValueError:
        return True
    return False


class RetryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Send again what is safe to send again; raise what must not be guessed.

    Every attempt's body is read here (SP-API answers are small JSON documents), so a response cut short
    is caught while it can still be retried, and a retried response is always read and closed.

    Args:
        inner: The transport below (usually a :class:`LimitTransport`).
        policy: The retry policy; ``sp_api.retry`` request extensions refine it per request.
        limiter: Where the current plan of a bucket is known, for the wait after a 429.
        sandbox: Requests go to a sandbox host (the plan to assume without a limiter).
        credential: The bucket owner when the request does not name one.
        sleep: How the sync path waits; ``async_sleep``: how the async path waits.
        clock: Monotonic seconds, to bound the total time.
        random_fraction: Draws a number in ``[0, 1)`` per decision, for the jitter (not for security).
    """

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        *,
        policy: RetryPolicy,
        limiter: RateLimiter | None = None,
        sandbox: bool = False,
        credential: str = "",
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        random_fraction: Callable[[], float] = random.random,
    ) -> None:
        """Wrap ``inner``; see the class docstring for the arguments."""
        self._inner = inner
        self._policy = policy
        self._limiter = limiter
        self._sandbox = sandbox
        self._credential = credential
        self._sleep = sleep
        self._async_sleep = async_sleep or async_pause
        self._clock = clock
        self._random = random_fraction

    # The decisions, shared by both paths.

    def _rate(self, request: httpx.Request, response: httpx.Response | None) -> float:
        if response is not None:
            reported = rate_from_headers(response.headers)
            if reported is not None:
                return reported
        operation = request.extensions.get(EXT_OPERATION)
        if operation and self._limiter is not None:
            credential = request.extensions.get(EXT_CREDENTIAL) or self._credential
            return self._limiter.limit_for(str(credential), str(operation)).rate
        return plan_for(str(operation) if operation else None, sandbox=self._sandbox).rate

    @staticmethod
    def _outcome(label: str, operation: Any, received: _Received) -> Outcome:
        if isinstance(received, httpx.TransportError):
            meaning = classify(received)
            if meaning is None:
                raise _network_error(label, received, operation) from _safe_cause(received)
            return Outcome.failed(meaning[0], is_sent=meaning[1])
        if received is None:  # pragma: no cover (the drivers always send back a response or an exception)
            msg = "the retry flow expected a response"
            raise RuntimeError(msg)
        if _body_is_unusable(operation, received):
            return Outcome.failed("body", is_sent=True)
        retry_after = parse_retry_after(received.headers.get("retry-after"), now=time.time())
        return Outcome.status(received.status_code, retry_after_seconds=retry_after)

    def _flow(self, request: httpx.Request) -> Generator[_Step, Any, httpx.Response]:
        operation = request.extensions.get(EXT_OPERATION)
        policy = self._policy.with_overrides(request.extensions.get(EXT_RETRY))
        declared = request.extensions.get(EXT_IDEMPOTENT)
        if declared is None:
            idempotent = is_idempotent(str(operation) if operation else None, request.method)
        else:
            idempotent = bool(declared)
        label = _label(request)
        final: Final[_Received] = yield from retry_flow(
            policy,
            label=label,
            idempotent=idempotent,
            judge=lambda received: self._outcome(label, operation, received),
            rate=lambda received: self._rate(
                request, received if isinstance(received, httpx.Response) else None
            ),
            # Waiting for the limiter is pacing, not failing: it does not use up the retry budget, or a 429
            # after a long queue on a slow plan would be handed back instead of retried.
            clock=lambda: self._clock() - request.extensions.get(EXT_PACED, 0.0),
            random_fraction=self._random,
            succeeded=lambda received: (
                isinstance(received, httpx.Response)
                and 200 <= received.status_code < 300  # noqa: PLR2004
                and not _body_is_unusable(operation, received)
            ),
        )
        if final.decision is _SUCCESS and isinstance(final.received, httpx.Response):
            return final.received  # the common case
        assert final.outcome is not None  # noqa: S101 (_outcome raises instead of answering None)
        return _finish(label, operation, final.decision, final.outcome, final.received)

    # Sending, per path.

    def _send(self, request: httpx.Request) -> httpx.Response | httpx.TransportError:
        try:
            response = _sync_inner(self._inner).handle_request(request)
            if _is_whole(response):
                return response
            try:
                raw = b"".join(_stream(response, httpx.SyncByteStream))
            finally:
                response.close()
        except httpx.TransportError as exc:
            return exc
        return _buffered(request, response, raw)

    async def _send_async(self, request: httpx.Request) -> httpx.Response | httpx.TransportError:
        try:
            response = await _async_inner(self._inner).handle_async_request(request)
            if _is_whole(response):
                return response
            try:
                raw = b"".join([chunk async for chunk in _stream(response, httpx.AsyncByteStream)])
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            return exc
        return _buffered(request, response, raw)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, retrying as the policy allows."""
        return run_retries(self._flow(request), lambda: self._send(request), self._sleep)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, retrying as the policy allows, without blocking the event loop."""
        return await arun_retries(self._flow(request), lambda: self._send_async(request), self._async_sleep)

    def close(self) -> None:
        """Close the inner transport."""
        _sync_inner(self._inner).close()

    async def aclose(self) -> None:
        """Close the inner transport."""
        await _async_inner(self._inner).aclose()


# -- mapping failures onto our errors (the one place) ----------------------------------------------------


def _finish(
    label: str, operation: Any, decision: Decision, outcome: Outcome, received: _Received
) -> httpx.Response:
    """Hand back the last response, or raise what the last attempt amounts to."""
    if decision.verdict is Verdict.AMBIGUOUS:
        error = _ambiguous(label, decision.reason, operation, received)
        raise error from error.__cause__
    if isinstance(received, httpx.TransportError):
        raise _mapped(label, received, outcome, operation) from _safe_cause(received)
    if not isinstance(received, httpx.Response):  # pragma: no cover (see RetryTransport._outcome)
        msg = "the retry flow expected a response"
        raise TypeError(msg)
    if decision.reason != "success":
        logger.debug("%s: %s; handing the response back", label, decision.reason)
    return received


def _network_error(label: str, exc: httpx.TransportError, operation: Any) -> errors.NetworkError:
    msg = f"{label}: the request could not be sent ({type(exc).__name__}: {exc})"
    return errors.NetworkError(msg, operation=str(operation) if operation else None)


def _mapped(label: str, exc: httpx.TransportError, outcome: Outcome, operation: Any) -> errors.NetworkError:
    key = str(operation) if operation else None
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if outcome.failure == "connect":
        return errors.ConnectError(
            f"{label}: could not connect; the request was not sent ({detail})", operation=key
        )
    if outcome.failure == "timeout":
        where = "after the request was sent" if outcome.is_sent else "before the request was sent"
        return errors.RequestTimeoutError(f"{label}: timed out {where} ({detail})", operation=key)
    return errors.NetworkError(
        f"{label}: the connection failed after the request was sent ({detail})", operation=key
    )


def _safe_cause(exc: BaseException) -> BaseException | None:
    """Return ``exc`` to chain under our error, or ``None`` when its text (or its own cause's) holds a secret.

    httpx and h11 quote what they refuse (``Illegal header value b'...'``, the access token included), and a
    traceback prints every chained exception: such a chain is dropped, its redacted text is in our message.
    """
    from seller_central.redact import redact_text  # noqa: PLC0415 (only on a failure)

    link: BaseException | None = exc
    seen = 0
    while link is not None and seen < 10:  # noqa: PLR2004 (httpx chains are two or three deep)
        text = f"{link}"
        if redact_text(text) != text:
            return None
        link = link.__cause__ or link.__context__
        seen += 1
    return exc


def _ambiguous(label: str, reason: str, operation: Any, received: _Received) -> errors.AmbiguousResultError:
    key = str(operation) if operation else None
    request_id = ""
    cause = _safe_cause(received) if isinstance(received, httpx.TransportError) else None
    if isinstance(received, httpx.Response):
        if 200 <= received.status_code < 300:  # noqa: PLR2004
            return _unusable_success(label, operation, received)
        request_id = received.headers.get(REQUEST_ID_HEADER) or ""
        try:
            cause = errors.api_error_from_response(_decoded(received), operation=key)
        except httpx.DecodingError as exc:
            cause = exc
    where = f" [request id {request_id}]" if request_id else ""
    msg = (
        f"{label}: {reason}{where}. The request may or may not have been applied: check before sending it "
        "again, or opt in to retrying such failures with retry_ambiguous=True."
    )
    error = errors.AmbiguousResultError(msg, operation=key)
    error.__cause__ = cause
    return error


def _unusable_success(label: str, operation: Any, received: httpx.Response) -> errors.AmbiguousResponseError:
    """Describe a success whose body is cut short or not JSON, answered to a state-changing request."""
    try:
        readable = _decoded(received)
        excerpt = readable.text[:500] if readable.content else None
    except httpx.DecodingError:
        excerpt = None
    request_id = received.headers.get(REQUEST_ID_HEADER)
    where = f" [request id {request_id}]" if request_id else ""
    msg = (
        f"{label}: HTTP {received.status_code} with a body that is not the JSON the model documents{where}. "
        "The request may or may not have been applied: check the resource before sending it again, or opt "
        "in to retrying such failures with retry_ambiguous=True."
    )
    error = errors.AmbiguousResponseError(
        status_code=received.status_code,
        request_id=request_id,
        operation=str(operation) if operation else None,
        body=excerpt,
        message=msg,
    )
    error.__cause__ = None
    return error


# -- the stack ------------------------------------------------------------------------------------------


class Borrowed(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A transport its caller owns, such as one pool shared by many clients.

    Requests pass through; closing a client leaves the transport open for the others, and its owner closes it.
    """

    def __init__(self, inner: httpx.BaseTransport | httpx.AsyncBaseTransport) -> None:
        """Wrap ``inner`` without taking ownership of it."""
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the owner's transport."""
        return _sync_inner(self.inner).handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the owner's transport."""
        return await _async_inner(self.inner).handle_async_request(request)

    def close(self) -> None:
        """Leave the transport open: its owner closes it."""

    async def aclose(self) -> None:
        """Leave the transport open: its owner closes it."""


def default_transport(proxy: str | None = None) -> httpx.HTTPTransport:
    """Return the innermost sync transport a client makes for itself (through ``proxy``, when given)."""
    return httpx.HTTPTransport(proxy=proxy, limits=DEFAULT_LIMITS, verify=ssl_context())


def default_async_transport(proxy: str | None = None) -> httpx.AsyncHTTPTransport:
    """Return httpx's own innermost async transport, as :func:`default_transport` does."""
    return httpx.AsyncHTTPTransport(proxy=proxy, limits=DEFAULT_LIMITS, verify=ssl_context())


def build_transport(
    *,
    connection: Connection,
    backend: Backend,
    retry: RetryPolicy,
    rate_limit: bool = True,
    inner: Any = None,
    sleep: Callable[[float], Any] | None = None,
    clock: Callable[[], float] | None = None,
    asynchronous: bool = False,
) -> Any:
    """Build ``RetryTransport(LimitTransport(inner))`` for ``httpx.Client``, or ``httpx.AsyncClient``.

    Args:
        connection: Gives the default credential of the buckets and whether the host is a sandbox.
        backend: Where the buckets live.
        retry: The retry policy.
        rate_limit: Wait for tokens (without it, only 429s slow requests down).
        inner: The transport that sends (default: :func:`default_transport` or
            :func:`default_async_transport`).
        sleep: Replaces ``time.sleep``, or ``asyncio.sleep`` when ``asynchronous`` (tests).
        clock: Replaces the clocks of the limiter and of the total-time bound (tests).
        asynchronous: Build the stack for ``httpx.AsyncClient``.
    """
    waits: dict[str, Any]
    if asynchronous:
        base, waits = (
            inner if inner is not None else default_async_transport(),
            {"async_sleep": sleep or async_pause},
        )
    else:
        base, waits = inner if inner is not None else default_transport(), {"sleep": sleep or time.sleep}
    limiter = RateLimiter(backend, sandbox=connection.is_sandbox_endpoint, clock=clock or time.time)
    limited = (
        LimitTransport(base, limiter=limiter, credential=connection.credential_id, **waits)
        if rate_limit
        else base
    )
    return RetryTransport(
        limited,
        policy=retry,
        limiter=limiter if rate_limit else None,
        sandbox=connection.is_sandbox_endpoint,
        credential=connection.credential_id,
        clock=clock or time.monotonic,
        **waits,
    )


def build_async_transport(**options: Any) -> httpx.AsyncBaseTransport:
    """Build the stack of :func:`build_transport` for ``httpx.AsyncClient``."""
    stack: httpx.AsyncBaseTransport = build_transport(**options, asynchronous=True)
    return stack
