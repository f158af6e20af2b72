"""Options that several commands share, declared once: ``--max-pages``, and the date-time option type.

The catalog's commands get their inputs' options from ``cli/params.py``. ``--max-pages`` serves the catalog's
paginated actions and the hand-written ``call``, ``reports list`` and ``finances`` commands alike;
:data:`INSTANT` serves the date-time options of ``orders sync``, ``finances`` and ``reports``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import click

from seller_central import validation
from seller_central.errors import InvalidInputError

__all__ = ["INSTANT", "max_pages_option", "max_pages_param"]

# One declaration, one help text. Where a command also has --all-pages, --max-pages implies it (as that
# option's help says); either way the command stops after N pages and exits 0.
_MAX_PAGES_DECLS = ("--max-pages",)
_MAX_PAGES: dict[str, Any] = {
    "type": click.IntRange(min=1),
    "default": None,
    "help": "Follow at most N pages, then stop quietly.",
}

#: The ``--max-pages N`` option as a decorator of a command function.
max_pages_option = click.option(*_MAX_PAGES_DECLS, **_MAX_PAGES)


def max_pages_param() -> click.Option:
    """Return the ``--max-pages N`` option, for a command whose options are built as a list."""
    return click.Option(list(_MAX_PAGES_DECLS), **_MAX_PAGES)


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
