"""Which facade actions call which operation, read from the action catalog when it can be imported.

The changelog names the actions a change touches. The catalog lives in ``seller_central.actions``; each
registered action has a ``name`` and an ``operation`` key (``orders_v0.getOrders``, or ``None`` for Raw
Request). The changelog must work without it (a checkout where the facade is half-written, or a tool
installed on its own), so any failure to load the catalog gives an empty mapping instead of an error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

__all__ = ["actions_by_operation", "operation_actions"]

logger = logging.getLogger(__name__)


def actions_by_operation(actions: Iterable[Any]) -> dict[str, list[str]]:
    """Group action names by the operation they call (actions without an operation are left out)."""
    grouped: dict[str, list[str]] = {}
    for action in actions:
        operation = getattr(action, "operation", None)
        name = getattr(action, "name", None)
        if isinstance(operation, str) and isinstance(name, str):
            grouped.setdefault(operation, []).append(name)
    return {operation: sorted(names) for operation, names in sorted(grouped.items())}


def operation_actions() -> dict[str, list[str]]:
    """Return ``{operation key: [action names]}`` from the action catalog, or ``{}`` if it cannot load."""
    try:
        from seller_central.actions import catalog  # noqa: PLC0415 (optional here; see the module docstring)

        return actions_by_operation(catalog())  # catalog() loads every action area first
    # The catalog is optional here, and a half-written facade can fail in any way while importing.
    except Exception:
        logger.debug("the action catalog could not be loaded; the changelog names no actions", exc_info=True)
        return {}
