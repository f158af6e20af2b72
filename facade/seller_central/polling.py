"""Waiting for a job Amazon processes on its own: the one poller of reports, Data Kiosk queries and feeds.

``run_report``, ``run_data_kiosk_query`` and ``submit_feed(wait=True)`` each start a job (createReport,
createQuery, createFeed) and then wait for it with :func:`poll`, so all three wait alike:

- the first get call goes out at once (a resumed job may already be finished);
- the pause before the next one starts at the caller's interval (checked by
  :func:`seller_central.validation.poll_interval`: never shorter than the get operation's rate allows) and
  grows by half after each answer (:data:`BACKOFF`), up to a minute (:data:`MAX_INTERVAL`) or the caller's
  interval when that is longer;
- no pause is ever shorter than the operation's rate allows (:func:`min_pause`), and the waiting never goes
  past the caller's timeout: when the time left is shorter than that, the job's timeout error is raised
  (it carries the id to resume with, or the workflow's result so far);
- after each answer the caller's ``progress`` function, if any, gets a :class:`Progress`.

:func:`poll` is a flow (it yields :class:`~seller_central.calls.Call` and :class:`~seller_central.calls.Sleep`
steps), so the sync and the async client drive the same body.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

import attrs

from seller_central import validation
from seller_central.calls import Call, Flow, Sleep
from seller_central.errors import InvalidInputError

__all__ = [
    "BACKOFF",
    "MAX_INTERVAL",
    "TERMINAL_STATUSES",
    "Job",
    "Progress",
    "ProgressCallback",
    "Waiting",
    "min_pause",
    "poll",
    "waiting",
]

#: processingStatus values after which a report, a Data Kiosk query or a feed changes no more.
TERMINAL_STATUSES = frozenset({"DONE", "FATAL", "CANCELLED"})
#: The pause grows by this factor after each answer ...
BACKOFF = 1.5
#: ... up to this many seconds (or the caller's interval, when that is longer).
MAX_INTERVAL = 60.0


@attrs.frozen(kw_only=True)
class Progress:
    """What a wait has seen so far, handed to ``progress=`` after each answer.

    Attributes:
        kind: ``report``, ``Data Kiosk query`` or ``feed``.
        job_id: The report, query or feed id.
        processing_status: The status of the last answer.
        waited_seconds: The seconds spent waiting so far; ``timeout_seconds``: the most that will be.
        polls: The get calls made so far.
    """

    kind: str
    job_id: str
    processing_status: str
    waited_seconds: float
    timeout_seconds: float
    polls: int


ProgressCallback = Callable[[Progress], None]


class Job(NamedTuple):
    """What differs between the jobs waited for.

    Attributes:
        kind: What the job is called in :class:`Progress` (``report``).
        get: The generated get operation's module (``get_report``).
        argument: The get operation's argument naming the job (``report_id``).
        timeout: Builds the error raised at the timeout from the job id, the last answer and the seconds
            waited.
    """

    kind: str
    get: ModuleType
    argument: str
    timeout: Callable[[str, Any, float], Exception]


class Waiting(NamedTuple):
    """The caller's waiting settings, checked (see :func:`waiting`)."""

    poll_interval: float
    timeout: float
    progress: ProgressCallback | None = None


def min_pause(operation: str) -> float:
    """Return the shortest pause between two calls of ``operation`` its rate allows (0 without a rate)."""
    from seller_central import operations  # noqa: PLC0415 (the table, read when a wait is set up)

    rate = operations.get(operation).rate
    return 1 / rate if rate else 0.0


def waiting(
    get: ModuleType,
    *,
    poll_interval: Any,
    timeout: Any,
    progress: Any = None,
    labels: tuple[str, str] = ("poll_interval", "timeout"),
) -> Waiting:
    """Check a workflow's waiting inputs (``labels`` name the interval and the timeout in its errors).

    Raises:
        InvalidInputError: an interval shorter than ``get``'s rate allows, a timeout that is not a positive
            number, or a ``progress`` that is not a function.
    """
    if progress is not None and not callable(progress):
        msg = f"progress: expected a function of one Progress, got {type(progress).__name__}"
        raise InvalidInputError(msg, label="progress")
    interval_label, timeout_label = labels
    return Waiting(
        poll_interval=validation.poll_interval(poll_interval, operation=get.OPERATION, label=interval_label),
        timeout=validation.positive_number(timeout, label=timeout_label),
        progress=progress,
    )


def poll(job: Job, job_id: str, settings: Waiting) -> Flow[Any]:
    """Call the job's get operation until a terminal status and return that answer (see the docstring).

    Raises:
        Exception: ``job.timeout(...)`` when the job is still processing and no further call fits before the
            timeout.
    """
    floor = min_pause(job.get.OPERATION)
    ceiling = max(settings.poll_interval, MAX_INTERVAL)
    interval = settings.poll_interval
    waited = 0.0
    polls = 0
    while True:
        answer = yield Call(op=job.get, arguments={job.argument: job_id})
        polls += 1
        status = str(answer.processing_status)
        if settings.progress is not None:
            settings.progress(
                Progress(
                    kind=job.kind,
                    job_id=job_id,
                    processing_status=status,
                    waited_seconds=waited,
                    timeout_seconds=settings.timeout,
                    polls=polls,
                )
            )
        if status in TERMINAL_STATUSES:
            return answer
        pause = min(interval, settings.timeout - waited)
        if pause <= 0 or pause < floor:
            raise job.timeout(job_id, answer, waited)
        yield Sleep(seconds=pause)
        waited += pause
        interval = min(interval * BACKOFF, ceiling)
