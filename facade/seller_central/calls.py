"""The vocabulary every layer shares: what an action hands the client, and what travels with a request.

This is the bottom module of the hand-written package: the actions (``actions/``), the clients, the send
path (``_send.py``), auth, the limiter and the retry layer import their shared words from here, and it
imports nothing of seller-central's.

- Call descriptions: :class:`Call` (one generated operation), :class:`RawCall` (Raw Request),
  :class:`Pages` (a paginated call) and the steps of a multi-step :data:`Flow` (:class:`Upload`,
  :class:`Download`, :class:`Sleep`), built against a :class:`Context`.
- Request extensions (``EXT_*``): the per-request facts each layer reads from ``request.extensions``.
- The response headers SP-API sets on every answer, and the one parser of ``x-amzn-RateLimit-Limit``.
"""

from __future__ import annotations

import contextlib
import math
import typing
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import IO, Any, Generic, NamedTuple, TypeVar

import attrs

if typing.TYPE_CHECKING:
    import httpx

    from seller_central.connection import Connection

__all__ = [
    "EXT_CREDENTIAL",
    "EXT_DATA_ELEMENTS",
    "EXT_IDEMPOTENT",
    "EXT_JSON",
    "EXT_OPERATION",
    "EXT_PACED",
    "EXT_RDT",
    "EXT_RETRY",
    "EXT_WHOLE",
    "RATE_LIMIT_HEADER",
    "REQUEST_ID_HEADER",
    "Call",
    "Context",
    "Download",
    "Emit",
    "Flow",
    "FlowRun",
    "Page",
    "Pages",
    "RawCall",
    "Sleep",
    "Step",
    "Stream",
    "StreamRun",
    "Upload",
    "rate_from_headers",
]

T = TypeVar("T")
R = TypeVar("R")

# -- request extensions (how per-request facts travel down the stack) --------------------------------------

#: Request extensions every layer below the client reads (see ``request.extensions``).
EXT_OPERATION = "sp_api.operation"
EXT_DATA_ELEMENTS = "sp_api.data_elements"
EXT_RDT = "sp_api.rdt"
EXT_RETRY = "sp_api.retry"
#: Set by auth for the limiter: a non-secret identity of the credential whose token the request carries.
EXT_CREDENTIAL = "sp_api.credential"
#: The decoded JSON body of a success, when the retry layer has decoded it (to tell a cut-short body from a
#: good one); the client builds the model from it instead of decoding again.
EXT_JSON = "sp_api.json"
#: Set by a transport on a response it built whole, for this one request, with its body in memory (the aiohttp
#: transport does): the retry layer then uses it as it is instead of reading it into a copy.
EXT_WHOLE = "sp_api.whole"
#: A request extension that says whether a request may be sent twice, for requests that are not one of the
#: operation table's and whose HTTP method says otherwise (the LWA token request is an idempotent POST).
EXT_IDEMPOTENT = "sp_api.idempotent"
#: Seconds a request has waited for rate-limit tokens so far, over all its attempts (set by LimitTransport,
#: read by RetryTransport: time spent being paced is not time spent failing, see ``max_total_seconds``).
EXT_PACED = "sp_api.paced_seconds"

# -- response headers ------------------------------------------------------------------------------------

#: Amazon's id of one exchange, to quote to its support.
REQUEST_ID_HEADER = "x-amzn-RequestId"
#: The rate (requests per second) of the usage plan that applied to a request.
RATE_LIMIT_HEADER = "x-amzn-RateLimit-Limit"


def rate_from_headers(headers: Mapping[str, str]) -> float | None:
    """Return the rate ``x-amzn-RateLimit-Limit`` reports, or ``None`` when absent or unusable."""
    value = headers.get(RATE_LIMIT_HEADER)
    if not value:
        return None
    try:
        rate = float(value)
    except ValueError:
        return None
    return rate if rate > 0 and math.isfinite(rate) else None


# -- call descriptions ------------------------------------------------------------------------------------


# Cold start: the small records below are NamedTuples (about 0.7 M instructions each to define, an attrs class
# about 3 M; seven of them come to some 16 M of the ~765 M a cold start costs); Call and RawCall stay attrs
# classes (derived defaults, a check on creation, factories).
class Context(NamedTuple):
    """What an action may know about the connection it runs on (no secrets)."""

    connection: Connection

    @property
    def is_sandbox(self) -> bool:
        """True when requests go to a sandbox (Amazon's, or a local one flagged as sandbox)."""
        return self.connection.is_sandbox_endpoint

    @property
    def is_grantless(self) -> bool:
        """True on a client-credentials connection (no seller token)."""
        return self.connection.kind == "client_credentials"


def _key_of(call: Call[Any]) -> str:
    return str(call.op.OPERATION) if call.op is not None else ""


