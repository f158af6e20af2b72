"""Raw Request: any SP-API path, with every input of the connector spec.

The request always goes to the connection's endpoint (production or sandbox, NA, EU or FE), never to a
URL the caller names, because it carries the seller's access token: URL must be a path such as
``/orders/v0/orders``. Absolute URLs, scheme-relative ``//host/...`` and anything that is not a plain path
are refused before anything is sent, and so are caller-supplied ``x-amz-access-token`` and
``Authorization`` headers (auth sets the token).

The retry inputs travel to the retry layer in the request's ``sp_api.retry`` extension; the Restricted
Data Token option asks auth for an RDT for this method and path (``sp_api.rdt``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, NotRequired, TypedDict
from urllib.parse import parse_qsl, unquote

from seller_central import validation
from seller_central.actions._inputs import DATA_ELEMENTS, DEBUG_REQUEST
from seller_central.actions._spec import Input, action
from seller_central.calls import Context, RawCall

__all__ = ["DATA_ELEMENTS", "METHODS", "RESPONSE_TYPES", "RawRequestInputs", "raw_request"]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
RESPONSE_TYPES = ("json", "text", "binary")
#: Headers a caller may not set: auth owns the token, and the connection owns the host.
_FORBIDDEN_HEADERS = frozenset({"x-amz-access-token", "authorization", "host"})
_MAX_RETRIES = 10
#: An HTTP header name (RFC 9110 token): anything else is refused before it reaches the wire.
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")

Scalar = str | int | float | bool
Pairs = Mapping[str, Scalar | Sequence[Scalar]] | Sequence[tuple[str, Scalar]] | str

# -- inputs --------------------------------------------------------------------------------------------------

URL = Input(
    "URL",
    "A path on the connection's SP-API endpoint, e.g. /orders/v0/orders (a query string may follow). "
    "Full URLs are refused, so the access token never leaves the SP-API host.",
    max_length=validation.MAX_URL,
)
METHOD = Input("Method", "The HTTP method.", choices=METHODS)
DATA = Input("Data", "The JSON body: an object or array, or its JSON text.")
FORM_DATA = Input("Form Data", "Form fields sent as multipart/form-data (not with Data).")
FILE_DATA = Input("File Data", "Files sent as multipart/form-data: field name to bytes or text.")
FILE_NAMES = Input(
    "File Data File Names", "File names for File Data, keyed like File Data (default: the key)."
)
QUERY = Input(
    "Query Parameter",
    "Query parameters: an object (list values are comma-joined, as SP-API expects) or [key, value] pairs.",
)
HEADER = Input("Header", "Extra headers: an object or [name, value] pairs (no token or Authorization).")
RESPONSE_TYPE = Input(
    "Response Type",
    "How to return the body: parsed JSON, text, or bytes.",
    default="json",
    choices=RESPONSE_TYPES,
)
TIMEOUT = Input("Timeout", "Seconds to wait for the response (default: the client's timeout).")
RETRY_DELAY = Input(
    "Retry Delay (ms)", "Milliseconds between retries, without exponential backoff.", default=0
)
RETRY_ALL = Input(
    "Retry On All Errors",
    "Retry every error status (4xx too); otherwise only what is safe to retry (429, 5xx, network).",
    default=False,
)
MAX_RETRIES = Input("Max Retry Count", f"Retries after the first attempt, 0 to {_MAX_RETRIES}.", default=0)
BACKOFF = Input(
    "Use Exponential Backoff",
    "Double the wait after each retry (Retry Delay is then ignored).",
    default=False,
)
USE_RDT = Input(
    "Use Restricted Data Token",
    "Fetch a Restricted Data Token for this method and path and send it instead of the access token.",
    default=False,
)
RDT_ELEMENTS = Input(
    "Data Elements", "PII to ask for in the Restricted Data Token (Orders v0 only).", choices=DATA_ELEMENTS
)


class RawRequestInputs(TypedDict):
    """Inputs of Raw Request."""

    url: Annotated[str, URL]
    method: Annotated[str, METHOD]
    data: NotRequired[Annotated[Mapping[str, Any] | Sequence[Any] | str, DATA]]
    form_data: NotRequired[Annotated[Mapping[str, Scalar], FORM_DATA]]
    file_data: NotRequired[Annotated[Mapping[str, bytes | str], FILE_DATA]]
    file_data_file_names: NotRequired[Annotated[Mapping[str, str], FILE_NAMES]]
    query_parameter: NotRequired[Annotated[Pairs, QUERY]]
    header: NotRequired[Annotated[Pairs, HEADER]]
    response_type: NotRequired[Annotated[str, RESPONSE_TYPE]]
    timeout: NotRequired[Annotated[float, TIMEOUT]]
    debug_request: NotRequired[Annotated[bool, DEBUG_REQUEST]]
    retry_delay_ms: NotRequired[Annotated[int, RETRY_DELAY]]
    retry_on_all_errors: NotRequired[Annotated[bool, RETRY_ALL]]
    max_retry_count: NotRequired[Annotated[int, MAX_RETRIES]]
    use_exponential_backoff: NotRequired[Annotated[bool, BACKOFF]]
    use_restricted_data_token: NotRequired[Annotated[bool, USE_RDT]]
    data_elements: NotRequired[Annotated[Sequence[str] | str, RDT_ELEMENTS]]


# -- checks --------------------------------------------------------------------------------------------------


def _path(value: Any) -> tuple[str, list[tuple[str, str]]]:
    """Split URL into a path on the SP-API host and its inline query; refuse anything that could leave it."""
    text = validation.string(value, label=URL.label).strip()
    # "//host/x" is a scheme-relative URL and "\" is read as "/" by some URL parsers: both could name a host.
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        raise validation.invalid(
            URL.label, "give a path on the SP-API endpoint starting with one / (e.g. /orders/v0/orders)"
        )
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in text):  # noqa: PLR2004 (ASCII controls)
        raise validation.invalid(
            URL.label, "must not contain spaces or control characters (percent-encode them)"
        )
    path, _, query = text.partition("#")[0].partition("?")
    # httpx (and servers, after decoding) remove "." and ".." segments: the request would go elsewhere.
    if any(unquote(segment) in {".", ".."} for segment in path.split("/")):
        raise validation.invalid(URL.label, "must not contain . or .. segments (give the path they lead to)")
    return path, parse_qsl(query, keep_blank_values=True)


def _text(value: Any, *, label: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise validation.invalid(label, f"values must be text or numbers (got {type(value).__name__})")


def _pairs(value: Any, *, label: str) -> list[tuple[str, Any]]:
    """Return ``(key, value)`` pairs from an object, a list of pairs or ``{key, value}`` objects, or JSON."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise validation.invalid(label, f"is not valid JSON ({exc.args[0]})") from None
    if isinstance(value, Mapping):
        return list(value.items())
    pairs: list[tuple[str, Any]] = []
    if isinstance(value, Sequence):
        for entry in value:
            if isinstance(entry, Mapping) and set(entry) == {"key", "value"}:
                pairs.append((entry["key"], entry["value"]))
            elif isinstance(entry, Sequence) and not isinstance(entry, str) and len(entry) == 2:  # noqa: PLR2004 (a pair)
                pairs.append((entry[0], entry[1]))
            else:
                raise validation.invalid(label, f"expected [key, value] pairs, got {entry!r}")
        return pairs
    raise validation.invalid(
        label, f"expected an object or a list of [key, value] pairs, got {type(value).__name__}"
    )


