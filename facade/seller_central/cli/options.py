"""Options that several hand-written commands share, declared once: the date-time option type.

The catalog's commands get their options from the action inputs (``cli/params.py``); :data:`INSTANT` serves
the date-time options of ``orders sync``, ``finances`` and ``reports``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import click

from seller_central import validation
from seller_central.errors import InvalidInputError

__all__ = ["INSTANT"]

if TYPE_CHECKING:  # generic from click 8.2 on; the package supports click 8.1
    _DateTimeType = click.ParamType[datetime.datetime]
else:
    _DateTimeType = click.ParamType


class _Instant(_DateTimeType):
    """A point in time (ISO 8601, ``Z`` or an offset), read by ``validation.instant`` like the workflows.

    The value becomes an aware ``datetime`` in UTC when the command line is read, so a bad one is a usage
    error (exit 2) naming the option, before any connection is made or anything is sent.
    """

    name = "datetime"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.datetime:
        if isinstance(value, datetime.datetime):
            return value
        label = param.opts[0] if param is not None and param.opts else "value"
        try:
            return validation.instant(value, label=label)
        except InvalidInputError as exc:
            self.fail(str(exc).removeprefix(f"{label}: "), param, ctx)


#: The type of every date-time option of the hand-written commands (``--since``, ``--posted-after``...).
INSTANT = _Instant()
