"""Input checks shared by the actions.

Each check returns the value in the form SP-API wants, or raises
:class:`~seller_central.errors.InvalidInputError` naming the input by its label, before anything is sent.

Validation is the same on sandbox and production connections: the sandbox is where people learn what
production will refuse. The one exception: Amazon's static sandbox matches on literal test-case values
(``orderId=TEST_CASE_200``, ``CreatedAfter=TEST_CASE_200_NEXT_TOKEN``), which format checks would stop, so a
format check accepts such a value (:func:`is_test_case`) on a sandbox host only.

Every text input of every action also passes :func:`text_input` before the action's body runs (see
``Action.check`` in ``actions/_spec.py``): no control characters, a length within Amazon's model
(``maxLength``, ``maxItems``) or a ceiling, and no ``.`` or ``..`` where the value is a path segment.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from selling_partner_api.types import DOT_SEGMENTS

from seller_central.errors import InvalidInputError
from seller_central.windows import parse_instant, utc

if TYPE_CHECKING:
    from seller_central.calls import Context

__all__ = [
    "MAX_ITEMS",
    "MAX_TEXT",
    "MAX_TOTAL_TEXT",
    "MAX_URL",
    "FieldCheck",
    "TextLimit",
    "boolean",
    "choice",
    "choices",
    "content_type",
    "date_time",
    "exclusive",
    "instant",
    "integer",
    "invalid",
    "is_test_case",
    "json_object",
    "marketplace_ids",
    "number",
    "order_id",
    "order_ids",
    "positive_number",
    "record",
    "records",
    "string",
    "string_list",
    "string_map",
    "text_input",
]

logger = logging.getLogger("seller_central")

# Cold start: the patterns only some actions use stay text, compiled by ``re`` (and kept in its cache) on
# first use, not at import (about 1 M instructions each).
_ORDER_ID = r"^\d{3}-\d{7}-\d{7}$"
#: A well-formed marketplace id (``ATVPDKIKX0DER``): Amazon adds marketplaces, so one the table lacks is sent.
_MARKETPLACE_ID = re.compile(r"^[A-Z0-9]{8,20}$")
#: The literal values Amazon's static sandbox answers (``TEST_CASE_200``, ``TEST_CASE_200_NEXT_TOKEN``).
_TEST_CASE = r"^TEST_CASE_[A-Z0-9_]+$"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

#: The longest text input, in characters, where Amazon's model gives no ``maxLength``: far above any id,
#: token or name Amazon issues, far below what makes a URL Amazon (or httpx, at 64 KB) refuses.
MAX_TEXT = 2048
#: The most values a list input takes where Amazon's model gives no ``maxItems``.
MAX_ITEMS = 100
#: The most UTF-8 bytes all text inputs of one call may carry together: percent-encoded (at most 3 characters
#: a byte) they still fit in one URL.
MAX_TOTAL_TEXT = 16384
#: The longest URL or page token taken as an input (presigned URLs carry long signatures); Amazon's gateways
#: refuse URLs beyond 8 KB.
MAX_URL = 8192
_MEDIA_TYPE = r"^[\w.+-]+/[\w.+-]+\s*(;.*)?$"  # text, like _ORDER_ID


def invalid(label: str, problem: str) -> InvalidInputError:
    """Return the error for input ``label``: ``"<label>: <problem>"``, with the label kept on the error."""
    msg = f"{label}: {problem}"
    return InvalidInputError(msg, label=label)


def string(
    value: Any,
    *,
    label: str,
    max_length: int | None = None,
    pattern: str | None = None,
    allow_empty: bool = False,
) -> str:
    """Return a string input, checked for type, emptiness, length and pattern."""
    if not isinstance(value, str):
        raise invalid(label, f"expected text, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise invalid(label, "must not be empty")
    if max_length is not None and len(value) > max_length:
        raise invalid(label, f"must be at most {max_length} characters (got {len(value)})")
    if pattern is not None and not re.fullmatch(pattern, value):
        raise invalid(label, f"{value!r} does not match the required format {pattern}")
    return value


def is_test_case(text: str, context: Context) -> bool:
    """Return True for a static-sandbox test value (``TEST_CASE_200``...) on a sandbox host, else False."""
    return context.is_sandbox and re.match(_TEST_CASE, text) is not None


class TextLimit(NamedTuple):
    """How long a text input may be, and whether it is a path segment.

    Attributes:
        max_length: The most characters of the text (of each value, for a list).
        max_items: The most values of a list; ``None`` for a single text.
        path: The value is sent as a path segment, so ``.`` and ``..`` are refused.
    """

    max_length: int = MAX_TEXT
    max_items: int | None = None
    path: bool = False


def text_input(value: Any, *, label: str, limit: TextLimit) -> int:
    """Check the text of one input (a string, or the strings of a list); return its size in UTF-8 bytes.

    Refuses control characters (U+0000 to U+001F, U+007F), text longer than ``limit.max_length``, lists
    longer than ``limit.max_items`` and, for a path segment, ``.`` and ``..``. Values that are not text (a
    ``datetime``, a wrong type) are left to the action's own checks.
    """
    if isinstance(value, str):
        texts = [value] if limit.max_items is None else value.split(",")
    elif limit.max_items is not None and isinstance(value, list | tuple):
        texts = [item for item in value if isinstance(item, str)]
    else:
        return 0
    if limit.max_items is not None:
        count = sum(1 for text in texts if text.strip()) if isinstance(value, str) else len(value)
        if count > limit.max_items:
            raise invalid(label, f"accepts at most {limit.max_items} value(s) (got {count})")
    size = 0
    for text in texts:
        found = _CONTROL.search(text)
        if found:
            raise invalid(
                label, f"must not contain control characters (found {found.group()!r} at {found.start()})"
            )
        if len(text) > limit.max_length:
            raise invalid(label, f"must be at most {limit.max_length} characters (got {len(text)})")
        if limit.path and text.strip().lower() in DOT_SEGMENTS:
            raise invalid(
                label, f"{text!r} is not allowed (as a path segment it would address another resource)"
            )
        # ASCII text is its own length in bytes (warm calls: no encoded copy of every input).
        size += len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    return size


def order_id(value: Any, context: Context, *, label: str) -> str:
    """Return an Amazon order id in 3-7-7 form (``902-3159896-1390916``); a test value on a sandbox."""
    text = string(value, label=label).strip()
    if not re.match(_ORDER_ID, text) and not is_test_case(text, context):
        raise invalid(label, f"{text!r} is not an Amazon order id in 3-7-7 form (e.g. 902-3159896-1390916)")
    return text


def order_ids(value: Any, context: Context, *, label: str, max_items: int | None = None) -> list[str]:
    """Return a list of order ids (a comma-separated string is accepted too)."""
    items = string_list(value, label=label, max_items=max_items)
    return [order_id(item, context, label=label) for item in items]


def date_time(value: Any, context: Context, *, label: str) -> str:
    """Return an ISO 8601 date-time string (UTC as ``Z``) from what :func:`instant` reads.

    The text an operation sends: on a sandbox host a static-sandbox test value (``TEST_CASE_200``) is sent as
    it is, for Amazon's static sandbox matches on it.
    """
    if isinstance(value, str) and is_test_case(value.strip(), context):
        return value.strip()
    text = instant(value, label=label).isoformat()
    return text.removesuffix("+00:00") + "Z"


def instant(value: Any, *, label: str) -> datetime.datetime:
    """Return a point in time as an aware ``datetime`` in UTC: the reader of every workflow's times.

    Takes a ``datetime`` (a naive one is UTC), a ``date`` (its midnight UTC) or an ISO 8601 string (``Z`` or
    an offset, fractions of a second, ``2026-11-01`` for its midnight UTC). A static-sandbox test value is
    refused like any other text: a workflow computes windows from the time, which a test value has not.
    """
    if isinstance(value, str) and value.strip():
        try:
            return parse_instant(value)
        except ValueError as exc:
            problem = str(exc)
            if re.match(_TEST_CASE, value.strip()):
                problem += "; a static-sandbox test value stands for no time, and this input needs one"
            raise invalid(label, problem) from None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)
    else:
        raise invalid(label, "expected an ISO 8601 date-time string or a datetime")
    try:
        return utc(moment)
    except ValueError as exc:
        raise invalid(label, str(exc)) from None


def string_list(value: Any, *, label: str, min_items: int = 1, max_items: int | None = None) -> list[str]:
    """Return a list of non-empty strings; a comma-separated string is split."""
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, Iterable) and not isinstance(value, Mapping | bytes):
        items = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise invalid(label, f"every item must be non-empty text (got {item!r})")
            items.append(item.strip())
    else:
        raise invalid(label, f"expected a list of values, got {type(value).__name__}")
    if len(items) < min_items:
        raise invalid(label, f"needs at least {min_items} value(s)")
    if max_items is not None and len(items) > max_items:
        raise invalid(label, f"accepts at most {max_items} value(s) (got {len(items)})")
    return items


def marketplace_ids(value: Any, context: Context, *, label: str, max_items: int | None = None) -> list[str]:
    """Return marketplace ids, each well-formed (``ATVPDKIKX0DER``); on a sandbox, test values too.

    Amazon adds marketplaces faster than any list: a well-formed id that :mod:`seller_central.marketplaces`
    lacks is sent, with a warning on the ``seller_central`` logger, and Amazon decides.
    """
    ids = string_list(value, label=label, max_items=max_items)
    from seller_central import marketplaces  # noqa: PLC0415 (a data table, loaded on first use)

    for item in ids:
        if marketplaces.is_known(item) or is_test_case(item, context):
            continue
        if not _MARKETPLACE_ID.match(item):
            raise invalid(
                label,
                f"{item!r} is not a marketplace id (8 to 20 capital letters and digits, "
                "e.g. ATVPDKIKX0DER for amazon.com)",
            )
        logger.warning(
            "%s: %r is not a marketplace id seller-central knows; sending it as given", label, item
        )
    return ids


def integer(value: Any, *, label: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return an integer within ``[minimum, maximum]`` (a numeric string is accepted)."""
    if isinstance(value, bool):
        raise invalid(label, "expected a whole number, got a boolean")
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise invalid(label, f"expected a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise invalid(label, f"must be at least {minimum} (got {value})")
    if maximum is not None and value > maximum:
        raise invalid(label, f"must be at most {maximum} (got {value})")
    return value


def positive_number(value: Any, *, label: str) -> float:
    """Return a number greater than zero."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid(label, f"expected a number, got {value!r}")
    if value <= 0:
        raise invalid(label, f"must be greater than zero (got {value})")
    return float(value)


def poll_interval(value: Any, *, operation: str, label: str) -> float:
    """Return a polling interval, refusing one shorter than ``operation``'s usage plan allows.

    For getFeed, getReport and getQuery: polling faster would only wait in the rate limiter.
    """
    from seller_central.polling import min_pause  # noqa: PLC0415 (polling imports this module)

    seconds = positive_number(value, label=label)
    floor = min_pause(operation)
    if seconds < floor:
        raise invalid(
            label, f"at least {floor:g} s, {operation.rsplit('.', maxsplit=1)[-1]}'s rate (got {seconds:g})"
        )
    return seconds


def boolean(value: Any, *, label: str) -> bool:
    """Return a boolean (``true``/``false`` strings are accepted)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise invalid(label, f"expected true or false, got {value!r}")


def choice(value: Any, *, label: str, allowed: Sequence[str]) -> str:
    """Return one of ``allowed`` (the model's enum values): ``"Mode: must be one of ... (got 'X')"``."""
    text = string(value, label=label)
    if text not in allowed:
        raise invalid(label, f"must be one of {', '.join(allowed)} (got {text!r})")
    return text


def choices(value: Any, *, label: str, allowed: Sequence[str], max_items: int | None = None) -> list[str]:
    """Return a list whose every item is one of ``allowed``: ``"...: each value must be one of ..."``."""
    items = string_list(value, label=label, max_items=max_items)
    for item in items:
        if item not in allowed:
            raise invalid(label, f"each value must be one of {', '.join(allowed)} (got {item!r})")
    return items


def json_object(value: Any, *, label: str) -> dict[str, Any]:
    """Return a JSON object from a dict or a JSON string."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise invalid(label, f"is not valid JSON ({exc.args[0]})") from None
    if not isinstance(value, Mapping):
        raise invalid(label, f"expected a JSON object, got {type(value).__name__}")
    return dict(value)


def string_map(value: Any, *, label: str) -> dict[str, str]:
    """Return a ``map<string,string>``: a JSON object of text values (a dict or a JSON string)."""
    mapping = json_object(value, label=label)
    for key, item in mapping.items():
        if not isinstance(key, str) or not key.strip():
            raise invalid(label, f"every key must be non-empty text (got {key!r})")
        if not isinstance(item, str):
            raise invalid(label, f"the value of {key!r} must be text (got {type(item).__name__})")
    return mapping


def content_type(value: Any, *, label: str) -> str:
    """Return a MIME type such as ``text/xml; charset=UTF-8`` (type/subtype, then optional parameters)."""
    text = string(value, label=label).strip()
    if not re.match(_MEDIA_TYPE, text):
        raise invalid(label, f"{text!r} is not a MIME type (e.g. application/json; charset=UTF-8)")
    return text


def exclusive(values: Mapping[str, Any], first: tuple[str, str], second: tuple[str, str]) -> None:
    """Refuse two inputs given together; each is ``(key, label)``."""
    if values.get(first[0]) is not None and values.get(second[0]) is not None:
        msg = f"{first[1]} and {second[1]} cannot be used together"
        raise InvalidInputError(msg, label=second[1])


def number(value: Any, *, label: str, minimum: float | None = None) -> float | int:
    """Return a number (not a boolean) of at least ``minimum``, unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid(label, f"expected a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise invalid(label, f"must be at least {minimum} (got {value})")
    return value


#: Checks one field of a JSON object: ``check(value, name)`` returns the value to send, where ``name`` is the
#: field's path (``Ship From Address.City``) for the error message.
FieldCheck = Callable[[Any, str], Any]


def _relabel(check: FieldCheck, value: Any, name: str, label: str) -> Any:
    """Run ``check`` on a nested field; the error keeps the field's path and is labelled ``label``."""
    try:
        return check(value, name)
    except InvalidInputError as exc:
        if exc.label == label:
            raise
        raise InvalidInputError(str(exc), label=label) from None


def record(
    value: Any, *, label: str, fields: Mapping[str, FieldCheck] | None, required: Iterable[str] = ()
) -> dict[str, Any]:
    """Return a JSON object written with the model's own keys (``{"Name": ..., "City": ...}``), each checked.

    ``fields`` maps every allowed key to its check; ``None`` allows any key and checks nothing (free-form
    JSON). An unknown key, a missing required key or a failed check is refused with a message naming the
    field's path (``Ship From Address.City``), while the error's ``label`` stays the input's. Keys whose value
    is ``None`` count as not given. A dict or a JSON string is accepted.
    """
    obj = json_object(value, label=label)
    if fields is None:
        return obj
    unknown = [key for key in obj if key not in fields]
    if unknown:
        raise invalid(label, f"unknown field {unknown[0]!r} (expected one of {', '.join(fields)})")
    missing = [key for key in required if obj.get(key) is None]
    if missing:
        raise invalid(label, f"{missing[0]} is required")
    return {
        key: _relabel(fields[key], item, f"{label}.{key}", label)
        for key, item in obj.items()
        if item is not None
    }


def records(
    value: Any,
    *,
    label: str,
    fields: Mapping[str, FieldCheck] | None,
    required: Iterable[str] = (),
    min_items: int = 1,
) -> list[dict[str, Any]]:
    """Return a list of JSON objects, each checked as :func:`record` does (a JSON string is accepted).

    Errors name an item by its index: ``Item List[0].Quantity``.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise invalid(label, f"is not valid JSON ({exc.args[0]})") from None
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        raise invalid(label, f"expected a list of JSON objects, got {type(value).__name__}")
    if len(value) < min_items:
        raise invalid(label, f"needs at least {min_items} item(s)")
    required = tuple(required)
    out = []
    for index, item in enumerate(value):
        name = f"{label}[{index}]"
        if not isinstance(item, Mapping):
            raise invalid(label, f"{name} must be a JSON object, got {type(item).__name__}")
        out.append(
            _relabel(lambda v, n: record(v, label=n, fields=fields, required=required), item, name, label)
        )
    return out
