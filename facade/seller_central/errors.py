"""The one exception hierarchy of seller-central.

- ``SellerCentralError``: the base of everything below.
    - ``InvalidInputError`` (also a ``ValueError``): an input is wrong; raised before any request is sent.
      ``label`` names the input as the connector spec does ("Marketplace Ids").
        - ``WrongConnectionError``: the action needs another kind of connection.
    - ``ConfigurationError`` (also a ``ValueError``): a connection or profile cannot be built.
    - ``AuthError``: Login with Amazon refused or failed to issue a token.
        - ``TokenRequestError``: LWA answered with an OAuth error (``invalid_client``, ``invalid_grant``...).
        - ``ConsentError``: the consent redirect does not belong to the flow we started (state mismatch).
    - ``NetworkError``: no usable HTTP response arrived.
        - ``ConnectError``: the connection failed before the request was sent (safe to retry).
        - ``RequestTimeoutError``: the request timed out.
        - ``AmbiguousResultError``: a state-changing request failed after it was sent; it may or may
          not have been applied, so it is not retried unless the caller opts in.
    - ``APIError``: SP-API answered with an error status; carries status, ``errors[]``, request id and the
      rate-limit header.
        - ``BadRequestError`` (400, 413, 415, 422), ``UnauthorizedError`` (401), ``ForbiddenError`` (403),
          ``NotFoundError`` (404), ``ConflictError`` (409), ``ThrottledError`` (429), ``ServerError`` (5xx).
        - ``UnexpectedResponseError``: the answer is not one the model documents (an HTML 503, a redirect,
          an undocumented success status, a success whose body is missing, ``null`` or not JSON).
            - ``AmbiguousResponseError`` (also an ``AmbiguousResultError``): such an answer to a
              state-changing request, which may have been applied.
    - ``OperationFailedError``: a multi-step workflow ended badly (a feed ended FATAL or CANCELLED).
    - ``ProcessingFailedError``: a job Amazon processes on its own (a report, a Data Kiosk query) ended
      ``FATAL`` or ``CANCELLED``; ``reason`` is the decoded error document, ``no_data`` tells "nothing to
      report" from a failure.
        - ``ReportFailedError`` (``report_id``), ``DataKioskQueryFailedError`` (``query_id``).
    - ``ProcessingTimeoutError``: such a job was still processing when the caller's timeout ran out; it
      carries the id to resume with.
        - ``ReportTimeoutError`` (``report_id``), ``DataKioskQueryTimeoutError`` (``query_id``).
    - ``DocumentDecodeError`` (also a ``ValueError``): a downloaded document is not text in its charset (the
      byte offset is named), or a flat-file row does not fit its header.
    - ``PaginationError``: SP-API sent a page token it had already sent (the listing would loop forever).
    - ``InvalidNotificationError`` (also a ``ValueError``): a notification message is not JSON, or not a
      notification (no type, no payload object), or its payload does not fit the schema of its type.

Messages never contain a secret: they are built from Amazon's error codes and messages, the operation
and the request id, never from request headers, tokens or the client secret; and whatever reaches an error
(Amazon's text echoing a token, an httpx message quoting a header) is redacted as it is stored (see
``SellerCentralError``). Every error pickles.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs

from seller_central.calls import REQUEST_ID_HEADER, rate_from_headers

if TYPE_CHECKING:
    import httpx

    from seller_central._error_detail import ErrorDetail

__all__ = [
    "APIError",
    "AmbiguousResponseError",
    "AmbiguousResultError",
    "AuthError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "ConnectError",
    "ConsentError",
    "DataKioskQueryFailedError",
    "DataKioskQueryTimeoutError",
    "DocumentDecodeError",
    "DocumentError",
    "ErrorDetail",
    "ForbiddenError",
    "InvalidInputError",
    "InvalidNotificationError",
    "NetworkError",
    "NotFoundError",
    "OperationFailedError",
    "PaginationError",
    "ProcessingFailedError",
    "ProcessingTimeoutError",
    "ReportFailedError",
    "ReportTimeoutError",
    "RequestTimeoutError",
    "SellerCentralError",
    "ServerError",
    "ThrottledError",
    "TokenRequestError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "WrongConnectionError",
    "api_error_from_response",
]

_MAX_DETAIL = 500


class SellerCentralError(Exception):
    """Base class of every error seller-central raises.

    Whatever a subclass stores, no secret survives in it: the message and every attribute are redacted as
    they are set (:func:`seller_central.redact.redact_text`: the client's own secrets, every token seen in
    this process, and anything shaped like an LWA token or client secret), so ``str``, ``repr``, ``args``,
    tracebacks and the CLI's output show ``<redacted>`` instead. And every error pickles (a worker process
    can raise it to its pool) with its type, message and attributes, whatever its ``__init__`` takes.
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*(_scrub(arg) for arg in args))

    def __setattr__(self, name: str, value: Any) -> None:
        # Python's own slots (__cause__, __context__, __traceback__, __notes__) are left as they are.
        super().__setattr__(name, value if name.startswith("__") else _scrub(value))

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls ``cls(*args)``, which keyword-only __init__s refuse: rebuild the
        # error from its args and attributes instead, without calling __init__.
        state = {name: _picklable(value) for name, value in self.__dict__.items()}
        return (_restore, (type(self), self.args, state))


