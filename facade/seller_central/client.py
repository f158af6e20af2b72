"""``SellerCentral`` and ``AsyncSellerCentral``: one method per action of the connector spec.

Each client builds its HTTP stack once, in one place for both (:class:`_Setup`): an ``httpx`` client whose
auth chooses the token (LWA, grantless or Restricted Data Token) and whose transport limits the rate and
retries what is safe to retry. Every action, page and raw request goes through that one stack and one
connection pool.

The action methods are one line each: the action (a pure function in :mod:`seller_central.actions`) turns
the inputs into a call, and ``_send`` sends it. The two classes differ only in ``await``.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Self, TypeVar

import httpx
from selling_partner_api.namespaces import AsyncNamespaces, Namespaces

from seller_central import _send
from seller_central import actions as _actions
from seller_central._action_methods import ActionMethods, AsyncActionMethods
from seller_central._aio import sleep as async_pause
from seller_central._operation_call import operation_call
from seller_central._workflow_methods import AsyncWorkflowMethods, WorkflowMethods
from seller_central.auth import USER_AGENT, SpApiAuth
from seller_central.backends.memory import MemoryBackend
from seller_central.calls import (
    REQUEST_ID_HEADER,
    Call,
    Context,
    Download,
    Emit,
    Flow,
    FlowRun,
    Page,
    Pages,
    RawCall,
    Sleep,
    Stream,
    StreamRun,
    Upload,
)
from seller_central.errors import ClientClosedError, ConfigurationError
from seller_central.pagination import PageWalk, operation_pages
from seller_central.retry import RetryPolicy
from seller_central.tokens import TokenManager
from seller_central.transport import (
    DEFAULT_LIMITS,
    Borrowed,
    build_transport,
    default_async_transport,
    default_transport,
    ssl_context,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    from seller_central.backends.base import Backend
    from seller_central.connection import Connection
    from seller_central.documents import AsyncDocumentClient, DocumentClient
    from seller_central.local_sandbox import Lease

__all__ = ["DEFAULT_TIMEOUT", "AsyncSellerCentral", "SellerCentral"]

T = TypeVar("T")
R = TypeVar("R")
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)

#: Connect quickly or fail; allow SP-API's slower operations (reports, large pages) a minute to answer.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


def _innermost(
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
    *,
    asynchronous: bool,
    proxy: str | None,
    http: str,
) -> Any:
    """Return the transport under the limit and retry layers: the caller's (borrowed), aiohttp's or httpx's.

    aiohttp only when asked for (``http="aiohttp"``, the ``[speedups]`` extra), on the async client; ``None``
    leaves the choice to :func:`~seller_central.transport.build_transport` (httpx's own, pooled).
    """
    if http not in ("httpx", "aiohttp"):
        msg = f"http must be 'httpx' or 'aiohttp', got {http!r}"
        raise ConfigurationError(msg)
    if http == "aiohttp":
        if not asynchronous or transport is not None:
            msg = "http='aiohttp' is an option of AsyncSellerCentral, without transport= (which replaces it)"
            raise ConfigurationError(msg)
        from seller_central import aiohttp_transport  # noqa: PLC0415 (only when asked for)

        if not aiohttp_transport.available():
            msg = "http='aiohttp' needs aiohttp: install seller-central[speedups]"
            raise ConfigurationError(msg)
        return aiohttp_transport.AiohttpTransport(limits=DEFAULT_LIMITS, verify=ssl_context(), proxy=proxy)
    if transport is not None:
        return Borrowed(transport)
    if proxy:
        return default_async_transport(proxy) if asynchronous else default_transport(proxy)
    return None


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
        response.headers.get(REQUEST_ID_HEADER, "-"),
    )


def _no_cookies() -> http.cookiejar.CookieJar:
    """Return a jar whose policy accepts no cookie: SP-API authenticates every request with a token.

    :meth:`_HttpClient.dispatch` stores no cookie in the first place; should anything else read an answer
    into the jar, the policy refuses it, so a cookie some answer sets (a load balancer's, a proxy's) is never
    sent back. A ``Cookie`` header a caller passes on purpose is sent as given.
    """
    return http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=()))


def _closed() -> ClientClosedError:
    return ClientClosedError("this client is closed: build a new one (or keep it open) to send more requests")


class _Stacked(Generic[TransportT]):
    """What both httpx client subclasses keep beside httpx's own state.

    That is the transport stack they send through, the auth whose flow they drive, and the client whose pool
    they borrow (``for_seller``). One definition for :class:`_HttpClient` and :class:`_AsyncHttpClient`.
    """

    _stack: TransportT
    _sp_auth: SpApiAuth
    _owner: httpx.Client | httpx.AsyncClient | None

    if TYPE_CHECKING:

        @property
        def is_closed(self) -> bool:
            """Whether httpx closed the client (``Client.is_closed``, ``AsyncClient.is_closed``)."""

    def __init__(
        self,
        *,
        transport: TransportT,
        auth: SpApiAuth,
        owner: httpx.Client | httpx.AsyncClient | None = None,
        **options: Any,
    ) -> None:
        # The next class in the MRO is httpx.Client or httpx.AsyncClient (the only two bases this mixes into).
        super().__init__(transport=transport, auth=auth, **options)  # type: ignore[call-arg]
        self._stack, self._sp_auth = transport, auth
        self._owner = owner  # the client whose pool this one borrows (for_seller), or None

    @property
    def is_usable(self) -> bool:
        """Say whether neither this client nor the one whose pool it borrows is closed."""
        return not (self.is_closed or (self._owner is not None and self._owner.is_closed))


class _HttpClient(_Stacked[httpx.BaseTransport], httpx.Client):
    """``httpx.Client`` as the stack uses it: it builds requests, and :meth:`dispatch` sends them.

    ``dispatch`` runs the auth flow over the transport stack and nothing else, through public API only
    (``Client.build_request``, the auth's flow, ``BaseTransport.handle_request``). ``Client.send`` would also
    follow redirects (SP-API does not redirect, and following one could carry the token to another host),
    run event hooks and read every answer into the cookie store: on a small call that costs about a sixth of
    the whole call (benchmarks/compare.py: warm getFeed 345 us by ``dispatch``, 404 us by ``send``).
    """

    def _exchange(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = self._stack.handle_request(request)
        response.read()  # already buffered by the retry layer: this decodes Content-Encoding only
        if _http_log.isEnabledFor(logging.DEBUG):
            _log_exchange(request, response, started)
        return response

    def dispatch(self, request: httpx.Request) -> httpx.Response:
        """Authenticate ``request`` and send it through the stack; return the read response."""
        if not self.is_usable:
            raise _closed()
        request.read()  # the flow may send it twice
        with self._sp_auth.driver(request) as driver:
            step = driver.first()
            while step is not None:
                if isinstance(step, httpx.Request):
                    answer = response = self._exchange(step)
                else:
                    answer = driver.fulfil(step)
                step = driver.send(answer)
        return response


class _AsyncHttpClient(_Stacked[httpx.AsyncBaseTransport], httpx.AsyncClient):
    """``httpx.AsyncClient`` as the stack uses it; see :class:`_HttpClient`."""

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = await self._stack.handle_async_request(request)
        await response.aread()
        if _http_log.isEnabledFor(logging.DEBUG):
            _log_exchange(request, response, started)
        return response

    async def dispatch(self, request: httpx.Request) -> httpx.Response:
        """Authenticate ``request`` and send it through the stack; return the read response."""
        if not self.is_usable:
            raise _closed()
        await request.aread()
        async with self._sp_auth.driver(request) as driver:
            step = driver.first()
            while step is not None:
                if isinstance(step, httpx.Request):
                    answer = response = await self._exchange(step)
                else:
                    answer = await driver.afulfil(step)
                step = driver.send(answer)
        return response


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
        # Our User-Agent as a default header: auth then finds it set instead of replacing httpx's on every
        # request (warm getFeed: a header store, about 2 µs).
        "headers": {"user-agent": USER_AGENT},
        # Proxies from the environment would be mounted beside our transport and skip the rate-limit and
        # retry layers; a proxy is passed explicitly (``proxy=``) and becomes the innermost transport instead.
        "trust_env": False,
        "cookies": _no_cookies(),
    }


SleepT = TypeVar("SleepT", Callable[[float], None], Callable[[float], Awaitable[Any]])


class _Lent(Borrowed):
    """The parent client's pool, lent to a client made by ``for_seller``.

    Closing the child leaves the pool open (it is borrowed); once the parent closed it, any request through
    it raises :class:`~seller_central.errors.ClientClosedError` before it is sent (a closed httpx pool would
    quietly open new connections, and an aiohttp session would be made again).
    """

    def __init__(self, inner: Any, owner: httpx.Client | httpx.AsyncClient) -> None:
        super().__init__(inner)
        self.owner = owner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the parent's pool, unless the parent closed it."""
        if self.owner.is_closed:
            raise _closed()
        return super().handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the parent's pool, unless the parent closed it."""
        if self.owner.is_closed:
            raise _closed()
        return await super().handle_async_request(request)


class _Setup(Generic[TransportT, SleepT]):
    """What both clients build when made, in one place: context, backend, tokens, retry, transports.

    Each client says only whether it is the asyncio one; the documents client is made on first use from
    ``_document_options``. :meth:`for_seller` builds another client the same way over this one's pool.
    """

    _asynchronous: ClassVar[bool]
    _sleep: Callable[[float], Any]
    _http: _HttpClient | _AsyncHttpClient

    @property
    def connection(self) -> Connection:
        """The connection this client authenticates with."""
        return self._context.connection

    def __init__(
        self,
        connection: Connection,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        backend: Backend | None = None,
        rate_limit: bool = True,
        restricted_data_tokens: bool = True,
        transport: TransportT | None = None,
        proxy: str | None = None,
        http: Literal["httpx", "aiohttp"] = "httpx",
        sleep: SleepT | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        asynchronous = self._asynchronous
        inner = _innermost(transport, asynchronous=asynchronous, proxy=proxy, http=http)
        if inner is None:
            # Fan-out (connections): one pool per client, made here, serves its SP-API calls, its LWA token
            # requests and its documents, and is lent to the clients for_seller makes (was: three pools each).
            inner = default_async_transport() if asynchronous else default_transport()
        self._setup(
            connection,
            inner,
            {
                "timeout": DEFAULT_TIMEOUT if timeout is None else timeout,
                "retry": retry or RetryPolicy(),  # one policy: SP-API calls, the LWA token request, documents
                "backend": backend or MemoryBackend(),
                "rate_limit": rate_limit,
                "restricted_data_tokens": restricted_data_tokens,
                "sleep": sleep,
                "clock": clock,
            },
        )

    def _setup(self, connection: Connection, inner: Any, shared: dict[str, Any]) -> None:
        """Build the stack over ``inner`` (this client's own pool, or one lent) with ``shared`` options."""
        asynchronous = self._asynchronous
        self._shared = shared
        self._pool = inner
        backend, retry, sleep, clock = shared["backend"], shared["retry"], shared["sleep"], shared["clock"]
        self._context = Context(connection=connection)
        self._sleep = sleep or (async_pause if asynchronous else time.sleep)
        # The token requests and documents borrow the pool: only the SP-API stack closes it.
        lent = inner if isinstance(inner, Borrowed) else Borrowed(inner)
        side = (
            {"async_transport": lent, "async_sleep": sleep}
            if asynchronous
            else {"transport": lent, "sleep": sleep}
        )
        self.tokens = TokenManager(
            connection, backend=backend, clock=clock, retry=retry, retry_clock=clock, **side
        )
        layers = build_transport(
            connection=connection,
            backend=backend,
            retry=retry,
            rate_limit=shared["rate_limit"],
            inner=inner,
            sleep=sleep,
            clock=clock,
            asynchronous=asynchronous,
        )
        options = _client_options(
            connection,
            self.tokens,
            timeout=shared["timeout"],
            restricted_data_tokens=shared["restricted_data_tokens"],
        )
        owner: Any = inner.owner if isinstance(inner, _Lent) else None
        self._http = (_AsyncHttpClient if asynchronous else _HttpClient)(
            transport=layers, owner=owner, **options
        )
        # A local sandbox this process started runs while a client holds it (see local_sandbox).
        self._sandbox_lease: Lease | None = None
        if connection.sandbox == "local":
            from seller_central.local_sandbox import lease  # noqa: PLC0415 (only for sandbox="local")

            self._sandbox_lease = lease(connection.base_url)
        # Presigned-document transfers are rare; their client (and module) is made on first use.
        self._document_options = {
            "transport": lent,
            "timeout": options["timeout"],
            "retry": retry,
            "sleep": self._sleep,
            "clock": clock or time.monotonic,
        }

    @classmethod
    def local_sandbox(cls, *, endpoint: str | None = None, **options: Any) -> Self:
        """Return a client of the local sandbox, found or started in this process; no credentials needed.

        The sandbox is the one at ``endpoint``, else at ``SP_API_ENDPOINT`` when that is a loopback URL (what
        ``seller-central sandbox serve`` prints), else one answering on port 8765, else one started in this
        process and stopped when the client closes. ``options`` are the constructor's (``timeout``,
        ``retry``, ...). On :class:`AsyncSellerCentral` it returns an asyncio client.
        """
        from seller_central.connection import OAuthConnection  # noqa: PLC0415

        where = {} if endpoint is None else {"endpoint": endpoint}
        return cls(OAuthConnection(sandbox="local", **where), **options)

    def for_seller(self, connection: Connection) -> Self:
        """Return a client for another seller (``connection``) that shares this client's connection pool.

        A multi-seller app builds one client and one child per seller: every child sends through this
        client's pool (its transport, including ``http="aiohttp"`` or a ``transport=`` passed in, and its
        proxy), with its timeout, retry policy, backend and rate-limit switch, while the child has its own
        credentials, LWA token cache and rate-limit buckets (per credential and operation). Closing a child
        leaves the pool open; closing this client closes it, and a child used after that raises
        :class:`~seller_central.errors.ClientClosedError` before anything is sent.
        """
        if not self._http.is_usable:
            raise _closed()
        child = type(self).__new__(type(self))
        lent = self._pool.inner if isinstance(self._pool, _Lent) else self._pool
        owner = self._pool.owner if isinstance(self._pool, _Lent) else self._http
        # Fan-out (wall time): a child reuses the parent's pool and options instead of building its own.
        child._setup(connection, _Lent(lent, owner), self._shared)  # noqa: SLF001 (same class)
        return child


class SellerCentral(
    ActionMethods, WorkflowMethods, Namespaces, _Setup[httpx.BaseTransport, Callable[[float], None]]
):
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
        http: ``"httpx"`` (the default) or, on :class:`AsyncSellerCentral` only, ``"aiohttp"``: send through
            aiohttp (the ``[speedups]`` extra), several times faster for fan-out over many sellers. aiohttp
            is never used unless asked for here (or passed as ``transport=AiohttpTransport()``).
        sleep: How to wait (tests pass a fake); ``clock``: what time it is (tests pass a fake).
    """

    _asynchronous = False
    _http: _HttpClient
    _document_client: DocumentClient | None = None

    def close(self) -> None:
        """Close the connection pools (and stop a local sandbox this client alone kept running)."""
        self._http.close()
        if self._document_client is not None:
            self._document_client.close()
        self.tokens.close()
        if self._sandbox_lease is not None:
            self._sandbox_lease.release()

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
        """Run a flow to its result; a step that fails is thrown into the flow (see ``calls.FlowRun``)."""
        with contextlib.closing(FlowRun(flow)) as run:
            for step in run:
                with run.performing():
                    result = self._step(step)
                    if on_step is not None:
                        on_step(step, result)
                    run.answer(result)
        return run.value

    def _stream(self, body: Stream[T]) -> Iterator[T]:
        """Drive a streaming workflow: send its steps, hand out what it emits (see ``calls.StreamRun``)."""
        with contextlib.closing(StreamRun(body)) as run:
            for step in run:
                if not isinstance(step, Emit):
                    with run.performing():
                        run.answer(self._step(step))
                else:
                    yield step.value

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


class AsyncSellerCentral(
    AsyncActionMethods,
    AsyncWorkflowMethods,
    AsyncNamespaces,
    _Setup[httpx.AsyncBaseTransport, Callable[[float], Awaitable[Any]]],
):
    """The asyncio client: the same methods as :class:`SellerCentral`, awaited. Use ``async with``.

    Takes the arguments of :class:`SellerCentral`; ``sleep`` is awaited, and ``http="aiohttp"`` sends
    through aiohttp (the ``[speedups]`` extra) instead of httpx's own transport.
    """

    _asynchronous = True
    _http: _AsyncHttpClient
    _document_client: AsyncDocumentClient | None = None

    async def aclose(self) -> None:
        """Close the connection pools (and stop a local sandbox this client alone kept running)."""
        await self._http.aclose()
        if self._document_client is not None:
            await self._document_client.aclose()
        await self.tokens.aclose()
        if self._sandbox_lease is not None:
            self._sandbox_lease.release()

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
        """Run a flow to its result (see :meth:`SellerCentral._drive`): the same ``FlowRun``, awaited."""
        with contextlib.closing(FlowRun(flow)) as run:
            for step in run:
                with run.performing():
                    result = await self._step(step)
                    if on_step is not None:
                        on_step(step, result)
                    run.answer(result)
        return run.value

    async def _stream(self, body: Stream[T]) -> AsyncIterator[T]:
        """Drive a streaming workflow (see :meth:`SellerCentral._stream`), ``async for``."""
        with contextlib.closing(StreamRun(body)) as run:
            for step in run:
                if not isinstance(step, Emit):
                    with run.performing():
                        run.answer(await self._step(step))
                else:
                    yield step.value

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
