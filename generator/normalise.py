"""Naming policy applied to a converted (OpenAPI 3) model before code generation.

These are not defects in Amazon's models (those are fixed by ``specs/patches``) but choices about how the
generated Python should read:

- Enum values that start with a digit (``2D_BARCODE``, ``4x6``, ``3P``) would become ``VALUE_0``-style
  member names. We give every value of such an enum an explicit ``x-enum-varnames`` entry, spelling the
  leading number out (``TWO_D_BARCODE``, ``FOUR_X6``, ``THREE_P``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["enum_member_name", "normalise", "spell_number"]

_ONES = (
    "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN",
    "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN", "NINETEEN",
)  # fmt: skip
_TENS = ("", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY")
_TWO_DIGITS = 100
_TEEN_LIMIT = 20
_LEADING_NUMBER = re.compile(r"^(\d+)(.*)$", re.DOTALL)


def spell_number(number: int) -> str:
    """Spell a non-negative integer in upper-case words joined by underscores (digit by digit past 99)."""
    if number < _TEEN_LIMIT:
        return _ONES[number]
    if number < _TWO_DIGITS:
        tens, ones = divmod(number, 10)
        return _TENS[tens] if ones == 0 else f"{_TENS[tens]}_{_ONES[ones]}"
    return "_".join(_ONES[int(digit)] for digit in str(number))


def enum_member_name(value: str) -> str:
    """Return a readable upper-case identifier for an enum value (leading digits spelled out)."""
    match = _LEADING_NUMBER.match(value)
    if match:
        number, rest = match.groups()
        rest = re.sub(r"[^0-9A-Za-z]+", "_", rest).strip("_")
        name = spell_number(int(number)) + (f"_{rest}" if rest else "")
    else:
        name = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_")
    return name.upper() or "EMPTY"


def _walk(node: Any) -> None:
    if isinstance(node, dict):
        values = node.get("enum")
        if (
            isinstance(values, list)
            and "x-enum-varnames" not in node
            and any(isinstance(v, str) and v[:1].isdigit() for v in values)
        ):
            node["x-enum-varnames"] = [enum_member_name(str(v)) for v in values]
        for child in node.values():
            _walk(child)
    elif isinstance(node, list):
        for child in node:
            _walk(child)


def normalise(document: dict[str, Any]) -> dict[str, Any]:
    """Apply the naming policy to a converted model in place and return it."""
    _walk(document)
    return document
