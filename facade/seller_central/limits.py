"""Client-side rate limiting: one token bucket per (credential, operation), shaped like SP-API's own.

SP-API meters each operation with a token bucket per selling partner and application: the bucket holds up to
``burst`` requests and refills at ``rate`` requests per second. :class:`RateLimiter` keeps a bucket of the
same shape in a :class:`~seller_central.backends.base.Backend`, and every attempt takes a token before it is
sent, so a call waits for its turn instead of drawing a 429.

Where the plan comes from, in order of precedence:

1. the ``x-amzn-RateLimit-Limit`` header, once a response reports a rate (Amazon's real limits can differ
   from the documented ones, so the header wins from then on);
2. Amazon's sandbox plan, 5 requests per second with a burst of 15, on sandbox hosts;
3. the operation table's documented rate and burst;
4. a conservative default for operations whose model documents no plan.

Safety margins. Amazon meters a request when it *arrives*, and the time between our grant and that arrival
varies from one request to the next (the sleep overshoots, a process is descheduled, the network). A request
that was granted exactly one interval after the previous one but travelled faster arrives too early. So the
limiter never runs a bucket at the exact edge of the plan:

- plans with a burst of 2 or more keep one token of the burst unused (the *cushion*): Amazon's bucket
  then always holds a spare token, which absorbs up to a whole interval of jitter, at the cost of one
  interval, once;
- plans with a burst of 1 have no token to spare, so consecutive requests are spaced by one interval plus a
  *margin* of :data:`BURST_ONE_MARGIN_FRACTION` of the interval, at least :data:`BURST_ONE_MARGIN_SECONDS`
  (1.1 s instead of 1 s at 1 request/s; 63 s instead of 60 s at one a minute). The margin also covers clock
  skew between workers that share a backend but read their own clocks (Redis's clock is the default).

A 429 that gets through anyway (another application using the same seller's plan, a fresh process that
does not know a previous one just spent the token) empties the bucket, and the retry layer sends the request
again once a token is due.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from seller_central import operations
from seller_central.backends.memory import MemoryBackend
from seller_central.calls import RATE_LIMIT_HEADER, rate_from_headers

if TYPE_CHECKING:
    from seller_central.backends.base import Backend

__all__ = [
    "BURST_ONE_MARGIN_FRACTION",
    "BURST_ONE_MARGIN_SECONDS",
    "DEFAULT_LIMIT",
    "LONG_WAIT_SECONDS",
    "RATE_LIMIT_HEADER",
    "SANDBOX_LIMIT",
    "Limit",
    "RateLimiter",
    "plan_for",
    "rate_from_headers",
]

#: Burst-1 plans: extra spacing between two requests, as a fraction of the token interval ...
BURST_ONE_MARGIN_FRACTION = 0.05
#: ... and at least this many seconds (scheduling and network jitter are absolute, not relative).
BURST_ONE_MARGIN_SECONDS = 0.1
#: Waits longer than this are worth telling the user about (once per bucket).
LONG_WAIT_SECONDS = 5.0
#: How different a reported rate must be (relatively) before the limiter switches to it.
_RATE_TOLERANCE = 1e-3


def _positive_rate(_instance: object, _attribute: object, value: float) -> None:
    if not (value > 0 and math.isfinite(value)):
        msg = f"rate must be a positive number of requests per second, got {value!r}"
        raise ValueError(msg)


def _positive_burst(_instance: object, _attribute: object, value: int) -> None:
    if value < 1:
        msg = f"burst must be at least 1, got {value!r}"
        raise ValueError(msg)


# Python converters, not the builtins float and int: attrs reads a converter's signature, and a builtin's is
# parsed from its text signature with ast at class creation (cold start: about 14 M instructions).
def _to_rate(value: float | str) -> float:
    return float(value)


def _to_burst(value: float | str) -> int:
    return int(value)


@attrs.frozen(kw_only=True)
class Limit:
    """A usage plan: ``rate`` requests per second, with up to ``burst`` requests at once."""

    rate: float = attrs.field(converter=_to_rate, validator=_positive_rate)
    burst: int = attrs.field(converter=_to_burst, validator=_positive_burst)

    @property
    def interval_seconds(self) -> float:
        """Seconds between two tokens once the burst is spent."""
        return 1.0 / self.rate


#: For operations whose model documents no plan; the header corrects it after the first response.
DEFAULT_LIMIT = Limit(rate=1.0, burst=5)
#: Amazon's sandbox hosts allow 5 requests per second with a burst of 15 for every operation.
SANDBOX_LIMIT = Limit(rate=5.0, burst=15)


@functools.lru_cache(maxsize=1024)
def _paced(limit: Limit, cushion: int) -> Limit:
    """Return ``limit`` with its safety margin (see :meth:`RateLimiter.paced`).

    Built once per plan: every attempt asks, and a process meets a handful of plans.
    """
    burst = max(1, limit.burst - cushion)
    if burst < limit.burst:  # Amazon's bucket keeps a spare token
        return attrs.evolve(limit, burst=burst)
    interval = limit.interval_seconds
    margin = max(BURST_ONE_MARGIN_SECONDS, BURST_ONE_MARGIN_FRACTION * interval)
    return Limit(rate=1.0 / (interval + margin), burst=burst)


@functools.cache
def plan_for(operation: str | None, *, sandbox: bool) -> Limit:
    """Return the plan an operation starts with: sandbox, documented, or the conservative default.

    The table does not change while a process runs, so each plan is built once (limits ask per attempt).
    """
    if sandbox:
        return SANDBOX_LIMIT
    if operation is None:
        return DEFAULT_LIMIT
    try:
        row = operations.get(operation)
    except KeyError:
        return DEFAULT_LIMIT
    if row.rate is None or row.rate <= 0:
        return DEFAULT_LIMIT
    return Limit(rate=row.rate, burst=max(1, row.burst or 1))


@runtime_checkable
class _Drains(Protocol):
    """A backend that can empty a bucket (both of ours can; the protocol does not require it)."""

    def drain(self, bucket: str, *, rate: float, burst: int, now: float) -> None: ...


class RateLimiter:
    """Hands out tokens per (credential, operation) bucket, and learns from Amazon's answers.

    Args:
        backend: Where the buckets live (shared by every worker using the same backend).
        sandbox: Requests go to a sandbox host: start every bucket with the sandbox plan.
        clock: Seconds on a timeline every worker sharing the backend agrees on (wall-clock by default).
        logger: Where long waits and plan changes are logged.
        cushion: Tokens of the burst to leave unused. One spare token in Amazon's bucket absorbs the network
            jitter between our clock and theirs, which would otherwise turn a request sent exactly on time
            into a 429; it costs one token interval, once. Plans with a burst of 1 have no token to spare:
            their requests are spaced by a margin instead (see the module docstring). ``cushion=0`` turns
            both safety margins off and runs buckets exactly at the plan.
        overrides: Plans by operation key that replace the table's (for private plans agreed with Amazon).
    """

    def __init__(
        self,
        backend: Backend,
        *,
        sandbox: bool = False,
        clock: Callable[[], float] = time.time,
        logger: logging.Logger | None = None,
        cushion: int = 1,
        overrides: Mapping[str, Limit] | None = None,
    ) -> None:
        """Create a limiter over ``backend``; see the class docstring for the arguments."""
        self._backend = backend
        self._sandbox = sandbox
        self._clock = clock
        self._logger = logger or logging.getLogger(__name__)
        self._cushion = max(0, cushion)
        self._overrides = dict(overrides or {})
        self._learned: dict[str, float] = {}
        self._told: set[str] = set()
        self._lock = threading.Lock()

    @property
    def is_local(self) -> bool:
        """True when the backend lives in this process (no I/O; safe to call from an event loop)."""
        return isinstance(self._backend, MemoryBackend)

    @staticmethod
    def bucket(credential: str, operation: str) -> str:
        """Return the name of the bucket of one credential and operation."""
        return f"{credential}|{operation}"

    def limit_for(self, credential: str, operation: str) -> Limit:
        """Return the plan in force for this bucket (a rate the header reported wins)."""
        plan = self._overrides.get(operation) or plan_for(operation, sandbox=self._sandbox)
        learned = self._learned.get(self.bucket(credential, operation))
        return plan if learned is None else attrs.evolve(plan, rate=learned)

    def paced(self, limit: Limit) -> Limit:
        """Return the plan the bucket is run at: ``limit`` less its safety margin (module docstring).

        The burst loses the cushion; a burst-1 plan, which has nothing to lose, gets a lower rate instead,
        so that two requests are always one interval plus the margin apart.
        """
        return limit if self._cushion == 0 else _paced(limit, self._cushion)

    def acquire(self, credential: str, operation: str) -> float:
        """Take one token for an attempt; return the seconds to wait before sending it."""
        limit = self.limit_for(credential, operation)
        bucket = self.bucket(credential, operation)
        pace = self.paced(limit)
        wait = self._backend.reserve(bucket, rate=pace.rate, burst=pace.burst, now=self._clock())
        if wait > LONG_WAIT_SECONDS:
            self._tell_long_wait(bucket, operation, wait, limit)
        elif wait > 0:
            self._logger.debug("%s: waiting %.3f s for a token", operation, wait)
        return wait

    def _tell_long_wait(self, bucket: str, operation: str, wait: float, limit: Limit) -> None:
        # Said once per bucket at INFO: with getOrders at 0.0167/s every call waits a minute, and one line
        # explaining why is useful where a line per call would be noise.
        with self._lock:
            first = bucket not in self._told
            self._told.add(bucket)
        level = logging.INFO if first else logging.DEBUG
        self._logger.log(
            level,
            "%s: waiting %.1f s for the usage plan (%g requests/s, burst %d)",
            operation,
            wait,
            limit.rate,
            limit.burst,
        )

    def observe(
        self, credential: str, operation: str, *, status_code: int, headers: Mapping[str, str]
    ) -> None:
        """Learn from a response: adopt a rate the header reports, and empty the bucket after a 429."""
        bucket = self.bucket(credential, operation)
        reported = rate_from_headers(headers)
        if reported is not None:
            current = self.limit_for(credential, operation)
            if abs(reported - current.rate) > _RATE_TOLERANCE * current.rate:
                with self._lock:
                    self._learned[bucket] = reported
                self._logger.info(
                    "%s: %s reports %g requests/s (was %g); using it from now on",
                    operation,
                    RATE_LIMIT_HEADER,
                    reported,
                    current.rate,
                )
        if status_code == 429:  # noqa: PLR2004 (the HTTP status for throttling)
            self._throttled(credential, operation)

    def _throttled(self, credential: str, operation: str) -> None:
        # Amazon's bucket is empty even if ours was not (another client, a plan we do not know): empty ours
        # so every caller sharing it waits for the next token, not only the one that was refused.
        pace = self.paced(self.limit_for(credential, operation))
        bucket = self.bucket(credential, operation)
        now = self._clock()
        if isinstance(self._backend, _Drains):
            self._backend.drain(bucket, rate=pace.rate, burst=pace.burst, now=now)
        else:
            self._backend.reserve(bucket, rate=pace.rate, burst=pace.burst, now=now)
        self._logger.debug("%s: throttled by SP-API; bucket emptied", operation)
