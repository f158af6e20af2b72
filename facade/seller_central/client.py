"""``SellerCentral`` and ``AsyncSellerCentral``: one method per action of the connector spec.

Each client builds its HTTP stack once: an ``httpx`` client whose auth chooses the token (LWA, grantless
or Restricted Data Token) and whose transport limits the rate and retries what is safe to retry. Every
action, page and raw request goes through that one stack and one connection pool.

The action methods are one line each: the action (a pure function in :mod:`seller_central.actions`) turns
the inputs into a call, and ``_send`` sends it. The two classes differ only in ``await``.
"""

from __future__ import annotations

import http.cookiejar
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx
from selling_partner_api.namespaces import AsyncNamespaces, Namespaces

from seller_central import _send
from seller_central import actions as _actions
from seller_central._action_methods import ActionMethods, AsyncActionMethods
from seller_central._aio import sleep as async_pause
from seller_central._operation_call import operation_call
from seller_central._tls import ssl_context
from seller_central.actions._spec import Call, Context, Download, Flow, Page, Pages, RawCall, Sleep, Upload
from seller_central.auth import SpApiAuth
from seller_central.backends.memory import MemoryBackend
from seller_central.errors import ClientClosedError
from seller_central.pagination import PageWalk, operation_pages
from seller_central.retry import RetryPolicy
from seller_central.tokens import TokenManager
from seller_central.transport import (
    DEFAULT_LIMITS,
    Borrowed,
    build_async_transport,
    build_transport,
    default_async_transport,
    default_transport,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    from seller_central.backends.base import Backend
    from seller_central.connection import Connection
    from seller_central.documents import AsyncDocumentClient, DocumentClient

__all__ = ["DEFAULT_TIMEOUT", "AsyncSellerCentral", "SellerCentral"]

T = TypeVar("T")
R = TypeVar("R")

#: Connect quickly or fail; allow SP-API's slower operations (reports, large pages) a minute to answer.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


def _default_async_transport(proxy: str | None) -> httpx.AsyncBaseTransport | None:
    """Return the innermost transport an async client builds for itself.

    aiohttp's when aiohttp is installed (several times faster for fan-out), else a proxy transport when a
    proxy is given, else ``None`` (the stack then uses httpx's own).
    """
    from seller_central import aiohttp_transport  # noqa: PLC0415 (async clients only)

    if aiohttp_transport.available():
        return aiohttp_transport.AiohttpTransport(limits=DEFAULT_LIMITS, verify=ssl_context(), proxy=proxy)
    return default_async_transport(proxy) if proxy else None


class _KeepNothing(http.cookiejar.CookieJar):
    """A cookie jar that stores nothing, whoever offers it a cookie."""

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        """Drop ``cookie``."""
        del cookie

    def extract_cookies(self, response: Any, request: Any) -> None:
        """Drop every cookie ``response`` sets."""
        del response, request


class _NoCookies(httpx.Cookies):
    """Cookies that stay empty: SP-API authenticates every request with a token.

    A cookie some answer sets (a load balancer's, a proxy's) is never sent back with a later request, and
    reading it into a store costs more than the rest of the client's own work on a small call.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep nothing from ``response`` (without building the urllib objects a jar would read)."""
        del response


_NO_COOKIES = _NoCookies(_KeepNothing())


class _Stateless:
    """What both HTTP clients share: their ``cookies`` are always the empty :data:`_NO_COOKIES`."""

    @property
    def cookies(self) -> httpx.Cookies:
        return _NO_COOKIES

    @cookies.setter
    def cookies(self, value: Any) -> None:
        del value  # nothing is kept


#: One DEBUG line per SP-API exchange: method, URL (redacted), status, time and Amazon's request id.
_http_log = logging.getLogger("seller_central.http")


def _log_exchange(request: httpx.Request, response: httpx.Response, started: float) -> None:
    from seller_central.redact import redact_url  # noqa: PLC0415 (only when DEBUG logging is on)

    _http_log.debug(
        "%s %s -> HTTP %d in %.1f ms (request id %s)",
        request.method,
        redact_url(request.url),
        response.status_code,
        (time.perf_counter() - started) * 1000,
        response.headers.get("x-amzn-RequestId", "-"),
    )


def _closed() -> ClientClosedError:
    return ClientClosedError("this client is closed: build a new one (or keep it open) to send more requests")


class _HttpClient(_Stateless, httpx.Client):
    """``httpx.Client`` as the stack uses it: it builds requests, and :meth:`dispatch` sends them.

    ``dispatch`` runs the auth flow over the transport stack and nothing else. ``send`` would also follow
    redirects (SP-API does not redirect, and following one could carry the token to another host), fire
    event hooks (there are none) and store cookies (there are none); on a small call that bookkeeping
    costs about as much as the rest of the client's own work.
    """

    def __init__(self, *, transport: httpx.BaseTransport, auth: httpx.Auth, **options: Any) -> None:
        super().__init__(transport=transport, auth=auth, **options)
        self._stack = transport
        self._flow_of = auth.sync_auth_flow

    def dispatch(self, request: httpx.Request) -> httpx.Response:
        """Authenticate ``request`` and send it through the stack; return the read response."""
        if self.is_closed:
            raise _closed()
        flow = self._flow_of(request)
        try:
            request = next(flow)
            while True:
                started = time.perf_counter()
                response = self._stack.handle_request(request)
                response.read()  # already buffered by the retry layer: this decodes Content-Encoding only
                if _http_log.isEnabledFor(logging.DEBUG):
                    _log_exchange(request, response, started)
                try:
                    request = flow.send(response)  # the token was refused: auth sends again with a new one
                except StopIteration:
                    return response
                response.close()
        finally:
            flow.close()


class _AsyncHttpClient(_Stateless, httpx.AsyncClient):
    """``httpx.AsyncClient`` as the stack uses it; see :class:`_HttpClient`."""

    def __init__(self, *, transport: httpx.AsyncBaseTransport, auth: httpx.Auth, **options: Any) -> None:
        super().__init__(transport=transport, auth=auth, **options)
        self._stack = transport
        self._flow_of = auth.async_auth_flow

    async def dispatch(self, request: httpx.Request) -> httpx.Response:
        """Authenticate ``request`` and send it through the stack; return the read response."""
        if self.is_closed:
            raise _closed()
        flow = self._flow_of(request)
        try:
            request = await flow.__anext__()
            while True:
                started = time.perf_counter()
                response = await self._stack.handle_async_request(request)
                await response.aread()
                if _http_log.isEnabledFor(logging.DEBUG):
                    _log_exchange(request, response, started)
                try:
                    request = await flow.asend(response)
                except StopAsyncIteration:
                    return response
                await response.aclose()
        finally:
            await flow.aclose()


def _client_options(
    connection: Connection,
    tokens: TokenManager,
    *,
    timeout: float | httpx.Timeout | None,
    restricted_data_tokens: bool,
) -> dict[str, Any]:
    """Return the httpx client options both clients share (everything but the transport)."""
    return {
        "base_url": connection.base_url,
        "auth": SpApiAuth(connection, tokens=tokens, restricted_data_tokens=restricted_data_tokens),
        "timeout": DEFAULT_TIMEOUT if timeout is None else timeout,
        "follow_redirects": False,
        # Proxies from the environment would be mounted beside our transport and skip the rate-limit and
        # retry layers; a proxy is passed explicitly (``proxy=``) and becomes the innermost transport instead.
        "trust_env": False,
    }


class SellerCentral(ActionMethods, Namespaces):
    """The synchronous client. Use it as a context manager, or call :meth:`close` when done.

    Besides the actions, every operation of every model: ``api.<package>.<operation>(...)`` (typed, e.g.
    ``api.reports_2021_06_30.create_report(body=...)``) or ``api.call("<package>.<operationId>", ...)``.

    Args:
        connection: An :class:`~seller_central.OAuthConnection` or a
            :class:`~seller_central.ClientCredentialsConnection`.
        timeout: Seconds, or an ``httpx.Timeout`` (default: connect 10 s, read 60 s); each action also
            takes a per-call ``timeout`` where the spec has one.
        retry: The retry policy (attempts, total time, whether to retry ambiguous failures).
        backend: Shared state for rate limits and tokens (in memory by default; Redis for many workers).
        rate_limit: Wait for the usage plan instead of letting SP-API answer 429 (default on).
        restricted_data_tokens: Fetch RDTs automatically for restricted operations (default on).
        transport: The innermost httpx transport: limits and retries still wrap it. The caller keeps owning
            it (closing the client leaves it open), so one pool can serve many clients; tests pass
            ``httpx.MockTransport``.
        proxy: An HTTP(S) proxy URL for every request (SP-API, LWA and documents). Proxy environment
            variables are not read, so that no request can bypass the limit and retry layers.
        sleep: How to wait (tests pass a fake); ``clock``: what time it is (tests pass a fake).
    """

    def __init__(
        self,
        connection: Connection,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        backend: Backend | None = None,
        rate_limit: bool = True,
        restricted_data_tokens: bool = True,
        transport: httpx.BaseTransport | None = None,
        proxy: str | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        backend = backend or MemoryBackend()
        inner: httpx.BaseTransport | None = Borrowed(transport) if transport is not None else None
        if inner is None and proxy:
            inner = default_transport(proxy)
        self._context = Context(connection=connection)
        self._sleep = sleep or time.sleep
        retry = retry or RetryPolicy()
        # One retry policy for SP-API calls, the LWA token request and document transfers.
        self.tokens = TokenManager(
            connection,
            backend=backend,
            transport=inner,
            clock=clock,
            retry=retry,
            sleep=sleep,
            retry_clock=clock,
        )
        layers = build_transport(
            connection=connection,
            backend=backend,
            retry=retry,
            rate_limit=rate_limit,
            inner=inner,
            sleep=sleep,
            clock=clock,
        )
        options = _client_options(
            connection, self.tokens, timeout=timeout, restricted_data_tokens=restricted_data_tokens
        )
        self._http = _HttpClient(transport=layers, **options)
        # Presigned-document transfers are rare; their pool (and module) is made on first use.
        self._document_options = {
            "transport": inner,
            "timeout": options["timeout"],
            "retry": retry,
            "sleep": self._sleep,
            "clock": clock or time.monotonic,
        }
        self._document_client: DocumentClient | None = None

    @property
    def connection(self) -> Connection:
        """The connection this client authenticates with."""
        return self._context.connection

    def close(self) -> None:
        """Close the connection pools."""
        self._http.close()
        if self._document_client is not None:
            self._document_client.close()
        self.tokens.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- the engine --------------------------------------------------------------------------------------

    def _send(self, call: Call[T]) -> T:
        call = self._with_timeout(call)
        request = self._http.build_request(**_send.prepare_call(self._context, call))
        response = self._http.dispatch(request)
        return _send.finish_call(call, response)

    def _send_raw(self, call: RawCall) -> Any:
        call = self._with_timeout(call)
        request = self._http.build_request(**_send.prepare_raw(self._context, call))
        return _send.finish_raw(call, self._http.dispatch(request))

    def _run_operation(
        self, key: str, arguments: Mapping[str, Any], data_elements: Sequence[str] | None = None, /
    ) -> Any:
        return self._send(operation_call(key, arguments, data_elements))

    def call(self, key: str, /, **params: Any) -> Any:
        """Send any operation by its key and return its success body, the typed model (``None`` if none).

        ``api.call("reports_2021_06_30.createReport", body={...})`` is
        ``api.reports_2021_06_30.create_report(body={...})``: the key as in the operation table, the
        parameters of the generated ``request_kwargs`` (``body=`` a model or a dict, sent as JSON), and
        ``data_elements=[...]`` for the operations that need a Restricted Data Token only for some data
        (getOrders, getOrder, getOrderItems). Errors raise.

        Raises:
            InvalidInputError: an unknown key or parameter, or a missing required one (nothing is sent).
        """
        return self._run_operation(key, params)

    def _documents(self) -> DocumentClient:
        if self._document_client is None:
            from seller_central.documents import DocumentClient  # noqa: PLC0415 (see __init__)

            self._document_client = DocumentClient(**self._document_options)
        return self._document_client

    def _step(self, step: Any) -> Any:
        if isinstance(step, Call):
            return self._send(step)
        if isinstance(step, RawCall):
            return self._send_raw(step)
        if isinstance(step, Upload):
            return self._documents().upload(step)
        if isinstance(step, Download):
            return self._documents().download(step)
        if isinstance(step, Sleep):
            self._sleep(step.seconds)
            return None
        msg = f"unknown step {step!r}"
        raise TypeError(msg)

    def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        try:
            step = next(flow)
            while True:
                result = self._step(step)
                if on_step is not None:
                    on_step(step, result)
                step = flow.send(result)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]  # a Flow's return value is its T

    def _pages(self, pages: Pages[T, Any], max_pages: int | None = None) -> Iterator[T]:
        return self._walk(pages, PageWalk(pages, max_pages=max_pages))  # max_pages is checked here, now

    def _walk(self, pages: Pages[T, Any], walk: PageWalk[T]) -> Iterator[T]:
        call: Call[T] | None = pages.first
        while call is not None:
            page = self._send(call)
            yield page
            call = walk.after(call, page)  # after the page is out: a repeated token raises here

    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> Iterator[R]:
        return self._walk_items(pages, PageWalk(pages, max_pages=max_pages))

    def _walk_items(self, pages: Pages[T, R], walk: PageWalk[T]) -> Iterator[R]:
        for page in self._walk(pages, walk):
            yield from pages.items(page)

    # -- catalog-driven entry points (the CLI uses these) ---------------------------------------------------

    def run(
        self, name: str, inputs: Mapping[str, Any], *, on_step: Callable[[Any, Any], None] | None = None
    ) -> Any:
        """Run an action by name with a dict of inputs (what the CLI does).

        ``on_step(step, result)`` is called after each step of a multi-step action (progress displays).
        """
        built = _actions.build(name, self._context, inputs)
        if isinstance(built, Call):
            return self._send(built)
        if isinstance(built, RawCall):
            return self._send_raw(built)
        if isinstance(built, Pages):
            return self._send(built.first)
        return self._drive(built, on_step)

    def action_pages(
        self, name: str, inputs: Mapping[str, Any], *, max_pages: int | None = None
    ) -> Iterator[Page[Any, Any]]:
        """Yield every page of a paginated action (response and items), following its page token.

        ``max_pages`` stops quietly after that many pages. A page token SP-API sends twice raises
        :class:`~seller_central.errors.PaginationError` once the pages received so far were yielded.
        """
        pages = _actions.pages(name, self._context, inputs)
        responses = self._pages(pages, max_pages)
        return (Page(response=response, items=list(pages.items(response))) for response in responses)

    # -- every paginated operation, by key ----------------------------------------------------------------

    def pages(self, key: str, /, *, max_pages: int | None = None, **params: Any) -> Iterator[Any]:
        """Yield each page of a paginated operation as its typed response, following the page token.

        ``key`` as in the operation table (``reports_2021_06_30.getReports``), ``params`` the generated
        ``request_kwargs`` arguments of the first page. Later pages follow the operation's page-2 rule
        (``getReports`` sends the token alone, FBA Inbound v0 adds ``QueryType=NEXT_TOKEN``, the others
        repeat the arguments). An unknown, unpaginated or non-iterable key raises ``InvalidInputError``
        before anything is sent. ``max_pages`` stops quietly after that many pages; a repeated page token
        raises :class:`~seller_central.errors.PaginationError` after the pages received were yielded.
        """
        return self._pages(operation_pages(key, params), max_pages)

    def items(self, key: str, /, *, max_pages: int | None = None, **params: Any) -> Iterator[Any]:
        """Yield every item of every page of a paginated operation whose items the table names.

        See :meth:`pages`; an operation without one items list (``finances_v0.listFinancialEvents``)
        raises ``InvalidInputError``: iterate its pages.
        """
        return self._items(operation_pages(key, params, items=True), max_pages)


class AsyncSellerCentral(AsyncActionMethods, AsyncNamespaces):
    """The asyncio client: the same methods as :class:`SellerCentral`, awaited. Use ``async with``."""

    def __init__(
        self,
        connection: Connection,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        backend: Backend | None = None,
        rate_limit: bool = True,
        restricted_data_tokens: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
        proxy: str | None = None,
        sleep: Callable[[float], Any] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        backend = backend or MemoryBackend()
        inner: httpx.AsyncBaseTransport | None = Borrowed(transport) if transport is not None else None
        if inner is None:
            inner = _default_async_transport(proxy)
        self._context = Context(connection=connection)
        self._sleep = sleep or async_pause
        retry = retry or RetryPolicy()
        # One retry policy for SP-API calls, the LWA token request and document transfers.
        self.tokens = TokenManager(
            connection,
            backend=backend,
            async_transport=inner,
            clock=clock,
            retry=retry,
            async_sleep=sleep,
            retry_clock=clock,
        )
        layers = build_async_transport(
            connection=connection,
            backend=backend,
            retry=retry,
            rate_limit=rate_limit,
            inner=inner,
            sleep=sleep,
            clock=clock,
        )
        options = _client_options(
            connection, self.tokens, timeout=timeout, restricted_data_tokens=restricted_data_tokens
        )
        self._http = _AsyncHttpClient(transport=layers, **options)
        self._document_options = {
            "transport": inner,
            "timeout": options["timeout"],
            "retry": retry,
            "sleep": self._sleep,
            "clock": clock or time.monotonic,
        }
        self._document_client: AsyncDocumentClient | None = None

    @property
    def connection(self) -> Connection:
        """The connection this client authenticates with."""
        return self._context.connection

    async def aclose(self) -> None:
        """Close the connection pools."""
        await self._http.aclose()
        if self._document_client is not None:
            await self._document_client.aclose()
        await self.tokens.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # -- the engine --------------------------------------------------------------------------------------

    async def _send(self, call: Call[T]) -> T:
        call = self._with_timeout(call)
        request = self._http.build_request(**_send.prepare_call(self._context, call))
        response = await self._http.dispatch(request)
        return _send.finish_call(call, response)

    async def _send_raw(self, call: RawCall) -> Any:
        call = self._with_timeout(call)
        request = self._http.build_request(**_send.prepare_raw(self._context, call))
        return _send.finish_raw(call, await self._http.dispatch(request))

    async def _run_operation(
        self, key: str, arguments: Mapping[str, Any], data_elements: Sequence[str] | None = None, /
    ) -> Any:
        return await self._send(operation_call(key, arguments, data_elements))

    async def call(self, key: str, /, **params: Any) -> Any:
        """Send any operation by its key and return its success body (see :meth:`SellerCentral.call`)."""
        return await self._run_operation(key, params)

    def _documents(self) -> AsyncDocumentClient:
        if self._document_client is None:
            from seller_central.documents import AsyncDocumentClient  # noqa: PLC0415 (see __init__)

            self._document_client = AsyncDocumentClient(**self._document_options)
        return self._document_client

    async def _step(self, step: Any) -> Any:
        if isinstance(step, Call):
            return await self._send(step)
        if isinstance(step, RawCall):
            return await self._send_raw(step)
        if isinstance(step, Upload):
            return await self._documents().upload(step)
        if isinstance(step, Download):
            return await self._documents().download(step)
        if isinstance(step, Sleep):
            await self._sleep(step.seconds)
            return None
        msg = f"unknown step {step!r}"
        raise TypeError(msg)

    async def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        try:
            step = next(flow)
            while True:
                result = await self._step(step)
                if on_step is not None:
                    on_step(step, result)
                step = flow.send(result)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]  # a Flow's return value is its T

    def _pages(self, pages: Pages[T, Any], max_pages: int | None = None) -> AsyncIterator[T]:
        return self._walk(pages, PageWalk(pages, max_pages=max_pages))  # max_pages is checked here, now

    async def _walk(self, pages: Pages[T, Any], walk: PageWalk[T]) -> AsyncIterator[T]:
        call: Call[T] | None = pages.first
        while call is not None:
            page = await self._send(call)
            yield page
            call = walk.after(call, page)  # after the page is out: a repeated token raises here

    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> AsyncIterator[R]:
        return self._walk_items(pages, PageWalk(pages, max_pages=max_pages))

    async def _walk_items(self, pages: Pages[T, R], walk: PageWalk[T]) -> AsyncIterator[R]:
        async for page in self._walk(pages, walk):
            for item in pages.items(page):
                yield item

    async def run(
        self, name: str, inputs: Mapping[str, Any], *, on_step: Callable[[Any, Any], None] | None = None
    ) -> Any:
        """Run an action by name with a dict of inputs (see :meth:`SellerCentral.run`)."""
        built = _actions.build(name, self._context, inputs)
        if isinstance(built, Call):
            return await self._send(built)
        if isinstance(built, RawCall):
            return await self._send_raw(built)
        if isinstance(built, Pages):
            return await self._send(built.first)
        return await self._drive(built, on_step)

    def action_pages(
        self, name: str, inputs: Mapping[str, Any], *, max_pages: int | None = None
    ) -> AsyncIterator[Page[Any, Any]]:
        """Yield every page of a paginated action (see :meth:`SellerCentral.action_pages`), ``async for``."""
        pages = _actions.pages(name, self._context, inputs)
        return self._page_results(pages, self._pages(pages, max_pages))

    @staticmethod
    async def _page_results(
        pages: Pages[Any, Any], responses: AsyncIterator[Any]
    ) -> AsyncIterator[Page[Any, Any]]:
        async for response in responses:
            yield Page(response=response, items=list(pages.items(response)))

    def pages(self, key: str, /, *, max_pages: int | None = None, **params: Any) -> AsyncIterator[Any]:
        """Yield each page of a paginated operation, typed (see :meth:`SellerCentral.pages`)."""
        return self._pages(operation_pages(key, params), max_pages)

    def items(self, key: str, /, *, max_pages: int | None = None, **params: Any) -> AsyncIterator[Any]:
        """Yield every item of every page of a paginated operation (see :meth:`SellerCentral.items`)."""
        return self._items(operation_pages(key, params, items=True), max_pages)