def _scrub(value: Any) -> Any:
    """Return ``value`` with every secret redacted (text, error details, and containers of them)."""
    if isinstance(value, str):
        from seller_central.redact import redact_text  # noqa: PLC0415 (only when an error is built)

        return redact_text(value)
    from seller_central._error_detail import ErrorDetail  # noqa: PLC0415 (see __getattr__)

    if isinstance(value, ErrorDetail):
        return attrs.evolve(
            value, code=_scrub(value.code), message=_scrub(value.message), details=_scrub(value.details)
        )
    if type(value) in (tuple, list):  # not subclasses: a namedtuple is built differently
        return type(value)(_scrub(item) for item in value)
    if isinstance(value, dict):
        from seller_central.redact import REDACTED, is_secret_name  # noqa: PLC0415

        return {
            key: REDACTED if isinstance(key, str) and is_secret_name(key) else _scrub(item)
            for key, item in value.items()
        }
    return value


def _picklable(value: Any) -> Any:
    """Return ``value`` if it pickles, else its (redacted) repr, so that pickling an error never fails."""
    import pickle  # noqa: PLC0415 (only when an error is pickled: keeps it off every process's start-up)

    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001 (anything may refuse to pickle: locks, open files, lambdas)
        return _scrub(repr(value))
    return _scrub(value)


def _restore(
    cls: type[SellerCentralError], args: tuple[Any, ...], state: dict[str, Any]
) -> SellerCentralError:
    """Rebuild a pickled error (see :meth:`SellerCentralError.__reduce__`)."""
    error = cls.__new__(cls)
    error.args = args
    for name, value in state.items():
        setattr(error, name, value)
    return error


# -- bad input --------------------------------------------------------------------------------------------


class InvalidInputError(SellerCentralError, ValueError):
    """An input is missing, malformed or not allowed with another input; nothing was sent.

    Attributes:
        label: The input's label in the connector spec (e.g. ``"Order Id"``), or ``None`` when the
            problem concerns several inputs at once.
    """

    def __init__(self, message: str, *, label: str | None = None) -> None:
        self.label = label
        super().__init__(message)


class WrongConnectionError(InvalidInputError):
    """The action needs a different kind of connection (e.g. a seller's token, not client credentials)."""


class ConfigurationError(SellerCentralError, ValueError):
    """A connection, profile or client option is missing or invalid."""


class ClientClosedError(SellerCentralError, RuntimeError):
    """The client was closed (``close()``, ``aclose()``, the end of its ``with`` block); nothing was sent."""


# -- auth -------------------------------------------------------------------------------------------------


class AuthError(SellerCentralError):
    """Login with Amazon did not issue a token."""


class TokenRequestError(AuthError):
    """LWA refused a token request.

    Attributes:
        error: The OAuth error code (``invalid_client``, ``invalid_grant``, ...), or ``None``.
        status_code: The HTTP status of LWA's answer, or ``None`` when no answer arrived.
    """

    def __init__(self, message: str, *, error: str | None = None, status_code: int | None = None) -> None:
        self.error = error
        self.status_code = status_code
        super().__init__(message)


class ConsentError(AuthError):
    """A consent redirect failed the checks (forged or stale ``state``, missing code)."""


# -- network ----------------------------------------------------------------------------------------------


class NetworkError(SellerCentralError):
    """No usable HTTP response arrived.

    Attributes:
        operation: The operation key (``orders_v0.getOrders``), or ``None`` for a raw request to a path
            no operation owns.
    """

    def __init__(self, message: str, *, operation: str | None = None) -> None:
        self.operation = operation
        super().__init__(message)


class ConnectError(NetworkError):
    """The connection could not be made; the request was not sent."""


