"""Instances built from Amazon's JSON schemas (patched as the generator patches them), for the model tests.

``instance(schema)`` returns a JSON value the schema describes with every property present: objects get
each declared property, arrays one item, enums their first value, dates a valid date. Schemas without an
example still get a full instance, so every generated model is exercised key by key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.patches import apply_patches, load_patches

REPO = Path(__file__).resolve().parents[1]
SPECS = REPO / "specs"


def load_schema(kind: str, stem: str) -> dict[str, Any]:
    """Return a pinned schema with our patches applied."""
    name = f"schemas/{kind}/{stem}.json"
    schema = json.loads((SPECS / name).read_text(encoding="utf-8"))
    patched, _ = apply_patches(load_patches(SPECS / "patches"), name, schema)
    return patched


def stems(kind: str) -> list[str]:
    """Return the stem of every pinned schema of one kind."""
    return sorted(path.stem for path in (SPECS / "schemas" / kind).glob("*.json"))


def instance(schema: dict[str, Any], node: Any = None, depth: int = 0) -> Any:
    """Return a full JSON instance of ``node`` (the whole schema when omitted)."""
    node = schema if node is None else node
    ref = node.get("$ref", node.get("#ref") if node is schema else None)  # B2bAnyOfferChanged's root "#ref"
    if ref is not None:
        return instance(schema, schema["definitions"][ref.rsplit("/", 1)[-1]], depth + 1)
    if isinstance(node.get("anyOf"), list):
        return instance(schema, node["anyOf"][0], depth + 1)
    if node.get("enum"):
        return node["enum"][0]
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "array":
        items = node.get("items", {"type": "string"})
        items = items[0] if isinstance(items, list) else items
        return [instance(schema, items, depth + 1)]
    if kind == "object" or "properties" in node:
        return {name: instance(schema, sub, depth + 1) for name, sub in node.get("properties", {}).items()}
    if kind == "integer":
        return 7
    if kind == "number":
        return 12.5
    if kind == "boolean":
        return True
    if node.get("format") == "date-time":
        return "2024-05-06T07:08:09Z"
    if node.get("format") == "date":
        return "2024-05-06"
    return "text"
