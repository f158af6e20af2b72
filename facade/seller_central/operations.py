"""The operation table: one row per SP-API operation, written by the generator.

Every layer reads its facts here and nowhere else: the limiter takes ``rate`` and ``burst``, the retry layer
``idempotent``, auth ``grantless``/``scope``/``restricted``, pagination ``pagination``. Rows are looked up by
key (``orders_v0.getOrders``) or, for raw requests, by method and concrete path.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, NamedTuple

__all__ = [
    "Operation",
    "Pagination",
    "Parameter",
    "all_operations",
    "describe",
    "find",
    "get",
    "module",
    "path_pattern",
]

Restricted = Literal["never", "always", "data-elements"]


Rule = Literal["same", "token-only", "not-iterable"]


class Pagination(NamedTuple):
    """The page token an operation takes and where its response puts the next one (the generator's table).

    Attributes:
        request_token: The token parameter as the model names it (``NextToken``); ``None`` when the
            operation takes none although its response carries one.
        request_location: ``query``, or ``body`` (Data Kiosk createQuery); ``None`` with no token parameter.
        response_token: The next token's dotted JSON path in the response (``payload.NextToken``).
        argument: The ``request_kwargs`` argument that takes the token (``next_token``).
        token_attribute: ``response_token`` as attribute names of the typed response (``payload.next_token``).
        items: The dotted JSON path of the page's items, where the model makes it unambiguous.
        items_attribute: ``items`` as attribute names of the typed response.
        rule: What a later page sends: ``same`` (the first page's arguments and the token), ``token-only``
            (the token, the arguments in ``keep`` and the values in ``set``) or ``not-iterable``.
        keep: The arguments a ``token-only`` later page keeps.
        set: Arguments a later page sends with a fixed value (``{"query_type": "NEXT_TOKEN"}``).
        token_from: The operation whose response gives this body token (not iterable).
        token_to: The operation whose request takes this response's token (not iterable).
        note: Why the operation follows a rule other than ``same``, from ``specs/operation-facts.json``.
    """

    request_token: str | None
    request_location: str | None
    response_token: str | None
    argument: str | None = None
    token_attribute: str | None = None
    items: str | None = None
    items_attribute: str | None = None
    rule: Rule = "same"
    keep: tuple[str, ...] = ()
    set: tuple[tuple[str, Any], ...] = ()
    token_from: str | None = None
    token_to: str | None = None
    note: str | None = None

    @property
    def iterable(self) -> bool:
        """Whether a page iterator can follow the token (the operation takes the token it returns)."""
        return self.rule != "not-iterable"


class Parameter(NamedTuple):
    """A path parameter of an operation, or a query or header one with limits in Amazon's model.

    Attributes:
        name: The model's name (``orderId``).
        location: ``path``, ``query`` or ``header``.
        python_name: The argument of the generated ``request_kwargs`` (``order_id``).
        max_length: ``maxLength`` of the value (of each item, for an array), when the model gives one.
        max_items: ``maxItems`` of an array, when the model gives one.
    """

    name: str
    location: str
    python_name: str
    max_length: int | None = None
    max_items: int | None = None


class Operation(NamedTuple):
    """One row of the operation table.

    Attributes:
        key: ``<package>.<operationId>``, e.g. ``orders_v0.getOrders``.
        module: The generated module that builds and parses this operation's requests.
        rate: Default usage-plan rate in requests per second (``None``: the model gives none).
        burst: Default usage-plan burst.
        grantless: Callable with a client-credentials token (no seller authorization).
        scope: The LWA scope a grantless call needs.
        restricted: Whether the operation needs a Restricted Data Token.
        idempotent: Safe to send again after an ambiguous failure.
        parameters: The path parameters, and the query and header ones Amazon's model limits (``maxLength``,
            ``maxItems``), in the model's order.
    """

    key: str
    package: str
    operation_id: str
    module: str
    method: str
    path: str
    rate: float | None
    burst: int | None
    grantless: bool
    scope: str | None
    restricted: Restricted
    deprecated: bool
    sandbox_only: bool
    idempotent: bool
    pagination: Pagination | None
    parameters: tuple[Parameter, ...] = ()

    def parameter(self, python_name: str) -> Parameter | None:
        """Return the parameter that ``request_kwargs`` takes as ``python_name``, if the operation has one."""
        return next((p for p in self.parameters if p.python_name == python_name), None)

    def path_pattern(self) -> re.Pattern[str]:
        """Return a regex matching concrete paths of this operation (one segment per placeholder)."""
        return path_pattern(self.path)


@functools.cache
def path_pattern(template: str) -> re.Pattern[str]:
    """Return the regex of the concrete paths of a ``{placeholder}`` path template (compiled once)."""
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}$")


def _row(data: dict[str, Any]) -> Operation:
    pagination = data.get("pagination")
    return Operation(
        key=data["key"],
        package=data["package"],
        operation_id=data["operation_id"],
        module=data["module"],
        method=data["method"],
        path=data["path"],
        rate=data["rate"],
        burst=data["burst"],
        grantless=data["grantless"],
        scope=data["scope"],
        restricted=data["restricted"],
        deprecated=data["deprecated"],
        sandbox_only=data["sandbox_only"],
        idempotent=data["idempotent"],
        pagination=_pagination(pagination) if pagination else None,
        parameters=tuple(
            Parameter(
                name=p["name"],
                location=p["in"],
                python_name=p["python_name"],
                max_length=p.get("max_length"),
                max_items=p.get("max_items"),
            )
            for p in data.get("parameters", ())
        ),
    )


def _pagination(data: dict[str, Any]) -> Pagination:
    return Pagination(
        request_token=data.get("request_token"),
        request_location=data.get("request_location"),
        response_token=data.get("response_token"),
        argument=data.get("argument"),
        token_attribute=data.get("token_attribute"),
        items=data.get("items"),
        items_attribute=data.get("items_attribute"),
        rule=data.get("rule", "same"),
        keep=tuple(data.get("keep", ())),
        set=tuple(data.get("set", {}).items()),
        token_from=data.get("token_from"),
        token_to=data.get("token_to"),
        note=data.get("note"),
    )


def _table(relative: str) -> dict[str, dict[str, Any]]:
    # Plain files beside the generated package: importlib.resources would cost every process start more
    # than reading the file does.
    path = Path(importlib.import_module("selling_partner_api").__file__ or "").parent / relative
    return {row["key"]: row for row in json.loads(path.read_text(encoding="utf-8"))["operations"]}


@functools.cache
def _rows() -> dict[str, dict[str, Any]]:
    return _table("_operations.json")


@functools.cache
def _package_rows(package: str) -> dict[str, dict[str, Any]]:
    # Cold start: the generator also writes each package's rows on their own; one call reads one package.
    if not package.isidentifier():  # never a path: ("../x.y")
        return {}
    try:
        return _table(f"_operations/{package}.json")
    except FileNotFoundError:
        return {}


# Cold start: a process that calls one operation builds that one row, not all 370 (about 1 ms on its own).
@functools.cache
def get(key: str) -> Operation:
    """Return the operation with this key.

    Raises:
        KeyError: no such operation in the pinned models.
    """
    row = _package_rows(key.partition(".")[0]).get(key)
    if row is None:
        raise KeyError(key)
    return _row(row)


def all_operations() -> list[Operation]:
    """Return every operation, in table order."""
    return [get(key) for key in _rows()]


@functools.cache
def _by_method() -> dict[str, list[Operation]]:
    grouped: dict[str, list[Operation]] = {}
    for operation in all_operations():
        grouped.setdefault(operation.method, []).append(operation)
    # Literal segments beat placeholders: /feeds/{feedId} must not swallow /feeds/documents.
    for operations in grouped.values():
        operations.sort(key=lambda op: (op.path.count("{"), -len(op.path)))
    return grouped


def find(method: str, path: str) -> Operation | None:
    """Return the operation a concrete request (method and path, no query) belongs to, if any."""
    for operation in _by_method().get(method.upper(), []):
        if operation.path_pattern().match(path):
            return operation
    return None


_modules: dict[str, ModuleType] = {}


def module(key: str) -> ModuleType:
    """Import (once) and return the generated module of an operation."""
    loaded = _modules.get(key)
    if loaded is None:
        loaded = _modules[key] = importlib.import_module(get(key).module)
    return loaded


@functools.cache
def _descriptions(package: str) -> dict[str, Any]:
    root = Path(importlib.import_module("selling_partner_api").__file__ or "").parent
    data: dict[str, Any] = json.loads((root / "_describe" / f"{package}.json").read_text(encoding="utf-8"))
    return data["operations"]  # type: ignore[no-any-return]


def describe(key: str) -> dict[str, Any]:
    """Return what the model says of an operation for people (the CLI's help): summary, parameters, body.

    ``parameters`` lists every parameter but the body: ``name``, ``in``, ``python_name`` (the
    ``request_kwargs`` argument), ``type`` (``string``, ``integer``, ``date-time``, ``array of string``...),
    ``required`` and, where the model gives them, the ``enum`` values; ``body`` says whether it takes one.

    Raises:
        KeyError: no such operation.
    """
    operation = get(key)
    return _descriptions(operation.package)[operation.operation_id]  # type: ignore[no-any-return]