class RequestTimeoutError(NetworkError):
    """The request timed out (connecting, writing, reading, or waiting for a pooled connection)."""


class AmbiguousResultError(NetworkError):
    """A state-changing request failed after it was sent: it may or may not have been applied.

    seller-central does not retry such a request unless asked to (``retry_ambiguous=True``), because a
    second attempt could create a second shipment or feed. Check the resource before trying again.
    """


# -- API errors -------------------------------------------------------------------------------------------


def __getattr__(name: str) -> Any:
    # Cold start (issue 16): ErrorDetail, an attrs class, is defined when an error first needs it.
    if name == "ErrorDetail":
        from seller_central._error_detail import ErrorDetail  # noqa: PLC0415

        return ErrorDetail
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def _details(body: Any) -> tuple[ErrorDetail, ...]:
    if not isinstance(body, dict):
        return ()
    entries = body.get("errors")
    if isinstance(entries, dict):  # a few APIs send one error object instead of a list
        entries = [entries]
    if not isinstance(entries, list):
        return ()
    from seller_central._error_detail import ErrorDetail  # noqa: PLC0415 (see __getattr__)

    out = []
    for entry in entries:
        if isinstance(entry, dict):
            details = entry.get("details")
            out.append(
                ErrorDetail(
                    code=str(entry.get("code", "")),
                    message=str(entry.get("message", "")),
                    details=None if details is None else str(details),
                )
            )
    return tuple(out)


