"""How the CLI prints results: JSON (the default, for scripts) or a readable table.

The table (``-o table``) is chosen per result type:

- **Rows.** The rows are the first list of objects found in the result's envelope (``payload.Orders``,
  ``items``, ``feeds``): a list is looked for first at each level, then inside the level's objects, down
  three levels, and only through envelopes (objects with at most five fields set; an object with more is a
  record, shown as it is). ``errors`` and ``warnings`` lists are never the rows.
- **Columns** come from the item's generated model, in the model's order (from the data's keys when there is
  no model, as for Raw Request): a scalar is a column; money (an object of an amount and a currency code, in
  any of the models' spellings: ``Amount``/``CurrencyCode``, ``amount``/``currencyCode``,
  ``CurrencyAmount``, ``value``/``currency``...) is one column printed ``12.99 USD``; a small nested object
  (at most three fields, each scalar or money) becomes dotted columns (``ProductInfo.NumberOfItems``); a list
  is one column, its short values joined (``Standard, Prime``) or its count (``3 items``); larger nested
  objects are left to JSON output.
- **Which columns.** Columns empty in every row are dropped; at most ten are kept, picked in this order: the
  model's required fields, up to three money columns, the other scalars, the dotted columns, the lists.
  They are printed in the model's order. A cell longer than 40 characters is cut with ``…``.
- **One object** (``orders get``) is printed as a two-column ``key``/``value`` table of every field that is
  set, nested objects flattened one level with dotted keys, money and lists as above.
- **No content** (``None``, ``{}``, no rows) prints nothing: see :func:`no_content`.
"""

from __future__ import annotations

import base64
import datetime
import enum
import importlib
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from selling_partner_api.types import UNSET, Model

__all__ = ["no_content", "render", "to_jsonable"]

_MAX_COLUMNS = 10
_MAX_MONEY_COLUMNS = 3
_MAX_WIDTH = 40
_MAX_DEPTH = 3
_MAX_ENVELOPE_FIELDS = 5
_MAX_SMALL_FIELDS = 3
_NOT_ROWS = frozenset({"errors", "warnings"})
#: Money's amount and currency fields, as normalised names (lower case, letters and digits only): an amount
#: with any of the currency names, or ``value`` with ``currency``/``currencyCode`` (``code`` alone is too
#: common a name to pair with ``value``).
_AMOUNTS = {"amount": ("currencycode", "currency", "code"), "currencyamount": ("currencycode", "currency"),
            "value": ("currencycode", "currency")}  # fmt: skip
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _bytes(value: bytes) -> Any:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(value).decode()}


def to_jsonable(value: Any) -> Any:
    """Convert a result (generated models, attrs values, bytes, dates) into plain JSON values."""
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_jsonable(to_dict())
    if attrs.has(type(value)):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in attrs.fields(type(value)) if f.repr}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return _bytes(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Iterable):
        return [to_jsonable(item) for item in value]
    return str(value)


def no_content(value: Any) -> bool:
    """Say whether a result is a success without content.

    That is ``None`` (the operation documents no body, or a raw request's body was empty) or an empty JSON
    object (``{}`` as sent, or a model with nothing set).
    """
    return value is None or to_jsonable(value) == {}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _money_keys(names: Iterable[str]) -> tuple[str, str] | None:
    """Return the (amount, currency) names of an object that is money (just those two fields), else None."""
    given = list(names)
    if len(given) != 2:  # noqa: PLR2004
        return None
    by_norm = {_norm(name): name for name in given}
    for amount, currencies in _AMOUNTS.items():
        for currency in currencies:
            if amount in by_norm and currency in by_norm:
                return by_norm[amount], by_norm[currency]
    return None


def _money_text(value: Any) -> str | None:
    """Return ``12.99 USD`` for a JSON money object, else None."""
    if not isinstance(value, dict):
        return None
    keys = _money_keys(value)
    if keys is None:
        return None
    amount, currency = value[keys[0]], value[keys[1]]
    if not isinstance(currency, str) or not _CURRENCY.match(currency):
        return None
    if isinstance(amount, bool) or not isinstance(amount, str | int | float):
        return None
    return f"{amount} {currency}"


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _cell(value: Any) -> str:
    """Return the text of one cell: money as ``12.99 USD``, lists summarised, the rest as short text."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list):
        if all(_is_scalar(item) for item in value):
            text = ", ".join(item if isinstance(item, str) else json.dumps(item) for item in value)
        else:
            text = f"{len(value)} item" if len(value) == 1 else f"{len(value)} items"
    else:
        text = _money_text(value) or json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_WIDTH else text[: _MAX_WIDTH - 1] + "…"


# -- columns ------------------------------------------------------------------------------------------------


@attrs.frozen
class _Column:
    """One table column: its header (a JSON key, dotted for a nested one) and where its value is."""

    header: str
    path: tuple[str, ...]
    kind: str  # scalar | money | nested | list
    required: bool = False


def _lookup(row: Any, path: Sequence[str]) -> Any:
    for key in path:
        if not isinstance(row, dict):
            return None
        row = row.get(key)
    return row


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def _field_types(cls: type) -> dict[str, str]:
    """Return the annotations (as text) of a generated model's fields."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        for name, annotation in getattr(klass, "__annotations__", {}).items():
            found[name] = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return found