def _plain(text: str, *, label: str) -> str:
    """Return ``text`` if it has no control characters and fits the ceiling (``validation.text_input``)."""
    validation.text_input(text, label=label, limit=validation.TextLimit())
    return text


def _key(value: Any, *, label: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise validation.invalid(label, f"every name must be non-empty text (got {value!r})")
    return _plain(value, label=label).strip()


def _params(inline: list[tuple[str, str]], value: Any) -> dict[str, str | list[str]]:
    """Merge the URL's own query with Query Parameter; a repeated key becomes a repeated parameter."""
    merged: dict[str, str | list[str]] = {}
    given = _pairs(value, label=QUERY.label) if value is not None else []
    for key, item in [*inline, *given]:
        name = _key(key, label=QUERY.label)
        if isinstance(item, Sequence) and not isinstance(item, str):
            # Swagger 2.0 arrays with no collectionFormat are csv: SP-API reads one comma-joined value.
            text = ",".join(_text(part, label=QUERY.label) for part in item)
        else:
            text = _text(item, label=QUERY.label)
        _plain(text, label=QUERY.label)
        previous = merged.get(name)
        if previous is None:
            merged[name] = text
        else:
            merged[name] = [*([previous] if isinstance(previous, str) else previous), text]
    return merged


def _headers(value: Any) -> dict[str, str]:
    """Return the extra headers; a name must be an HTTP token and a value printable ASCII (no CR or LF)."""
    headers: dict[str, str] = {}
    for key, item in _pairs(value, label=HEADER.label):
        name = _key(key, label=HEADER.label)
        if not _HEADER_NAME.fullmatch(name):
            raise validation.invalid(
                HEADER.label, f"{name!r} is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"
            )
        if name.lower() in _FORBIDDEN_HEADERS:
            raise validation.invalid(HEADER.label, f"{name} is set by the client and cannot be given here")
        text = _plain(_text(item, label=HEADER.label), label=HEADER.label)
        if not text.isascii():
            raise validation.invalid(
                HEADER.label, f"the value of {name} must be ASCII text (percent-encode it)"
            )
        headers[name] = text
    return headers


def _json_body(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise validation.invalid(
                DATA.label, f"is not valid JSON ({exc.args[0]}); SP-API takes JSON bodies"
            ) from None
    if not isinstance(value, Mapping | list | tuple):
        raise validation.invalid(DATA.label, f"expected a JSON object or array, got {type(value).__name__}")
    return value


def _files(inputs: Mapping[str, Any]) -> list[tuple[str, Any]] | None:
    """Return httpx ``files``: File Data with their names, plus Form Data fields when there are no files.

    httpx sends ``data`` alone as urlencoded; the spec's Form Data is a multipart upload, so fields go out as
    nameless file parts (``(None, value)``), which httpx renders as plain multipart fields.
    """
    names = dict(_pairs(inputs.get("file_data_file_names", {}), label=FILE_NAMES.label))
    files = dict(_pairs(inputs.get("file_data", {}), label=FILE_DATA.label))
    stray = sorted(set(names) - set(files))
    if stray:
        raise validation.invalid(FILE_NAMES.label, f"{stray[0]!r} is not a key of {FILE_DATA.label}")
    parts: list[tuple[str, Any]] = []
    for key, content in files.items():
        if not isinstance(content, bytes | str):
            raise validation.invalid(FILE_DATA.label, f"the content of {key!r} must be bytes or text")
        name = names.get(key, key)
        parts.append((_key(key, label=FILE_DATA.label), (_key(name, label=FILE_NAMES.label), content)))
    if not parts:
        form = _pairs(inputs.get("form_data", {}), label=FORM_DATA.label)
        parts = [(_key(k, label=FORM_DATA.label), (None, _text(v, label=FORM_DATA.label))) for k, v in form]
    return parts or None


def _form(inputs: Mapping[str, Any]) -> dict[str, str] | None:
    """Return Form Data as httpx ``data`` when it travels beside files (else :func:`_files` carries it)."""
    if "file_data" not in inputs or "form_data" not in inputs:
        return None
    form = _pairs(inputs["form_data"], label=FORM_DATA.label)
    return {_key(k, label=FORM_DATA.label): _text(v, label=FORM_DATA.label) for k, v in form}


def _body(method: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the body fields of the RawCall: ``json``, or ``files`` and ``data`` for multipart."""
    has_form = "form_data" in inputs or "file_data" in inputs
    if "file_data_file_names" in inputs and "file_data" not in inputs:
        raise validation.invalid(FILE_NAMES.label, f"needs {FILE_DATA.label}")
    if "data" in inputs and has_form:
        raise validation.invalid(
            DATA.label, f"cannot be combined with {FORM_DATA.label} or {FILE_DATA.label}"
        )
    bodies = [
        spec.label
        for key, spec in (("data", DATA), ("form_data", FORM_DATA), ("file_data", FILE_DATA))
        if key in inputs
    ]
    if method == "GET" and bodies:
        raise validation.invalid(bodies[0], "a GET request carries no body")
    if "data" in inputs:
        return {"json": _json_body(inputs["data"])}
    if has_form:
        return {"files": _files(inputs), "data": _form(inputs)}
    return {}


def _method(value: Any) -> str:
    method = validation.string(value, label=METHOD.label).strip().upper()
    return validation.choice(method, label=METHOD.label, allowed=METHOD.choices)


def _options(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the RawCall fields for Response Type, Timeout, Debug Request and the RDT option."""
    use_rdt = validation.boolean(inputs["use_restricted_data_token"], label=USE_RDT.label)
    if "data_elements" in inputs and not use_rdt:
        raise validation.invalid(RDT_ELEMENTS.label, f"needs {USE_RDT.label}")
    elements = inputs.get("data_elements")
    return {
        "response_type": validation.choice(
            inputs["response_type"], label=RESPONSE_TYPE.label, allowed=RESPONSE_TYPE.choices
        ),
        "timeout": None
        if "timeout" not in inputs
        else validation.positive_number(inputs["timeout"], label=TIMEOUT.label),
        "debug": validation.boolean(inputs["debug_request"], label=DEBUG_REQUEST.label),
        "rdt": use_rdt,
        "data_elements": ()
        if elements is None
        else tuple(validation.choices(elements, label=RDT_ELEMENTS.label, allowed=RDT_ELEMENTS.choices)),
    }


def _retries(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "max_retries": validation.integer(
            inputs["max_retry_count"], label=MAX_RETRIES.label, minimum=0, maximum=_MAX_RETRIES
        ),
        "retry_delay_ms": validation.integer(inputs["retry_delay_ms"], label=RETRY_DELAY.label, minimum=0),
        "retry_on_all_errors": validation.boolean(inputs["retry_on_all_errors"], label=RETRY_ALL.label),
        "exponential_backoff": validation.boolean(inputs["use_exponential_backoff"], label=BACKOFF.label),
    }


@action(
    "Raw Request",
    group="raw",
    command="request",
    operation=None,
    inputs=RawRequestInputs,
    doc="Raw Request: the body as parsed JSON, text or bytes, per Response Type.",
)
def raw_request(_ctx: Context, inputs: Mapping[str, Any]) -> RawCall:
    """Send any request to the connection's SP-API endpoint (no generated operation; URL is a path)."""
    path, inline_query = _path(inputs["url"])
    method = _method(inputs["method"])
    return RawCall(
        method=method,
        path=path,
        params=_params(inline_query, inputs.get("query_parameter")),
        headers=_headers(inputs["header"]) if "header" in inputs else {},
        **_body(method, inputs),
        **_options(inputs),
        **_retries(inputs),
    )
