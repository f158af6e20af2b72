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
        - ``UnexpectedResponseError``: the body is not what the status promises (an HTML 503, a success
          whose body is not JSON).
    - ``OperationFailedError``: a multi-step workflow ended badly (a feed ended FATAL or CANCELLED).
    - ``PaginationError``: SP-API sent a page token it had already sent (the listing would loop forever).

Messages never contain a secret: they are built from Amazon's error codes and messages, the operation
and the request id, never from request headers, tokens or the client secret.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIError",
    "AmbiguousResultError",
    "AuthError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "ConnectError",
    "ConsentError",
    "ErrorDetail",
    "ForbiddenError",
    "InvalidInputError",
    "NetworkError",
    "NotFoundError",
    "OperationFailedError",
    "PaginationError",
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
    """Base class of every error seller-central raises."""


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
        operation: The operation key (``orders_v0.getOrders``) or ``None`` for raw requests.
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


@attrs.frozen(kw_only=True)
class ErrorDetail:
    """One entry of SP-API's ``errors[]``."""

    code: str
    message: str
    details: str | None = None


def _details(body: Any) -> tuple[ErrorDetail, ...]:
    if not isinstance(body, dict):
        return ()
    entries = body.get("errors")
    if isinstance(entries, dict):  # a few APIs send one error object instead of a list
        entries = [entries]
    if not isinstance(entries, list):
        return ()
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
        operation: The operation key, or ``None`` for raw requests.
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


def _rate_limit(headers: httpx.Headers) -> float | None:
    value = headers.get("x-amzn-RateLimit-Limit")
    try:
        return float(value) if value else None
    except ValueError:
        return None


def api_error_from_response(response: httpx.Response, *, operation: str | None = None) -> APIError:
    """Build the right ``APIError`` subclass for an error response (the response body must be read)."""
    status = response.status_code
    request_id = response.headers.get("x-amzn-RequestId")
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
        rate_limit=_rate_limit(response.headers),
        operation=operation,
        body=raw,
    )


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
