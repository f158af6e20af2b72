"""Every operation by key: the checks behind ``api.call(key, **params)`` and ``api.<package>.<operation>()``.

Both forms reach the client's one ``_run_operation``, which turns the key and the arguments into a
:class:`~seller_central.actions._spec.Call` here and sends it like any action's: LWA or grantless token,
Restricted Data Token, rate limit, retry, errors. Nothing here does I/O, and nothing is sent when a check
fails: an unknown key or parameter, a missing required one, a body that is neither a model nor JSON, or
data elements for an operation that takes none.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from selling_partner_api.types import UNSET, Model

from seller_central import operations, validation
from seller_central.calls import Call
from seller_central.errors import InvalidInputError

__all__ = ["operation_call", "operation_named"]

#: The argument that asks for a Restricted Data Token covering some data (getOrders, getOrder, getOrderItems).
DATA_ELEMENTS = "data_elements"


class _Signature:
    """The keyword arguments of an operation's generated ``request_kwargs``.

    A plain slotted class: building an attrs class at import costs every process start half a millisecond.
    """

    __slots__ = ("list_body", "names", "required")

    def __init__(self, names: frozenset[str], required: tuple[str, ...], *, list_body: bool) -> None:
        self.names = names
        self.required = required
        self.list_body = list_body


@functools.cache
def _signature(key: str) -> _Signature:
    function = operations.module(key).request_kwargs
    code = function.__code__
    names = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    defaults = function.__kwdefaults__ or {}
    # Annotations are text (the generated modules use ``from __future__ import annotations``).
    body = str(function.__annotations__.get("body", ""))
    return _Signature(
        names=frozenset(names),
        required=tuple(name for name in names if name not in defaults),
        list_body=body.startswith("collections.abc.Sequence"),
    )


def _close(word: str, candidates: Sequence[str]) -> str:
    import difflib  # noqa: PLC0415 (only a mistake needs it)

    matches = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(m) for m in matches)}?)" if matches else ""


def operation_named(key: str) -> operations.Operation:
    """Return the operation table's row of ``key`` (``api.call``, ``api.pages``, ``seller-central call``).

    Raises:
        InvalidInputError: ``key`` is not a key of the table; the message offers the closest keys.
    """
    if not isinstance(key, str):
        msg = f"an operation key is text such as 'orders_v0.getOrders', not {type(key).__name__}"
        raise InvalidInputError(msg, label="key")
    try:
        return operations.get(key)
    except KeyError:
        keys = [operation.key for operation in operations.all_operations()]
        msg = (
            f"unknown operation {key!r}{_close(key, keys)}: keys look like reports_2021_06_30.getReports, "
            "'<package>.<operationId>' as in the operation table (`seller-central call --list` lists them)"
        )
        raise InvalidInputError(msg, label="key") from None


def _body(key: str, value: Any, *, list_body: bool) -> Any:
    """Return the body to send: a model as it is, a mapping (or, for a list body, a list) as JSON."""
    if list_body:
        if isinstance(value, Sequence) and not isinstance(value, str | bytes):
            return [item if isinstance(item, Model) else _json_object(key, item) for item in value]
    elif isinstance(value, Model):
        return value
    elif isinstance(value, Mapping):
        return _json_object(key, value)
    wanted = "a list of models or dicts" if list_body else "the body model or a dict (sent as JSON)"
    raise validation.invalid("body", f"{key} takes {wanted}, not {type(value).__name__}")


def _json_object(key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise validation.invalid("body", f"{key} takes models or dicts, not {type(value).__name__}")
    return dict(value)


def operation_call(
    key: str, arguments: Mapping[str, Any], data_elements: Sequence[str] | None = None
) -> Call[Any]:
    """Return the call of operation ``key`` with ``arguments`` for its generated ``request_kwargs``.

    ``UNSET`` and ``None`` mean "not given". For the operations that need a Restricted Data Token only for
    some data, ``data_elements`` (or an argument of that name) asks for one covering those elements.

    Raises:
        InvalidInputError: naming the key or the parameter at fault (nothing is sent).
    """
    operation = operation_named(key)
    signature = _signature(key)
    given = {name: value for name, value in arguments.items() if value is not UNSET and value is not None}
    if DATA_ELEMENTS in given and operation.restricted == "data-elements":
        if data_elements is not None:
            raise validation.invalid(DATA_ELEMENTS, "given twice")
        data_elements = given.pop(DATA_ELEMENTS)
    unknown = sorted(given.keys() - signature.names)
    if unknown:
        extra = {DATA_ELEMENTS} if operation.restricted == "data-elements" else set()
        known = sorted(signature.names | extra)
        listed = ", ".join(known) or "none"
        msg = f"{key}: unknown parameter {unknown[0]!r}{_close(unknown[0], known)}; its parameters: {listed}"
        raise InvalidInputError(msg, label=unknown[0])
    for name in signature.required:
        if name not in given:
            raise validation.invalid(name, f"is required for {key}")
    if "body" in given:
        given["body"] = _body(key, given["body"], list_body=signature.list_body)
    elements: tuple[str, ...] = ()
    if data_elements is not None:
        elements = tuple(validation.string_list(data_elements, label=DATA_ELEMENTS))
    return Call(op=operations.module(key), arguments=given, data_elements=elements)
