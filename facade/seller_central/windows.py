"""Amazon's "no later than two minutes before the request" rule, in one place for every workflow.

getOrders' ``LastUpdatedBefore``, the Finances APIs' ``PostedBefore`` / ``postedBefore`` and
``FinancialEventGroupStartedBefore`` must all be at least two minutes before the request reaches Amazon.
Workflows send :func:`latest_window_end` of the local clock: two minutes, less a margin for a local clock
that runs behind Amazon's (:data:`CLOCK_SKEW`), rounded down to the second.

It is also the one reader of ISO 8601 times (:func:`parse_instant`, :func:`utc`): the workflows' inputs
(through ``validation.instant``), their saved state and the local sandbox's scenarios all read times here.
"""

from __future__ import annotations

import datetime

__all__ = ["AMAZON_DELAY", "CLOCK_SKEW", "iso", "latest_window_end", "parse_instant", "utc", "utc_now"]

#: Amazon refuses a window end later than this before the request.
AMAZON_DELAY = datetime.timedelta(minutes=2)
#: How far the local clock may run behind Amazon's before a window end we compute is refused.
CLOCK_SKEW = datetime.timedelta(seconds=30)


def utc_now() -> datetime.datetime:
    """Return the local clock's time, aware, in UTC (the default ``now`` of the workflows)."""
    return datetime.datetime.now(datetime.UTC)


def latest_window_end(now: datetime.datetime) -> datetime.datetime:
    """Return the latest window end a request sent at ``now`` may carry.

    That is ``now`` less two minutes and the skew margin, rounded down to the second.
    """
    return (now - AMAZON_DELAY - CLOCK_SKEW).astimezone(datetime.UTC).replace(microsecond=0)


def iso(moment: datetime.datetime) -> str:
    """Return ``moment`` as Amazon writes times: ISO 8601 in UTC to the second, with ``Z``.

    ``isoformat``, not ``strftime``: ``%Y`` drops the leading zeros of a year before 1000 on some platforms,
    which no ISO 8601 reader (:func:`parse_instant` included) would take back.
    """
    return utc(moment).replace(microsecond=0).isoformat().removesuffix("+00:00") + "Z"


def utc(moment: datetime.datetime) -> datetime.datetime:
    """Return ``moment`` as an aware ``datetime`` in UTC; a naive one is taken as UTC already.

    Raises:
        ValueError: the time falls outside the years 1 to 9999 once in UTC (``0001-01-01T00:00+01:00``).
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        msg = f"{moment.isoformat()!r} falls outside the years 1 to 9999 in UTC"
        raise ValueError(msg) from None


def parse_instant(text: str) -> datetime.datetime:
    """Parse an ISO 8601 time (``Z`` or an offset, fractions of a second; naive means UTC) into UTC.

    What ``datetime.fromisoformat`` reads is accepted (``2026-11-01``, ``2026-11-01T08:30:00.5+01:00``,
    ``20261101T083000Z``), so inputs, saved state and Amazon's own times are read alike.

    Raises:
        ValueError: ``text`` is not such a time, or falls outside the years 1 to 9999 once in UTC.
    """
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        msg = f"{text.strip()!r} is not an ISO 8601 date-time (e.g. 2026-11-01T00:00:00Z)"
        raise ValueError(msg) from None
    return utc(moment)
