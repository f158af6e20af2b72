"""How the CLI prints results: JSON (the default, for scripts) or a readable table."""

from __future__ import annotations

import base64
import datetime
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = ["no_content", "render", "to_jsonable"]

_MAX_COLUMNS = 8
_MAX_WIDTH = 40
_MAX_DEPTH = 3


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


def _rows(data: Any, depth: int = 0) -> list[dict[str, Any]] | None:
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return data
    if isinstance(data, dict) and depth < _MAX_DEPTH:
        for value in data.values():
            found = _rows(value, depth + 1)
            if found is not None:
                return found
    return None


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_WIDTH else text[: _MAX_WIDTH - 1] + "…"


def _table(rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        for key, value in row.items():
            if key not in columns and not isinstance(value, dict | list) and len(columns) < _MAX_COLUMNS:
                columns.append(key)
    if not columns:
        columns = list(rows[0])[:_MAX_COLUMNS]
    cells = [[_cell(row.get(column, "")) for column in columns] for row in rows]
    widths = [max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(width) for column, width in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells
    ]
    return "\n".join(line.rstrip() for line in lines)


def _unwrap(data: Any) -> Any:
    """Step into single-key envelopes such as SP-API's ``{"payload": {...}}``."""
    while isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), dict):
        data = next(iter(data.values()))
    return data


def render(value: Any, output: str) -> str:
    """Return the text to print for ``value`` in the ``json`` or ``table`` format."""
    data = to_jsonable(value)
    if output == "table":
        rows = _rows(data)
        if rows is not None:
            return _table(rows)
        data = _unwrap(data)
        if isinstance(data, dict) and data:
            return _table([{"key": key, "value": value} for key, value in data.items()])
        return "" if data in (None, {}, []) else str(data)
    return json.dumps(data, indent=2, ensure_ascii=False)