def _json_keys(cls: type) -> dict[str, str]:
    """Map a model's attribute names to its JSON keys (the module's ``_KEYS``, matched by normalised name)."""
    keys = getattr(sys.modules.get(cls.__module__), "_KEYS", ())
    by_norm = {_norm(key): key for key in keys}
    return {name: by_norm.get(_norm(name.rstrip("_")), name) for name in getattr(cls, "FIELDS", ())}


def _resolve(cls: type, annotation: str) -> tuple[str, Any]:
    """Classify an annotation: ``("model", class)``, ``("list", None)``, ``("json", None)`` or scalar."""
    parts = (part.strip() for part in annotation.split("|"))
    core = " | ".join(part for part in parts if part not in ("Unset", "None"))
    if core.startswith(("list[", "Sequence[")):
        return "list", None
    if core.startswith(("dict[", "Mapping[")) or core == "Any":
        return "json", None
    if core in ("str", "int", "float", "bool") or "|" in core or not core.isidentifier():
        return "scalar", None
    package = cls.__module__.rpartition(".")[0]
    try:
        target = getattr(importlib.import_module(package), core)
    except (ImportError, AttributeError):
        return "scalar", None
    if isinstance(target, type) and issubclass(target, Model):
        return "model", target
    return "scalar", None  # an enum, or a type the models package aliases to a scalar


def _is_money_model(cls: type) -> bool:
    return _money_keys(getattr(cls, "FIELDS", ())) is not None


def _model_columns(cls: type, *, nested_any: bool) -> list[_Column]:
    """Return the columns of a generated model, in its order (see the module docstring for the rule)."""
    keys, types = _json_keys(cls), _field_types(cls)
    columns = []
    for name in cls.FIELDS:  # type: ignore[attr-defined]
        key, annotation = keys[name], types.get(name, "")
        required = "Unset" not in annotation
        kind, target = _resolve(cls, annotation)
        if kind == "model":
            if _is_money_model(target):
                columns.append(_Column(key, (key,), "money", required))
                continue
            inner = _model_columns(target, nested_any=False)
            simple = all(column.kind in ("scalar", "money") for column in inner)
            if nested_any or (simple and len(inner) <= _MAX_SMALL_FIELDS):
                columns += [
                    _Column(f"{key}.{column.header}", (key, *column.path), "nested") for column in inner
                ][: None if nested_any else _MAX_SMALL_FIELDS]
        elif kind in ("scalar", "list"):
            columns.append(_Column(key, (key,), kind, required))
    return columns


def _data_columns(rows: Sequence[dict[str, Any]], *, nested_any: bool) -> list[_Column]:
    """Return the columns of rows without a model: their keys in order of first appearance, typed by value."""
    seen: dict[str, Any] = {}
    for row in rows:
        for key, value in row.items():
            if _empty(seen.get(key)):
                seen[key] = value
    columns = []
    for key, value in seen.items():
        if isinstance(value, dict):
            small = len(value) <= _MAX_SMALL_FIELDS and all(_is_scalar(v) for v in value.values())
            if _money_text(value) is not None:
                columns.append(_Column(key, (key,), "money"))
            elif nested_any or small:
                subkeys = dict.fromkeys(k for row in rows if isinstance(row.get(key), dict) for k in row[key])
                columns += [_Column(f"{key}.{sub}", (key, sub), "nested") for sub in subkeys]
        elif isinstance(value, list):
            columns.append(_Column(key, (key,), "list"))
        else:
            columns.append(_Column(key, (key,), "scalar"))
    return columns


