"""The pure halves of sending a call: build the request before, interpret the response after.

Both clients use these, so the only difference between ``SellerCentral`` and ``AsyncSellerCentral`` is
whether the line in between is awaited. Nothing here does I/O.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit

from selling_partner_api.types import UNSET

from seller_central import operations
from seller_central.calls import (
    EXT_DATA_ELEMENTS,
    EXT_JSON,
    EXT_OPERATION,
    EXT_RDT,
    EXT_RETRY,
    REQUEST_ID_HEADER,
)
from seller_central.errors import (
    AmbiguousResponseError,
    InvalidInputError,
    UnexpectedResponseError,
    WrongConnectionError,
    api_error_from_response,
)

if TYPE_CHECKING:
    from types import ModuleType

    import httpx

    from seller_central.calls import Call, Context, RawCall

__all__ = [
    "finish_call",
    "finish_raw",
    "may_change_state",
    "prepare_call",
    "prepare_raw",
    "unexpected_response",
]

T = TypeVar("T")
_MAX_EXCERPT = 500
logger = logging.getLogger("seller_central")


def _check_connection(context: Context, operation: operations.Operation) -> None:
    if not context.is_grantless:
        # A seller's connection calls every operation (and has no scopes: looking them up would raise and
        # catch an AttributeError on every call, warm getFeed about 1 µs).
        return
    if not operation.grantless:
        msg = (
            f"{operation.key} needs a seller's authorization: use an OAuthConnection (client id, client "
            "secret and refresh token). A ClientCredentialsConnection can only call grantless operations."
        )
        raise WrongConnectionError(msg)
    scopes = getattr(context.connection, "scopes", ())
    if operation.scope and operation.scope not in scopes:
        msg = f"{operation.key} needs the scope {operation.scope!r}, which this connection's Scopes lack"
        raise WrongConnectionError(msg, label="Scopes")


def _module(call: Call[Any]) -> ModuleType:
    """Return the generated module of ``call``: the one it carries, else the one its key names (api.call)."""
    return call.op if call.op is not None else operations.module(call.operation)


def prepare_call(context: Context, call: Call[Any]) -> dict[str, Any]:
    """Return the keyword arguments of ``httpx.Client.build_request`` for ``call``.

    Raises:
        WrongConnectionError: the operation needs a seller token and the connection has none.
        InvalidInputError: the generated operation rejects the arguments (a mapping bug or bad input, such
            as a path parameter ``..``).
    """
    if not call.operation:
        msg = "a Call that names no operation (an action's body names it, or its @action declares it)"
        raise TypeError(msg)
    operation = operations.get(call.operation)
    _check_connection(context, operation)
    module = _module(call)
    try:
        kwargs: dict[str, Any] = module.request_kwargs(**call.arguments)
    except TypeError as exc:
        msg = f"{call.operation}: {exc}"
        raise InvalidInputError(msg) from None
    except ValueError as exc:  # errors.InvalidPathParameter ("..": it would address another resource)
        msg = f"{call.operation}: {exc}"
        raise InvalidInputError(msg, label=getattr(exc, "name", None)) from None
    # An absolute URL: httpx then parses it once, instead of parsing the path and joining it to base_url.
    kwargs["url"] = context.connection.base_url + kwargs["url"]
    _check_marketplaces(context, kwargs)
    extensions = dict(kwargs.get("extensions", {}))
    if call.data_elements:
        extensions[EXT_DATA_ELEMENTS] = tuple(call.data_elements)
    if call.rdt is not None:
        extensions[EXT_RDT] = {"token": call.rdt}
    kwargs["extensions"] = extensions
    if call.timeout is not None:
        kwargs["timeout"] = call.timeout
    if call.debug:
        _log_request(context, kwargs)
    return kwargs


_MARKETPLACE_NAMES = frozenset({"marketplaceid", "marketplaceids"})


def _check_marketplaces(context: Context, kwargs: dict[str, Any]) -> None:
    """Warn when a marketplace id in the query or the JSON body's top level belongs to another region.

    Only where the endpoint's region is known (``Connection.marketplace_region``): Amazon's production hosts,
    or a custom host given a region; never a sandbox or a loopback endpoint.
    """
    region = context.connection.marketplace_region
    if region is None:
        return
    ids: list[str] = []
    for source in (kwargs.get("params"), kwargs.get("json")):
        if not isinstance(source, dict):
            continue
        for name, value in source.items():
            if isinstance(name, str) and name.lower() in _MARKETPLACE_NAMES:
                if isinstance(value, str):
                    ids.extend(value.split(","))
                elif isinstance(value, list | tuple):
                    ids.extend(item for item in value if isinstance(item, str))
    if ids:
        from seller_central.marketplaces import warn_other_region  # noqa: PLC0415 (a table, loaded on use)

        warn_other_region(ids, region, endpoint=context.connection.base_url)


def _log_request(context: Context, kwargs: dict[str, Any]) -> None:
    """Log a request for the "Debug Request" input, with every secret redacted."""
    from seller_central import redact  # noqa: PLC0415 (only debug requests need it)

    logger.info("Debug Request: %s", redact.describe_request(kwargs, base_url=context.connection.base_url))


_READS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITES = frozenset({"PUT", "PATCH", "DELETE"})


def may_change_state(operation: str | None, method: str) -> bool:
    """Say whether a request may change something at Amazon (so an unclear answer leaves its outcome open).

    PUT, PATCH and DELETE do, even when sending them twice is harmless; a POST does unless the operation
    table calls it idempotent (the reads Amazon sends as POST, such as getEligibleShipmentServices).
    """
    from seller_central.retry import is_idempotent  # noqa: PLC0415 (only a wrong answer needs it)

    method = method.upper()
    if method in _READS:
        return False
    return method in _WRITES or not is_idempotent(operation, method)


def unexpected_response(
    response: httpx.Response, *, operation: str | None, method: str, what: str
) -> UnexpectedResponseError:
    """Return the error for an answer the model does not document (``what`` says how it is wrong).

    For a request that may change state (see :func:`may_change_state`) it is an
    :class:`AmbiguousResponseError`: SP-API may have applied the request, and the message says so.
    """
    status = response.status_code
    request_id = response.headers.get(REQUEST_ID_HEADER)
    where = f"{operation}: " if operation else f"{method.upper()} request: "
    request = f" [request id {request_id}]" if request_id else ""
    message = f"{where}HTTP {status}: {what}{request}"
    body = response.text[:_MAX_EXCERPT] if response.content else None
    if not may_change_state(operation, method):
        return UnexpectedResponseError(
            status_code=status, request_id=request_id, operation=operation, body=body, message=message
        )
    message += ". The request may or may not have been applied: check the resource before sending it again"
    return AmbiguousResponseError(
        status_code=status, request_id=request_id, operation=operation, body=body, message=message
    )


def _redirect(response: httpx.Response) -> str:
    location = response.headers.get("location")
    host = urlsplit(location).hostname if location else None
    to = f" to {host}" if host else ""
    return f"a redirect{to}, which SP-API does not send and the client never follows"


def _undocumented(documented: dict[int, bool]) -> str:
    listed = ", ".join(str(code) for code in sorted(documented)) or "none"
    return f"a status the model does not document for this operation (its success statuses: {listed})"


def finish_call(call: Call[T], response: httpx.Response) -> T:
    """Turn a read response into the action's result, or raise the matching ``APIError``.

    Only an answer the model documents is a result: a redirect, an undocumented success status, a body
    that is not JSON or is ``null``, or an empty body where the model documents one raises
    :class:`UnexpectedResponseError` (:class:`AmbiguousResponseError` for a state-changing operation).
    """
    status = response.status_code
    if status >= 400:  # noqa: PLR2004
        raise api_error_from_response(response, operation=call.operation)
    module = _module(call)
    method: str = module.METHOD
    if status >= 300:  # noqa: PLR2004
        raise unexpected_response(response, operation=call.operation, method=method, what=_redirect(response))
    documented: dict[int, bool] = module.SUCCESS_STATUSES
    if status not in documented:
        what = _undocumented(documented)
        raise unexpected_response(response, operation=call.operation, method=method, what=what)
    decoded = UNSET if call.exact_numbers else response.extensions.get(EXT_JSON, UNSET)
    if response.content.strip():
        if decoded is UNSET:
            try:
                if call.exact_numbers:
                    # Imported here: decimal only when asked for (cold start, about 2 M instructions).
                    from seller_central import exact_json  # noqa: PLC0415

                    decoded = exact_json.loads(response.content)
                else:
                    decoded = response.json()
            except ValueError:
                # Truncated, or an HTML page from a proxy: never an empty success.
                what = "a body that is not valid JSON"
                raise unexpected_response(
                    response, operation=call.operation, method=method, what=what
                ) from None
        if decoded is None:
            raise unexpected_response(response, operation=call.operation, method=method, what="a null body")
    elif documented[status]:
        what = "an empty body where the model documents one"
        raise unexpected_response(response, operation=call.operation, method=method, what=what)
    parsed = module.parse_response(response, data=decoded)
    if call.extract is not None:
        return call.extract(parsed)
    return cast("T", parsed)


def prepare_raw(context: Context, call: RawCall) -> dict[str, Any]:
    """Return the keyword arguments of ``httpx.Client.build_request`` for a Raw Request."""
    kwargs: dict[str, Any] = {"method": call.method.upper(), "url": call.path, "params": dict(call.params)}
    if call.headers:
        kwargs["headers"] = dict(call.headers)
    if call.json is not None:
        kwargs["json"] = call.json
    elif call.content is not None:
        kwargs["content"] = call.content
    if call.data is not None:
        kwargs["data"] = dict(call.data)
    if call.files is not None:
        kwargs["files"] = call.files
    _check_marketplaces(context, kwargs)
    path_only = call.path.split("?", 1)[0]
    operation = operations.find(call.method, path_only)
    extensions: dict[str, Any] = {}
    if operation is not None:
        _check_connection(context, operation)
        extensions[EXT_OPERATION] = operation.key
    if call.rdt:
        extensions[EXT_RDT] = {"method": call.method.upper(), "path": path_only}
        if call.data_elements:
            extensions[EXT_DATA_ELEMENTS] = tuple(call.data_elements)
    extensions[EXT_RETRY] = {
        "max_retries": call.max_retries,
        "retry_delay_ms": call.retry_delay_ms,
        "retry_on_all_errors": call.retry_on_all_errors,
        "exponential_backoff": call.exponential_backoff,
        "method": call.method.upper(),
    }
    kwargs["extensions"] = extensions
    if call.timeout is not None:
        kwargs["timeout"] = call.timeout
    if call.debug:
        _log_request(context, kwargs)
    return kwargs


def finish_raw(call: RawCall, response: httpx.Response) -> Any:
    """Return a Raw Request's body as JSON, text or bytes, or raise the matching ``APIError``.

    A redirect always raises; so does a JSON ``null`` body. When the path is one of the operation table's, a
    status that operation does not document, or an empty body where it documents one, raises too.
    """
    key: str | None = response.request.extensions.get(EXT_OPERATION)  # prepare_raw matched the path once
    status = response.status_code
    if status >= 400:  # noqa: PLR2004
        raise api_error_from_response(response, operation=key)

    def unexpected(what: str) -> UnexpectedResponseError:
        return unexpected_response(response, operation=key, method=call.method, what=what)

    if status >= 300:  # noqa: PLR2004
        raise unexpected(_redirect(response))
    body_documented = False
    if key is not None:
        documented: dict[int, bool] = operations.module(key).SUCCESS_STATUSES
        if status not in documented:
            raise unexpected(_undocumented(documented))
        body_documented = documented[status]
    if call.response_type == "binary":
        return response.content
    if call.response_type == "text":
        return response.text
    if not response.content:
        if body_documented:
            raise unexpected("an empty body where the model documents one")
        return None
    try:
        data = response.json()
    except ValueError:
        raise unexpected("the body is not JSON (use Response Type text or binary)") from None
    if data is None:
        raise unexpected("a null body")
    return data