@attrs.frozen(kw_only=True)
class Call(Generic[T]):
    """One SP-API operation to send: the generated operation and its arguments.

    An action names the generated operation module (``op``); the operation key follows from it. A
    single-operation action's body may name neither: ``@action`` completes the call with the operation it
    declares (:meth:`completed`). ``api.call(key)`` names only the key, and the send path imports the module.

    Attributes:
        op: The generated operation module (``selling_partner_api.orders_v0.api.get_orders``), when known.
        operation: The operation key, e.g. ``orders_v0.getOrders`` (``op.OPERATION`` when ``op`` is given;
            empty until ``@action`` completes a call that names no operation).
        arguments: Keyword arguments for the generated module's ``request_kwargs``.
        data_elements: PII data elements to ask for through a Restricted Data Token.
        timeout: A per-call timeout (seconds or ``httpx.Timeout``) overriding the client's.
        debug: Log the request (secrets redacted) at INFO level: the spec's "Debug Request" input.
        extract: Turns the parsed model into the action's result (the identity when ``None``).
        exact_numbers: Decode the JSON body with every non-integer number as ``decimal.Decimal`` (from its
            text, so ``0.1`` stays exactly ``0.1``): money helpers set it; models then hold ``Decimal``.
        rdt: A Restricted Data Token the caller already holds (one RDT fetched for a batch of resources),
            sent instead of any token auth would pick; never shown in a repr.
    """

    op: ModuleType | None = attrs.field(default=None, repr=False, eq=False)
    operation: str = attrs.field(default=attrs.Factory(_key_of, takes_self=True))
    arguments: Mapping[str, Any] = attrs.field(factory=dict)
    data_elements: tuple[str, ...] = ()
    timeout: float | httpx.Timeout | None = None
    debug: bool = False
    extract: Callable[[Any], T] | None = None
    exact_numbers: bool = False
    rdt: str | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.op is not None and self.operation != self.op.OPERATION:
            msg = f"Call: operation {self.operation!r} is not {self.op.__name__}'s ({self.op.OPERATION})"
            raise ValueError(msg)

    def completed(self, op: ModuleType) -> Call[T]:
        """Return this call naming ``op`` when it names no operation yet (else the call itself)."""
        if self.operation:
            return self
        # One constructor call, not attrs.evolve (which walks the fields): every action call passes through
        # here (warm getFeed: about 4 µs of 320). A test checks that every field is carried over.
        return Call(
            op=op,
            operation=str(op.OPERATION),
            arguments=self.arguments,
            data_elements=self.data_elements,
            timeout=self.timeout,
            debug=self.debug,
            extract=self.extract,
            exact_numbers=self.exact_numbers,
            rdt=self.rdt,
        )


@attrs.frozen(kw_only=True)
class RawCall:
    """A request that is not tied to one generated operation (Raw Request), sent to the SP-API host.

    Attributes:
        method: HTTP method.
        path: Path (and optional query) relative to the connection's endpoint; never an absolute URL.
        params: Query parameters.
        headers: Extra headers (a user-supplied ``x-amz-access-token`` is refused).
        json: A JSON body, or ``content`` for a raw body, or ``data``/``files`` for a form.
        response_type: ``json``, ``text`` or ``binary``.
        rdt: Fetch a Restricted Data Token for this method and path (with ``data_elements``).
        retries: The spec's retry inputs: max retry count, delay, exponential backoff, retry on all errors.
    """

    method: str
    path: str
    params: Mapping[str, Any] = attrs.field(factory=dict)
    headers: Mapping[str, str] = attrs.field(factory=dict)
    json: Any = None
    content: bytes | None = None
    data: Mapping[str, Any] | None = None
    files: Any = None
    response_type: str = "json"
    timeout: float | httpx.Timeout | None = None
    debug: bool = False
    rdt: bool = False
    data_elements: tuple[str, ...] = ()
    max_retries: int = 0
    retry_delay_ms: int = 0
    retry_on_all_errors: bool = False
    exponential_backoff: bool = False


class Upload(NamedTuple):
    """Upload a document to a presigned URL (no SP-API token is sent); the result is ``None``."""

    url: str  # not in the repr: presigned URLs carry credentials in their query
    content_type: str
    source: bytes | str | Path | IO[bytes]

    def __repr__(self) -> str:
        return f"Upload(content_type={self.content_type!r}, source={self.source!r})"


class Download(NamedTuple):
    """Download a document from a presigned URL (no SP-API token is sent), decompressing GZIP.

    The result is the bytes, or ``None`` when ``target`` is given (the document is streamed there); with
    ``with_content_type`` it is a ``(bytes or None, Content-Type or None)`` pair (a report's charset is
    declared only in the Content-Type of its download).
    """

    url: str  # not in the repr (a presigned URL)
    compression: str | None = None
    target: Path | IO[bytes] | None = None
    with_content_type: bool = False

    def __repr__(self) -> str:
        return (
            f"Download(compression={self.compression!r}, target={self.target!r}, "
            f"with_content_type={self.with_content_type!r})"
        )


