"""When to send a request again, and after how long: pure decisions, no I/O.

The rules:

- **429** is always retried (SP-API did not process the request), after the delay the rate implies (or the
  ``Retry-After`` header), plus jitter.
- **A failure before the request left** (connection refused, connect or pool timeout) is always safe to retry.
- **5xx, timeouts and resets after sending, truncated or garbled bodies** are retried only for idempotent
  operations. For an operation that buys or creates something they are *ambiguous*: the request may or may
  not have been applied, so the transport raises :class:`~seller_central.errors.AmbiguousResultError`
  unless the caller opted in with ``retry_ambiguous``.
- Other statuses are handed back as they are (``retry_all_statuses`` retries them too).
- Everything is bounded by ``max_attempts`` and ``max_total_seconds``.

Per-request overrides travel in ``request.extensions["sp_api.retry"]``; see
:meth:`RetryPolicy.with_overrides`.
"""

from __future__ import annotations

import email.utils
import enum
import math
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

import attrs

from seller_central import operations
from seller_central.errors import InvalidInputError

__all__ = [
    "IDEMPOTENT_METHODS",
    "Attempt",
    "Decision",
    "Failure",
    "Outcome",
    "RetryPolicy",
    "Verdict",
    "is_idempotent",
    "parse_retry_after",
]

#: Methods that may be repeated safely when a request is not one of the operation table's.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})

#: Why an attempt produced no usable response: ``connect`` (no connection), ``timeout``, ``network``
#: (reset, protocol error) or ``body`` (a response whose body was truncated or not the JSON promised).
Failure = Literal["connect", "timeout", "network", "body"]

_THROTTLED = 429


def is_idempotent(operation: str | None, method: str) -> bool:
    """Say whether a request may be sent twice: the operation table's word, else the HTTP method's."""
    if operation is not None:
        try:
            return operations.get(operation).idempotent
        except KeyError:
            pass
    return method.upper() in IDEMPOTENT_METHODS


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Return the seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or ``None``."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - now
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


class Outcome(NamedTuple):
    """What one attempt produced: a status code, or a failure and whether the request may have left.

    Attributes:
        status_code: The response status, when a response arrived and its body was read.
        failure: Why no usable response arrived.
        is_sent: Whether the request may have reached SP-API (``False`` only when it certainly did not).
        retry_after_seconds: What the ``Retry-After`` header asked for, if anything.
    """

    status_code: int | None = None
    failure: Failure | None = None
    is_sent: bool = True
    retry_after_seconds: float | None = None

    @classmethod
    def status(cls, code: int, *, retry_after_seconds: float | None = None) -> Outcome:
        """Describe a response with this status and a readable body."""
        return cls(status_code=code, retry_after_seconds=retry_after_seconds)

    @classmethod
    def failed(cls, failure: Failure, *, is_sent: bool) -> Outcome:
        """Describe an attempt that produced no usable response."""
        return cls(failure=failure, is_sent=is_sent)

    @property
    def is_success(self) -> bool:
        """A response below 400 with a readable body."""
        return self.failure is None and self.status_code is not None and self.status_code < 400  # noqa: PLR2004

    @property
    def may_have_been_applied(self) -> bool:
        """SP-API may have acted on the request although we did not get a good answer."""
        if self.failure is not None:
            return self.is_sent
        return self.status_code is not None and self.status_code >= 500  # noqa: PLR2004


class Verdict(enum.Enum):
    """What the transport does after an attempt."""

    RETRY = "retry"  # wait, then send again
    DONE = "done"  # hand the response (or raise the failure) as it is
    AMBIGUOUS = "ambiguous"  # raise AmbiguousResultError: it may or may not have been applied


class Decision(NamedTuple):
    """A verdict, the wait before the next attempt (for ``RETRY``) and the reason, for the logs."""

    verdict: Verdict
    reason: str
    wait_seconds: float = 0.0


class Attempt(NamedTuple):
    """Where a request stands: the attempt just made (1 for the first), error retries spent, time spent."""

    number: int
    error_retries: int = 0
    elapsed_seconds: float = 0.0


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and value < 0:
        msg = f"{attribute.name} must not be negative, got {value!r}"
        raise ValueError(msg)


