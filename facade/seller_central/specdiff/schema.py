"""Flatten a Swagger schema into dotted paths, so two versions of it can be compared field by field.

A request body or a response schema becomes ``{path: Node}``: ``""`` is the schema itself, ``payload`` a
property, ``payload.Orders[]`` the items of an array, ``payload.Orders[].OrderStatus`` a property of those
items and ``attributes.*`` the values of a free-form map (``additionalProperties``). ``$ref`` links and
``allOf`` parts are followed, up to :data:`MAX_DEPTH` levels and never twice along one branch, because
Amazon's models have recursive definitions (a ``Node`` holding ``Node`` children).
"""

from __future__ import annotations

import json
from typing import Any

import attrs

__all__ = ["MAX_DEPTH", "Node", "flatten", "parent_path"]

#: Deep enough for every real payload we have seen (``payload.a.b[].c.d``), shallow enough to stay fast.
MAX_DEPTH = 8


@attrs.frozen(kw_only=True)
class Node:
    """What the changelog compares at one path of a schema."""

    type: str | None
    required: bool
    enum: tuple[str, ...]


def enum_values(schema: Any) -> tuple[str, ...]:
    """Return a schema's ``enum`` values as display strings (strings as they are, others as JSON)."""
    values = schema.get("enum") if isinstance(schema, dict) else None
    if not isinstance(values, list):
        return ()
    return tuple(value if isinstance(value, str) else json.dumps(value) for value in values)


def parent_path(path: str) -> str:
    """Return the path one level up: ``a.b`` -> ``a``, ``a[]`` -> ``a``, ``a`` -> ``""``."""
    if path.endswith("[]"):
        return path[:-2]
    head, _, _ = path.rpartition(".")
    return head


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _resolve(model: dict[str, Any], schema: Any, branch: frozenset[str]) -> tuple[Any, frozenset[str]] | None:
    """Follow ``$ref`` links; ``None`` when one points back into the current branch (a cycle)."""
    while isinstance(schema, dict) and "$ref" in schema:
        ref = str(schema["$ref"])
        if ref in branch or not ref.startswith("#/definitions/"):
            return None
        branch |= {ref}
        schema = model.get("definitions", {}).get(ref.rsplit("/", 1)[-1], {})
    return schema, branch


@attrs.define
class _Shape:
    """The merged view of a schema and its ``allOf`` parts."""

    type: str | None = None
    enum: tuple[str, ...] = ()
    properties: dict[str, Any] = attrs.Factory(dict)
    required: set[str] = attrs.Factory(set)
    items: Any = None
    extra: Any = None


def _shape(model: dict[str, Any], schema: Any, branch: frozenset[str], shape: _Shape) -> _Shape:
    resolved = _resolve(model, schema, branch)
    if resolved is None or not isinstance(resolved[0], dict):
        return shape
    schema, branch = resolved
    for part in schema.get("allOf", []):
        _shape(model, part, branch, shape)
    shape.type = schema.get("type", shape.type)
    shape.enum = enum_values(schema) or shape.enum
    shape.properties.update({name: (sub, branch) for name, sub in (schema.get("properties") or {}).items()})
    shape.required.update(schema.get("required") or [])
    if "items" in schema:
        shape.items = (schema["items"], branch)
    if isinstance(schema.get("additionalProperties"), dict):
        shape.extra = (schema["additionalProperties"], branch)
    return shape


def flatten(model: dict[str, Any], schema: Any) -> dict[str, Node]:
    """Return every path of ``schema`` (resolved against ``model``'s definitions) with what it holds.

    Args:
        model: The parsed Swagger model that owns the definitions.
        schema: A schema or a ``{"$ref": ...}``; ``None`` gives an empty result.
    """
    out: dict[str, Node] = {}
    if schema is not None:
        _walk(model, schema, frozenset(), "", required=True, depth=0, out=out)
    return out


def _walk(
    model: dict[str, Any],
    schema: Any,
    branch: frozenset[str],
    path: str,
    *,
    required: bool,
    depth: int,
    out: dict[str, Node],
) -> None:
    resolved = _resolve(model, schema, branch)
    if resolved is None:
        # A cycle: record the field itself, but do not unfold the recursion again.
        out[path] = Node(type="object", required=required, enum=())
        return
    shape = _shape(model, schema, branch, _Shape())
    kind = shape.type or ("object" if shape.properties else None)
    out[path] = Node(type=kind, required=required, enum=shape.enum)
    if depth >= MAX_DEPTH:
        return
    for name, (sub, sub_branch) in shape.properties.items():
        _walk(
            model,
            sub,
            sub_branch,
            _join(path, name),
            required=name in shape.required,
            depth=depth + 1,
            out=out,
        )
    if shape.items is not None:
        sub, sub_branch = shape.items
        _walk(model, sub, sub_branch, f"{path}[]", required=True, depth=depth + 1, out=out)
    if shape.extra is not None:
        sub, sub_branch = shape.extra
        _walk(model, sub, sub_branch, _join(path, "*"), required=False, depth=depth + 1, out=out)
