"""The action catalog: every action of the connector spec, and the ones we add beside it.

Each action is declared in its area module (``orders``, ``feeds``, ``feed_documents``, ``listings``,
``catalog_items``, ``notifications``, ``shipping``, ``raw``) with ``@action``. The areas are imported when
the catalog is first read (a client imports only the areas it calls). :func:`catalog` lists them (label,
description, inputs with label, key, type, required, default and comment, and the operation each calls);
``seller-central actions --json`` prints it and the CLI builds its commands from it.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from typing import Any

from seller_central.actions._spec import Action, registry
from seller_central.calls import Context, Pages
from seller_central.errors import InvalidInputError

__all__ = ["AREAS", "Action", "build", "catalog", "get", "pages"]

#: The modules that declare actions.
AREAS = ("orders", "feeds", "feed_documents", "raw", "listings", "catalog_items", "notifications", "shipping")


@functools.cache
def _load_all() -> None:
    for area in AREAS:
        importlib.import_module(f"seller_central.actions.{area}")


def catalog() -> list[Action]:
    """Return every declared action, sorted by label."""
    _load_all()
    return sorted(registry.values(), key=lambda a: a.label)


def get(name: str) -> Action:
    """Return the action with this method name (``list_orders``).

    Raises:
        InvalidInputError: no such action.
    """
    _load_all()
    try:
        return registry[name]
    except KeyError:
        msg = f"unknown action {name!r}"
        raise InvalidInputError(msg) from None


def build(name: str, context: Context, inputs: Mapping[str, Any]) -> Any:
    """Run the named action's pure body: a ``Call``, ``RawCall``, ``Pages`` or a flow generator."""
    return get(name).build(context, inputs)


def pages(name: str, context: Context, inputs: Mapping[str, Any]) -> Pages[Any, Any]:
    """Return the pagination of a paginated action.

    Raises:
        InvalidInputError: the action is not paginated.
    """
    built = build(name, context, inputs)
    if not isinstance(built, Pages):
        msg = f"{get(name).label} is not paginated"
        raise InvalidInputError(msg)
    return built