class Sleep(NamedTuple):
    """Wait before the next step (polling); the result is ``None``."""

    seconds: float


Step = Call[Any] | RawCall | Upload | Download | Sleep
#: A multi-step action: yields steps, receives each step's result, returns the action's result. A step that
#: fails is thrown into the flow where it yielded that step (:class:`FlowRun`), so a flow may catch an error
#: it expects (a 404 that means "none yet", a 409 that means "already there") and go on.
Flow = Generator[Step, Any, T]


class Page(NamedTuple, Generic[T, R]):
    """One page of a paginated action: the response as SP-API sent it, and its items."""

    response: T
    items: list[R]


class Pages(NamedTuple, Generic[T, R]):
    """A paginated action: the first call, the items of a page, and the call for the next page.

    ``argument`` names the call argument that carries the page token (so a token SP-API sends twice can be
    recognised); ``None`` compares whole calls instead.
    """

    first: Call[T]
    items: Callable[[T], Iterable[R]]
    next_call: Callable[[Call[T], T], Call[T] | None]
    argument: str | None = None


class Emit(NamedTuple, Generic[T]):
    """A step of a :data:`Stream` that hands one value to the caller (the client yields it)."""

    value: T


#: A streaming workflow (order sync, finance listings): like a :data:`Flow`, it yields steps and receives each
#: step's result, and it also yields :class:`Emit` values, which the client hands to its caller one by one
#: (``None`` is sent back once the caller asks for the next value). One body serves both clients: the
#: synchronous one drives it as an iterator, the asyncio one as an async iterator. A caller that stops
#: iterating closes the body at the value it was handed, so nothing after that point runs.
Stream = Generator[Step | Emit[T], Any, None]


class StreamRun(Generic[T]):
    """The one control flow of driving a :data:`Stream`, for both clients; it does no I/O itself.

    Iterating it yields the body's next step or :class:`Emit`; the client performs a step inside
    :meth:`performing` and hands back its result with :meth:`answer`. A step that fails is thrown into the
    body (which may handle it) on the next iteration; an ``Emit`` is answered with ``None``. Iteration ends
    when the body returns; :meth:`close` closes the body where it stands, so a caller that stops iterating
    runs nothing after the value it was last handed. A client's ``_stream`` iterates it inside
    ``contextlib.closing``, yields each ``Emit``'s value and performs every other step (awaiting it, on the
    asyncio client).
    """

    def __init__(self, body: Stream[T]) -> None:
        self._body = body
        self._result: Any = None
        self._error: Exception | None = None

    def __iter__(self) -> Iterator[Step | Emit[T]]:
        return self

    def __next__(self) -> Step | Emit[T]:
        result, error = self._result, self._error
        self._result = self._error = None
        # The body's StopIteration (it returned) ends the iteration.
        return self._body.send(result) if error is None else self._body.throw(error)

    def answer(self, result: Any) -> None:
        """Hand the result of the step just performed to the body (at the next iteration)."""
        self._result = result

    @contextlib.contextmanager
    def performing(self) -> Iterator[None]:
        """Catch the failure of the step performed inside, to throw it into the body at the next iteration."""
        try:
            yield
        except Exception as exc:  # noqa: BLE001 (handed to the body, which re-raises what it cannot handle)
            self._error = exc

    def close(self) -> None:
        """Close the body where it stands (nothing after its current point runs)."""
        self._body.close()


class FlowRun(StreamRun[Any], Generic[T]):
    """The control flow of :class:`StreamRun` for a :data:`Flow`, whose return value is its result.

    The one driver of both clients' ``_drive``: iterate it, perform each step inside :meth:`performing`, and
    hand back its result with :meth:`answer`; a step that fails is thrown into the flow (which may handle it,
    or lets it propagate out of the iteration). Once the iteration ends, :attr:`value` is what the flow
    returned. Used inside ``contextlib.closing``, so a flow left by an error that is not an ``Exception``
    (Ctrl-C) is closed, its cleanup run, at once.
    """

    value: T

    def __init__(self, flow: Flow[T]) -> None:
        super().__init__(typing.cast("Stream[Any]", flow))

    def __next__(self) -> Step:
        try:
            step = super().__next__()
        except StopIteration as done:
            self.value = done.value
            raise
        if isinstance(step, Emit):  # a Stream's value, which a Flow has no caller to hand to
            msg = f"a flow yielded {step!r}; only a Stream emits values"
            raise TypeError(msg)
        return step