def _at_least_one(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if value < 1:
        msg = f"{attribute.name} must be at least 1, got {value!r}"
        raise ValueError(msg)


# The Raw Request inputs that arrive as overrides, by the connector spec's labels.
_RAW_LABELS = {
    "max_retries": "Max Retry Count",
    "retry_delay_ms": "Retry Delay (ms)",
    "retry_on_all_errors": "Retry On All Errors",
    "exponential_backoff": "Use Exponential Backoff",
}
_OVERRIDE_KEYS = frozenset({*_RAW_LABELS, "method", "retry_ambiguous", "max_attempts", "max_total_seconds"})


def _count(overrides: Mapping[str, Any], key: str, label: str) -> int | None:
    value = overrides.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{label} must be a whole number of at least 0, got {value!r}"
        raise InvalidInputError(msg, label=label)
    return value


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How hard to try: attempts, total time, backoff, and whether ambiguous failures are retried.

    Attributes:
        max_attempts: Attempts per request, the first included (429s count too).
        max_total_seconds: No retry starts if its wait would end after this many seconds since the first
            attempt; the last answer (or failure) is handed back instead. Five minutes by default, because
            one token interval of createFeed (0.0083 requests/s) is two minutes, and a throttled createFeed
            must be able to wait for it. Time spent waiting for the rate limiter's tokens does not count:
            that is pacing, not failing, and a 429 after a long wait in a shared bucket's queue is retried.
        retry_ambiguous: Also retry state-changing operations after an ambiguous failure. Only safe when a
            duplicate is harmless (or deduplicated by SP-API).
        backoff_base_seconds: The first error retry waits this long; each further one twice as long.
        backoff_cap_seconds: The longest error backoff.
        jitter: Up to this fraction of each wait is added at random, so clients that failed together do
            not retry together.
        max_error_retries: Retries allowed for failures other than 429 (``None``: up to ``max_attempts``).
        retry_all_statuses: Retry every error status (4xx too), as Raw Request's Retry On All Errors asks.
        fixed_delay_seconds: Wait exactly this long between error retries instead of backing off.
    """

    max_attempts: int = attrs.field(default=5, validator=_at_least_one)
    max_total_seconds: float = attrs.field(default=300.0, validator=_non_negative)
    retry_ambiguous: bool = False
    backoff_base_seconds: float = attrs.field(default=0.5, validator=_non_negative)
    backoff_cap_seconds: float = attrs.field(default=20.0, validator=_non_negative)
    jitter: float = attrs.field(default=0.2, validator=_non_negative)
    max_error_retries: int | None = attrs.field(default=None, validator=_non_negative)
    retry_all_statuses: bool = False
    fixed_delay_seconds: float | None = attrs.field(default=None, validator=_non_negative)

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> RetryPolicy:
        """Return the policy for one request, given its ``sp_api.retry`` extension.

        Accepted keys: Raw Request's ``max_retries``, ``retry_delay_ms``, ``retry_on_all_errors``,
        ``exponential_backoff`` (and ``method``, which the request already carries), plus
        ``retry_ambiguous``, ``max_attempts`` and ``max_total_seconds``.

        Raw Request's Max Retry Count bounds the retries of *errors*; a 429 is still retried within
        ``max_attempts``, because SP-API did not process the throttled request and giving up on it would
        only hand the caller a failure the client can cure by waiting. Retry On All Errors retries every
        error status, including a 5xx answered to a state-changing request (the caller asked for it); a
        timeout or reset after sending such a request still needs ``retry_ambiguous``.

        Raises:
            InvalidInputError: an unknown key, or a value out of range (named by its label).
        """
        if not overrides:
            return self
        unknown = sorted(set(overrides) - _OVERRIDE_KEYS)
        if unknown:
            msg = f"unknown retry options {unknown}; expected some of {sorted(_OVERRIDE_KEYS)}"
            raise InvalidInputError(msg)
        changes: dict[str, Any] = {}
        max_retries = _count(overrides, "max_retries", _RAW_LABELS["max_retries"])
        if max_retries is not None:
            changes["max_error_retries"] = max_retries
            changes["max_attempts"] = max(self.max_attempts, max_retries + 1)
        delay_ms = _count(overrides, "retry_delay_ms", _RAW_LABELS["retry_delay_ms"])
        if "exponential_backoff" in overrides or delay_ms is not None:
            exponential = bool(overrides.get("exponential_backoff", False))
            changes["fixed_delay_seconds"] = None if exponential else (delay_ms or 0) / 1000
        if "retry_on_all_errors" in overrides:
            changes["retry_all_statuses"] = bool(overrides["retry_on_all_errors"])
        if "retry_ambiguous" in overrides:
            changes["retry_ambiguous"] = bool(overrides["retry_ambiguous"])
        attempts = _count(overrides, "max_attempts", "max_attempts")
        if attempts is not None:
            changes["max_attempts"] = max(1, attempts)
        if overrides.get("max_total_seconds") is not None:
            changes["max_total_seconds"] = float(overrides["max_total_seconds"])
        return attrs.evolve(self, **changes)

    def backoff_seconds(self, error_retries: int) -> float:
        """Return the wait before an error retry, without jitter (``error_retries`` already spent)."""
        if self.fixed_delay_seconds is not None:
            return self.fixed_delay_seconds
        return float(min(self.backoff_cap_seconds, self.backoff_base_seconds * 2.0**error_retries))

    def decide(
        self, attempt: Attempt, *, idempotent: bool, outcome: Outcome, rate: float, random_fraction: float
    ) -> Decision:
        """Decide what follows an attempt.

        Args:
            attempt: The attempt just made.
            idempotent: Whether the operation may be sent twice (see :func:`is_idempotent`).
            outcome: What the attempt produced.
            rate: The operation's rate in requests per second (the header's, else the plan's): a 429 waits
                one token interval.
            random_fraction: A number in ``[0, 1)`` for the jitter (injected, so decisions are testable).
        """
        if outcome.is_success:
            return Decision(verdict=Verdict.DONE, reason="success")
        ambiguous = not idempotent and outcome.may_have_been_applied
        stop = Verdict.AMBIGUOUS if ambiguous else Verdict.DONE
        what = _describe(outcome)

        if outcome.status_code == _THROTTLED:
            counts_as_error = False
            base = outcome.retry_after_seconds if outcome.retry_after_seconds is not None else 1.0 / rate
            wait = base * (1.0 + self.jitter * random_fraction)
        else:
            counts_as_error = True
            if not self._may_retry(outcome, idempotent=idempotent):
                reason = f"{what}; not retried for a state-changing operation" if ambiguous else what
                return Decision(verdict=stop, reason=reason)
            wait = self.backoff_seconds(attempt.error_retries)
            if self.fixed_delay_seconds is None:
                wait *= 1.0 + self.jitter * random_fraction
            if outcome.retry_after_seconds is not None:
                wait = max(wait, outcome.retry_after_seconds)

        if attempt.number >= self.max_attempts:
            return Decision(verdict=stop, reason=f"{what}; gave up after {attempt.number} attempts")
        if (
            counts_as_error
            and self.max_error_retries is not None
            and attempt.error_retries >= self.max_error_retries
        ):
            return Decision(
                verdict=stop, reason=f"{what}; no error retries left ({self.max_error_retries} allowed)"
            )
        if attempt.elapsed_seconds + wait > self.max_total_seconds:
            return Decision(
                verdict=stop,
                reason=f"{what}; waiting {wait:.1f} s more would pass {self.max_total_seconds:g} s in total",
            )
        return Decision(verdict=Verdict.RETRY, reason=what, wait_seconds=wait)

    def _may_retry(self, outcome: Outcome, *, idempotent: bool) -> bool:
        if outcome.failure is not None and not outcome.is_sent:
            return True  # it never left: nothing can have been applied
        if outcome.may_have_been_applied:
            if idempotent or self.retry_ambiguous:
                return True
            return outcome.status_code is not None and self.retry_all_statuses
        return outcome.status_code is not None and self.retry_all_statuses


def _describe(outcome: Outcome) -> str:
    if outcome.failure is None:
        return f"HTTP {outcome.status_code}"
    sent = "after the request was sent" if outcome.is_sent else "before the request was sent"
    what = {
        "connect": "connection failed",
        "timeout": "timed out",
        "network": "connection broken",
        "body": "unusable response body",
    }[outcome.failure]
    return f"{what} {sent}" if outcome.failure != "body" else what
