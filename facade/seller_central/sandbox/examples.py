"""The static sandbox examples of the pinned models, read from ``selling_partner_api/_sandbox``.

The generator copies each model's ``x-amzn-api-sandbox.static`` entries into ``_sandbox/<package>.json``
together with where each parameter travels. This module turns every example into a tuple of
:class:`Constraint` (the values a request must carry) so that matching is a plain loop. Files are read
lazily, one package at a time, so the server starts without touching them.

A few models write their examples loosely and are read as follows:

- ``{"body": {}}`` (a body with no ``value``, even on some GET operations): no constraint on the body.
- ``{"body": {"amazonOrderId": ...}}`` (Easy Ship): the body's fields without the ``value`` wrapper.
- ``{"body": {"value": ..., "resourceId": {"value": ...}}}`` (Services getFixedSlotCapacity): a path or
  query parameter nested inside the body entry; it is lifted out as that parameter's constraint.
- a name the operation does not declare, next to a JSON body: one field of that body.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any, Literal

import attrs

__all__ = ["Constraint", "Example", "SandboxOperation", "operation"]

Location = Literal["path", "query", "header", "body", "body_field"]

_DECLARED: Mapping[str, Location] = {"path": "path", "query": "query", "header": "header"}

# Every model names its body parameter "body" in the sandbox examples.
_BODY = "body"


@attrs.frozen(kw_only=True)
class Constraint:
    """One value a request must carry for an example to answer it.

    Attributes:
        location: ``path``, ``query``, ``header``, ``body`` (the whole JSON body) or ``body_field``
            (one top-level field of the JSON body).
        name: The parameter (or body field) name as the model spells it.
        expected: The example's value, as JSON.
    """

    location: Location
    name: str
    expected: Any


@attrs.frozen(kw_only=True)
class Example:
    """One static sandbox example: the constraints a request must meet, and the answer."""

    status: int
    response: Any
    constraints: tuple[Constraint, ...]


@attrs.frozen(kw_only=True)
class SandboxOperation:
    """An operation of a sandbox file: its parameter locations and its examples, in model order."""

    package: str
    operation_id: str
    method: str
    path: str
    locations: Mapping[str, str]
    has_body: bool
    examples: tuple[Example, ...]


def operation(package: str, operation_id: str) -> SandboxOperation | None:
    """Return the sandbox data of one operation, or ``None`` when its model gives no static example."""
    return _package(package).get(operation_id)


@functools.cache
def _package(package: str) -> Mapping[str, SandboxOperation]:
    # functools.cache may run this twice under a race; both runs build the same value, so no lock is needed.
    entry = resources.files("selling_partner_api").joinpath("_sandbox").joinpath(f"{package}.json")
    if not entry.is_file():
        return {}
    data = json.loads(entry.read_text(encoding="utf-8"))
    return {
        operation_id: _operation(package, operation_id, raw)
        for operation_id, raw in data["operations"].items()
    }


def _operation(package: str, operation_id: str, raw: dict[str, Any]) -> SandboxOperation:
    locations: dict[str, str] = raw["parameters"]
    examples = tuple(
        Example(
            status=int(example["status"]),
            response=example["response"],
            constraints=_constraints(example["parameters"], locations),
        )
        for example in raw["examples"]
    )
    return SandboxOperation(
        package=package,
        operation_id=operation_id,
        method=raw["method"],
        path=raw["path"],
        locations=locations,
        has_body=raw["has_body"],
        examples=examples,
    )


def _constraints(parameters: Mapping[str, Any], locations: Mapping[str, str]) -> tuple[Constraint, ...]:
    found: list[Constraint] = []
    for name, spec in parameters.items():
        if name in locations:
            found.append(_declared(name, spec, locations))
        elif name == _BODY:
            found.extend(_body(spec, locations))
        else:
            found.append(Constraint(location="body_field", name=name, expected=_value(spec)))
    return tuple(found)


def _declared(name: str, spec: Any, locations: Mapping[str, str]) -> Constraint:
    location = _DECLARED.get(locations[name])
    if location is None:
        msg = f"unknown parameter location {locations[name]!r} for {name!r} in the sandbox data"
        raise ValueError(msg)
    return Constraint(location=location, name=name, expected=_value(spec))


def _body(spec: Any, locations: Mapping[str, str]) -> list[Constraint]:
    if not isinstance(spec, dict):
        return [Constraint(location="body", name=_BODY, expected=spec)]
    if "value" in spec:
        lifted = [
            _declared(name, nested, locations)
            for name, nested in spec.items()
            if name in locations and isinstance(nested, dict) and "value" in nested
        ]
        return [Constraint(location="body", name=_BODY, expected=spec["value"]), *lifted]
    if not spec:
        return []
    return [Constraint(location="body", name=_BODY, expected=spec)]


def _value(spec: Any) -> Any:
    if isinstance(spec, dict) and "value" in spec:
        return spec["value"]
    return spec
