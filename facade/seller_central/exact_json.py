"""JSON text in which every ``Decimal`` is the JSON number it is, digit for digit (never through a float).

Money read with ``Call.exact_numbers`` is ``Decimal``; :func:`dumps` writes it back as it came (``12.30``
stays ``12.30``, never ``12.3`` or a float's ``12.300000000000000710542735760100``). The CLI's JSON lines and
the local sandbox's replies are written with it; :func:`loads` reads them back (``parse_float=Decimal``).

It imports nothing of seller-central's, so the client, the CLI and the sandbox can all use it.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import Any

__all__ = ["dumps", "loads"]

# ``json`` writes no number it did not make itself, so a Decimal goes out first as the string
# "<NUL><mark>:<digits>" (json always escapes NUL, as \u0000) and the quotes and the prefix are then removed.
# The mark is drawn afresh for every call, so no string of the data, whatever it holds, is taken for a number.
_PLACED = re.compile(r'"\\u0000([0-9a-f]{16}):([-+0-9.eE]+)"')


def dumps(value: Any, *, default: Callable[[Any], Any] | None = None, **options: Any) -> str:
    """Return ``json.dumps(value, **options)`` with each finite ``Decimal`` written as an exact JSON number.

    A ``Decimal`` NaN or infinity, which no JSON number can hold, is written as text (``"NaN"``). Other values
    ``json`` cannot write go to ``default`` as with ``json.dumps``; without one they raise ``TypeError``.
    """
    mark = secrets.token_hex(8)

    def encode(item: Any) -> Any:
        if isinstance(item, Decimal):
            return f"\0{mark}:{item}" if item.is_finite() else str(item)
        if default is not None:
            return default(item)
        msg = f"Object of type {type(item).__name__} is not JSON serializable"
        raise TypeError(msg)

    text = json.dumps(value, default=encode, **options)
    return _PLACED.sub(lambda found: found[2] if found[1] == mark else found[0], text)


def loads(text: str | bytes) -> Any:
    """Return the value of JSON ``text``, every number with a fraction or an exponent as a ``Decimal``."""
    return json.loads(text, parse_float=Decimal)
