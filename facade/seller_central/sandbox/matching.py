"""Static sandbox matching: which example answers a request.

Amazon's static sandbox answers a request with the example whose listed parameter values all equal the
request's; parameters an example does not list are free. When several examples match, the one that lists the
most values wins (a model's catch-all example must not hide its ``TEST_CASE_400``); ties go to the first in
model order. Equality is by meaning, not spelling, where a client cannot control the spelling: numbers
compare as numbers (``500`` and ``500.0``), date-times as instants (``...T00:00:00Z`` and ``+00:00``), and
array query values as multisets (``A,B``, ``B,A`` and repeated keys ``?k=A&k=B`` are the same array).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from seller_central.sandbox.examples import Constraint, Example

__all__ = ["NO_JSON", "Incoming", "best_match", "describe", "parse_json"]

# Shown values longer than this are cut, so an error envelope listing large example bodies stays readable.
_SHOWN_CHARS = 160


class _NoJson(enum.Enum):
    NO_JSON = enum.auto()


NO_JSON = _NoJson.NO_JSON
"""Marks a request whose body is empty or not JSON."""


@attrs.frozen(kw_only=True)
class Incoming:
    """The parts of a request that examples constrain.

    Attributes:
        path_values: Path parameters by name, percent-decoded.
        query: Query values by name: every occurrence of the key, each split at commas.
        headers: Header values by lower-case name.
        json_body: The parsed JSON body, or :data:`NO_JSON`.
    """

    path_values: Mapping[str, str]
    query: Mapping[str, tuple[str, ...]]
    headers: Mapping[str, str]
    json_body: Any = NO_JSON


def parse_json(body: bytes) -> Any:
    """Return the JSON value of a request body, or :data:`NO_JSON` when it is empty or not JSON."""
    if not body.strip():
        return NO_JSON
    try:
        return json.loads(body)
    except ValueError:
        return NO_JSON


def best_match(examples: Sequence[Example], request: Incoming) -> Example | None:
    """Return the example that answers the request: the matching one listing the most values, if any."""
    best: Example | None = None
    for example in examples:
        if all(_holds(constraint, request) for constraint in example.constraints) and (
            best is None or len(example.constraints) > len(best.constraints)
        ):
            best = example
    return best


def describe(example: Example) -> str:
    """Return the values an example accepts, as ``name=value`` pairs (``any request`` if it lists none)."""
    if not example.constraints:
        return "any request"
    return " & ".join(
        f"{constraint.name}={_shown(constraint.expected)}" for constraint in example.constraints
    )


def _holds(constraint: Constraint, request: Incoming) -> bool:
    expected = constraint.expected
    match constraint.location:
        case "path":
            actual = request.path_values.get(constraint.name)
            return actual is not None and _scalar_equal(expected, actual)
        case "header":
            actual = request.headers.get(constraint.name.lower())
            return actual is not None and _scalar_equal(expected, actual)
        case "query":
            values = request.query.get(constraint.name)
            return values is not None and _multiset_equal(_query_items(expected), values)
        case "body":
            return request.json_body is not NO_JSON and _json_equal(expected, request.json_body)
        case "body_field":
            body = request.json_body
            return (
                isinstance(body, dict)
                and constraint.name in body
                and _json_equal(expected, body[constraint.name])
            )
    return False


def _query_items(expected: Any) -> list[Any]:
    # Swagger 2.0 arrays travel comma-joined (csv) unless the model says multi; examples give either a JSON
    # array or an already joined string.
    if isinstance(expected, list):
        return expected
    if isinstance(expected, str):
        return expected.split(",")
    return [expected]


def _multiset_equal(expected: list[Any], actual: Sequence[str]) -> bool:
    if len(expected) != len(actual):
        return False
    remaining = list(actual)
    for item in expected:
        index = next((i for i, value in enumerate(remaining) if _scalar_equal(item, value)), None)
        if index is None:
            return False
        del remaining[index]
    return True


def _scalar_equal(expected: Any, actual: str) -> bool:
    if isinstance(expected, bool):
        return actual.lower() == str(expected).lower()
    if isinstance(expected, int | float):
        try:
            return float(actual) == float(expected)
        except ValueError:
            return False
    if isinstance(expected, str):
        return expected == actual or _same_instant(expected, actual)
    if expected is None:
        return actual in {"", "null"}
    return json.dumps(expected, separators=(",", ":")) == actual


def _json_equal(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float):
        return isinstance(actual, int | float) and expected == actual
    if isinstance(expected, str):
        return isinstance(actual, str) and (expected == actual or _same_instant(expected, actual))
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(_json_equal(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and expected.keys() == actual.keys()
            and all(_json_equal(value, actual[key]) for key, value in expected.items())
        )
    return bool(expected is None and actual is None)


def _same_instant(expected: str, actual: str) -> bool:
    # Only strings shaped like ISO dates are parsed: a cheap shape check keeps ids and test values fast.
    if not (_looks_like_date(expected) and _looks_like_date(actual)):
        return False
    try:
        return datetime.fromisoformat(expected) == datetime.fromisoformat(actual)
    except ValueError:
        return False


def _looks_like_date(value: str) -> bool:
    return len(value) >= len("2020-01-01") and value[4] == "-" and value[:4].isdigit()


def _shown(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        text = ",".join(_shown(item) for item in value)
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, separators=(",", ":"), sort_keys=True)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."
