"""Amazon's "no later than two minutes before the request" rule, in one place for every workflow.

getOrders' ``LastUpdatedBefore``, the Finances APIs' ``PostedBefore`` / ``postedBefore`` and
``FinancialEventGroupStartedBefore`` must all be at least two minutes before the request reaches Amazon.
Workflows send :func:`latest_window_end` of the local clock: two minutes, less a margin for a local clock
that runs behind Amazon's (:data:`CLOCK_SKEW`), rounded down to the second.
"""

from __future__ import annotations

import datetime

__all__ = ["AMAZON_DELAY", "CLOCK_SKEW", "iso", "latest_window_end", "parse_instant", "utc_now"]

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
    """Return ``moment`` as Amazon writes times: ISO 8601 in UTC to the second, with ``Z``."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str) -> datetime.datetime:
    """Parse an ISO 8601 time (``Z`` or an offset; naive means UTC) into an aware UTC ``datetime``."""
    moment = datetime.datetime.fromisoformat(text.strip())
    return (moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)).astimezone(datetime.UTC)