class APIError(SellerCentralError):
    """SP-API answered with an error status.

    Attributes:
        status_code: The HTTP status.
        errors: SP-API's ``errors[]`` (code, message, details), empty when the body had none.
        request_id: ``x-amzn-RequestId``, to quote to Amazon support.
        rate_limit: ``x-amzn-RateLimit-Limit`` in requests per second, when Amazon sent it.
        operation: The operation key, or ``None`` for a raw request to a path no operation owns.
        body: The response body as text (truncated), for bodies that are not an SP-API error envelope.
    """

    def __init__(
        self,
        *,
        status_code: int,
        errors: tuple[ErrorDetail, ...] = (),
        request_id: str | None = None,
        rate_limit: float | None = None,
        operation: str | None = None,
        body: str | None = None,
        message: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.errors = errors
        self.request_id = request_id
        self.rate_limit = rate_limit
        self.operation = operation
        self.body = body
        super().__init__(message or self._message())

    def _message(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        if self.errors:
            what = "; ".join(
                f"{e.code}: {e.message}" + (f" ({e.details})" if e.details else "") for e in self.errors
            )
        elif self.body:
            what = f"non-JSON body: {self.body[:200]!r}"
        else:
            what = "no error details in the body"
        request = f" [request id {self.request_id}]" if self.request_id else ""
        return f"{where}HTTP {self.status_code}: {what}{request}"

    def to_dict(self) -> dict[str, Any]:
        """Return the error as JSON (the CLI prints this envelope on stderr)."""
        return {
            "status": self.status_code,
            "operation": self.operation,
            "requestId": self.request_id,
            "rateLimit": self.rate_limit,
            "errors": [attrs.asdict(e) for e in self.errors],
            **({"body": self.body} if self.body and not self.errors else {}),
        }


class BadRequestError(APIError):
    """SP-API rejected the request as invalid (400, 413, 415 or 422)."""


class UnauthorizedError(APIError):
    """SP-API did not accept the token (401)."""


class ForbiddenError(APIError):
    """SP-API refused access (403): missing role, expired token that a refresh did not cure, wrong RDT."""


class NotFoundError(APIError):
    """The resource does not exist (404)."""


class ConflictError(APIError):
    """The request conflicts with the resource's state (409)."""


class ThrottledError(APIError):
    """SP-API throttled the request (429) and the retry budget ran out."""


class ServerError(APIError):
    """SP-API failed (5xx)."""


class UnexpectedResponseError(APIError):
    """The response body is not what its status promises (e.g. an HTML error page, a truncated JSON body)."""


class AmbiguousResponseError(UnexpectedResponseError, AmbiguousResultError):
    """A state-changing request got an answer its model does not document: it may have been applied.

    Such an answer is a redirect, a success status the model does not list, or a success without the body
    the model promises.

    Both an :class:`UnexpectedResponseError` (status, request id, operation, body excerpt) and an
    :class:`AmbiguousResultError` (check the resource before sending the request again).
    """

    def __init__(
        self,
        *,
        status_code: int,
        request_id: str | None = None,
        operation: str | None = None,
        body: str | None = None,
        message: str | None = None,
    ) -> None:
        UnexpectedResponseError.__init__(
            self,
            status_code=status_code,
            request_id=request_id,
            operation=operation,
            body=body,
            message=message,
        )
        self.operation = operation  # NetworkError's __init__, further along the MRO, reset it


class OperationFailedError(SellerCentralError):
    """A workflow finished without success (e.g. a feed ended FATAL), with the evidence attached.

    Attributes:
        result: What the workflow got (e.g. the feed and its processing report), when available.
    """

    def __init__(self, message: str, *, result: Any = None) -> None:
        self.result = result
        super().__init__(message)


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: BadRequestError,
    415: BadRequestError,
    422: BadRequestError,
    429: ThrottledError,
}


def api_error_from_response(response: httpx.Response, *, operation: str | None = None) -> APIError:
    """Build the right ``APIError`` subclass for an error response (the response body must be read)."""
    status = response.status_code
    request_id = response.headers.get(REQUEST_ID_HEADER)
    content_type = response.headers.get("content-type", "")
    text = response.text if response.content else ""
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    errors = _details(body)
    cls = _BY_STATUS.get(status, ServerError if status >= 500 else APIError)  # noqa: PLR2004
    raw = None
    if body is None and text:
        # Not JSON at all (an HTML page from a load balancer): say so, and keep a short excerpt.
        raw = text[:_MAX_DETAIL]
        if "json" not in content_type:
            cls = UnexpectedResponseError
    elif not errors and text:
        raw = text[:_MAX_DETAIL]
    return cls(
        status_code=status,
        errors=errors,
        request_id=request_id,
        rate_limit=rate_from_headers(response.headers),
        operation=operation,
        body=raw,
    )


class DocumentError(UnexpectedResponseError):
    """A document download gave no usable document, so none is returned.

    The transfer ended short of its ``Content-Length``, or a GZIP document is corrupt, truncated, empty or
    not GZIP at all. Nothing of such a download is returned or left at a target path. It is an
    ``UnexpectedResponseError`` (the body is not what the 200 promised), so code catching that still works.
    """


class PaginationError(SellerCentralError):
    """SP-API sent a page token it had already sent, so following the tokens would never end.

    Raised by the page and item iterators (and ``--all-pages``) after every page received so far was handed
    out: the next request would only fetch pages already seen, again and again. The token itself is not
    shown (page tokens are opaque and may encode the query); a short digest identifies it in logs.

    Attributes:
        operation: The operation key of the listing (``orders_v0.getOrders``).
        pages: How many pages were received (and handed out) before stopping.
        token_digest: The first 12 hex digits of the SHA-256 of the repeated token.
        cycle_length: How many pages the loop spans: 1 when SP-API answered with the very token it was
            sent, more when an earlier token came back.
    """

    def __init__(self, *, operation: str, pages: int, token_digest: str, cycle_length: int) -> None:
        self.operation = operation
        self.pages = pages
        self.token_digest = token_digest
        self.cycle_length = cycle_length
        again = "the token it was sent" if cycle_length == 1 else f"a token from {cycle_length} pages earlier"
        super().__init__(
            f"{operation}: SP-API answered page {pages} with {again} (sha256 {token_digest}); stopped "
            f"instead of fetching the same pages forever. The {pages} page(s) received were handed out."
        )


# -- asynchronous jobs (reports, Data Kiosk queries) --------------------------------------------------------


class ProcessingFailedError(SellerCentralError):
    """A job Amazon processes on its own (a report, a Data Kiosk query) ended FATAL or CANCELLED.

    Attributes:
        job_id: The report or query id.
        processing_status: ``FATAL`` or ``CANCELLED``.
        reason: The error document Amazon wrote for a FATAL job, decoded (its ``errorDetails`` or
            ``errorMessage`` when it is JSON, else its text); ``None`` when there is none.
        no_data: True when Amazon cancelled the job because there was nothing to report: not a failure, and
            asking again for the same period gives the same answer.
    """

    _what = "job"

    def __init__(
        self,
        *,
        job_id: str = "",
        processing_status: str,
        reason: str | None = None,
        no_data: bool = False,
    ) -> None:
        self.job_id = job_id
        self.processing_status = processing_status
        self.reason = reason
        self.no_data = no_data
        if no_data:
            why = "there was no data for the request (Amazon cancels such a job; nothing failed)"
        elif reason:
            why = reason
        elif processing_status == "CANCELLED":
            why = "it was cancelled before processing began"
        else:
            why = "Amazon gave no error document"
        super().__init__(f"{self._what} {job_id} ended {processing_status}: {why}")


class ReportFailedError(ProcessingFailedError):
    """A report ended FATAL or CANCELLED (see :class:`ProcessingFailedError`).

    Attributes:
        report_id: The report's id.
    """

    _what = "report"

    def __init__(
        self, *, report_id: str, processing_status: str, reason: str | None = None, no_data: bool = False
    ) -> None:
        self.report_id = report_id
        super().__init__(
            job_id=report_id, processing_status=processing_status, reason=reason, no_data=no_data
        )


class DataKioskQueryFailedError(ProcessingFailedError):
    """A Data Kiosk query ended FATAL or CANCELLED (see :class:`ProcessingFailedError`).

    Attributes:
        query_id: The query's id.
    """

    _what = "Data Kiosk query"

    def __init__(
        self, *, query_id: str, processing_status: str, reason: str | None = None, no_data: bool = False
    ) -> None:
        self.query_id = query_id
        super().__init__(job_id=query_id, processing_status=processing_status, reason=reason, no_data=no_data)


class ProcessingTimeoutError(SellerCentralError):
    """A job was still processing when the caller's timeout ran out; Amazon keeps processing it.

    Attributes:
        job_id: The report or query id, to resume with.
        processing_status: The last status seen (``IN_QUEUE``, ``IN_PROGRESS``).
        waited_seconds: How long the client waited.
    """

    _what = "job"
    _resume = ""

    def __init__(self, *, job_id: str = "", processing_status: str, waited_seconds: float) -> None:
        self.job_id = job_id
        self.processing_status = processing_status
        self.waited_seconds = waited_seconds
        super().__init__(
            f"{self._what} {job_id} is still {processing_status} after {waited_seconds:g} s of waiting; "
            f"Amazon keeps processing it{self._resume.format(job_id=job_id)}"
        )


class ReportTimeoutError(ProcessingTimeoutError):
    """A report was still processing at the timeout; resume with ``run_report(report_id=...)``.

    Attributes:
        report_id: The report's id.
    """

    _what = "report"
    _resume = ": resume with run_report(report_id={job_id!r})"

    def __init__(self, *, report_id: str, processing_status: str, waited_seconds: float) -> None:
        self.report_id = report_id
        super().__init__(job_id=report_id, processing_status=processing_status, waited_seconds=waited_seconds)


class DataKioskQueryTimeoutError(ProcessingTimeoutError):
    """A Data Kiosk query was still processing at the timeout; resume with ``query_id=``.

    Attributes:
        query_id: The query's id.
    """

    _what = "Data Kiosk query"
    _resume = ": resume with run_data_kiosk_query(query_id={job_id!r})"

    def __init__(self, *, query_id: str, processing_status: str, waited_seconds: float) -> None:
        self.query_id = query_id
        super().__init__(job_id=query_id, processing_status=processing_status, waited_seconds=waited_seconds)


class DocumentDecodeError(SellerCentralError, ValueError):
    """A downloaded document cannot be read as declared; nothing was silently replaced.

    Raised for a byte that is not valid in the document's charset (``offset`` is its position in the
    decompressed document; pass ``errors="replace"`` to read on), or a flat-file row with more fields than
    the header names (``line``).

    Attributes:
        document: What was being read (``report 123``, ``Data Kiosk document D1``).
        encoding: The Python codec used.
        offset: The byte offset of the first undecodable byte, or ``None``.
        line: The 1-based line at fault, or ``None``.
    """

    def __init__(
        self,
        message: str,
        *,
        document: str,
        encoding: str,
        offset: int | None = None,
        line: int | None = None,
    ) -> None:
        self.document = document
        self.encoding = encoding
        self.offset = offset
        self.line = line
        super().__init__(message)


class InvalidNotificationError(SellerCentralError, ValueError):
    """A message is not a notification seller-central can read (``seller_central.notifications.parse``).

    It is not JSON, not an object, has no notification type or no payload object, or its payload does not
    fit the schema Amazon publishes for its type and payload version. The message text is not quoted (a
    payload carries seller data); ``message_id`` names the SQS message when there is one.

    Attributes:
        message_id: The SQS message id, or ``None`` when the message did not come from a queue.
    """

    def __init__(self, message: str, *, message_id: str | None = None) -> None:
        self.message_id = message_id
        super().__init__(message)
