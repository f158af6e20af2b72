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
from typing import Any, Literal

import attrs

__all__ = ["Operation", "Pagination", "Parameter", "all_operations", "find", "get", "module", "path_pattern"]

Restricted = Literal["never", "always", "data-elements"]


@attrs.frozen(kw_only=True)
class Pagination:
    """The page token an operation takes and where its response puts the next one."""

    request_token: str
    request_location: str
    response_token: str | None


@attrs.frozen(kw_only=True)
class Parameter:
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


@attrs.frozen(kw_only=True)
class Operation:
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
        pagination=Pagination(**pagination) if pagination else None,
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


@functools.cache
def _table() -> dict[str, Operation]:
    # A plain file beside the generated package: importlib.resources would cost every process start more
    # than reading the file does.
    path = Path(importlib.import_module("selling_partner_api").__file__ or "").with_name("_operations.json")
    return {row["key"]: _row(row) for row in json.loads(path.read_text(encoding="utf-8"))["operations"]}


def get(key: str) -> Operation:
    """Return the operation with this key.

    Raises:
        KeyError: no such operation in the pinned models.
    """
    return _table()[key]


def all_operations() -> list[Operation]:
    """Return every operation, in table order."""
    return list(_table().values())


@functools.cache
def _by_method() -> dict[str, list[Operation]]:
    grouped: dict[str, list[Operation]] = {}
    for operation in _table().values():
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