def _pick(columns: list[_Column], rows: Sequence[dict[str, Any]]) -> list[_Column]:
    """Keep the columns with a value in some row, at most ``_MAX_COLUMNS``, by the module docstring's rule."""
    present = [column for column in columns if any(not _empty(_lookup(row, column.path)) for row in rows)]
    chosen: list[_Column] = []

    def take(kind: str | None, limit: int = _MAX_COLUMNS, *, required: bool = False) -> None:
        taken = 0
        for column in present:
            if len(chosen) >= _MAX_COLUMNS or taken >= limit:
                return
            if column in chosen or (required and not column.required) or (kind and column.kind != kind):
                continue
            if required and column.kind == "list":
                continue
            chosen.append(column)
            taken += 1

    take(None, required=True)
    take("money", _MAX_MONEY_COLUMNS)
    for kind in ("scalar", "nested", "list"):
        take(kind)
    return [column for column in present if column in chosen]


def _columns_for(typed: Sequence[Any], rows: Sequence[dict[str, Any]], *, nested_any: bool) -> list[_Column]:
    kinds = {type(item) for item in typed}
    if len(kinds) == 1 and issubclass(next(iter(kinds)), Model):
        return _model_columns(next(iter(kinds)), nested_any=nested_any)
    return _data_columns(rows, nested_any=nested_any)


# -- finding the rows -------------------------------------------------------------------------------------


def _fields(value: Any) -> list[tuple[str, Any]] | None:
    """Return the set fields of an object (a model, a mapping, an attrs value), or None for anything else."""
    if isinstance(value, Model):
        pairs = [(name, getattr(value, name)) for name in value.FIELDS]
    elif isinstance(value, Mapping):
        pairs = [(str(key), item) for key, item in value.items()]
    elif attrs.has(type(value)):
        pairs = [(f.name, getattr(value, f.name)) for f in attrs.fields(type(value)) if f.repr]
    else:
        return None
    return [(name, item) for name, item in pairs if item is not UNSET and item is not None]


def _is_object(value: Any) -> bool:
    return _fields(value) is not None


def _object_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(_is_object(item) for item in value)


def _find_rows(value: Any, depth: int = 0) -> list[Any] | None:
    """Return the rows of a result: the first list of objects in its envelope (module docstring)."""
    if _object_list(value):
        return list(value)
    fields = _fields(value)
    if fields is None or len(fields) > _MAX_ENVELOPE_FIELDS:
        return None
    for name, item in fields:
        if _norm(name) not in _NOT_ROWS and _object_list(item):
            return list(item)
    if depth < _MAX_DEPTH:
        for name, item in fields:
            if _norm(name) not in _NOT_ROWS and _is_object(item):
                found = _find_rows(item, depth + 1)
                if found is not None:
                    return found
    return None


def _unwrap(value: Any) -> Any:
    """Step into single-field envelopes such as SP-API's ``{"payload": {...}}``."""
    while True:
        fields = _fields(value)
        if fields is None or len(fields) != 1 or not _is_object(fields[0][1]):
            return value
        value = fields[0][1]


# -- drawing ----------------------------------------------------------------------------------------------


def _grid(headers: list[str], cells: list[list[str]]) -> str:
    widths = [max(len(header), *(len(line[i]) for line in cells)) for i, header in enumerate(headers)]
    lines = ["  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells
    ]
    return "\n".join(line.rstrip() for line in lines)


def _table(value: Any) -> str:
    typed = _find_rows(value)
    if typed is not None:
        rows = [row if isinstance(row, dict) else {} for row in (to_jsonable(item) for item in typed)]
        columns = _pick(_columns_for(typed, rows, nested_any=False), rows)
        if not columns:  # every field is a larger nested object: flatten them one level after all
            columns = _pick(_data_columns(rows, nested_any=True), rows)
        if not columns:
            return ""
        cells = [[_cell(_lookup(row, column.path)) for column in columns] for row in rows]
        return _grid([column.header for column in columns], cells)
    record = _unwrap(value)
    data = to_jsonable(record)
    if not isinstance(data, dict):  # a scalar, or a list of scalars
        return "" if _empty(data) else data if isinstance(data, str) else _cell(data)
    columns = _columns_for([record], [data], nested_any=True)
    known = {c.path[0] for c in columns}
    columns += [_Column(key, (key,), "scalar") for key in data if key not in known]  # undeclared keys
    pairs = [(c.header, _cell(_lookup(data, c.path))) for c in columns if not _empty(_lookup(data, c.path))]
    return _grid(["key", "value"], [[key, text] for key, text in pairs]) if pairs else ""


def render(value: Any, output: str) -> str:
    """Return the text to print for ``value`` in the ``json`` or ``table`` format (module docstring)."""
    if output == "table":
        return _table(value)
    return json.dumps(to_jsonable(value), indent=2, ensure_ascii=False)
