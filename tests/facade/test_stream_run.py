"""``calls.StreamRun`` is the one control flow both clients' ``_stream`` drive a streaming workflow with."""

from __future__ import annotations

import contextlib

import pytest
from seller_central.calls import Emit, Sleep, StreamRun


def body(log):
    """A stream that emits, survives one failed step, emits what a step answered, and records its end."""
    try:
        yield Emit("first")
        try:
            yield Sleep(seconds=1)
        except RuntimeError as exc:
            log.append(f"handled {exc}")
        answer = yield Sleep(seconds=2)
        yield Emit(answer)
        log.append("finished")
    finally:
        log.append("closed")


def drive(run, perform):
    """Drive ``run`` as a client's ``_stream`` does, returning what it would yield."""
    emitted = []
    for step in run:
        if isinstance(step, Emit):
            emitted.append(step.value)
        else:
            with run.performing():
                run.answer(perform(step))
    return emitted


def test_steps_are_answered_failures_thrown_in_and_emits_handed_out():
    """A failed step is thrown into the body, a step's result is sent back, and each Emit is handed out."""
    log = []

    def perform(step):
        if step.seconds == 1:
            msg = "throttled"
            raise RuntimeError(msg)
        return "second"

    assert drive(StreamRun(body(log)), perform) == ["first", "second"]
    assert log == ["handled throttled", "finished", "closed"]


def test_a_failure_the_body_does_not_handle_ends_the_stream():
    """A step's failure the body does not catch propagates to the caller."""
    log = []

    def perform(step):
        if step.seconds == 2:
            msg = "gone"
            raise LookupError(msg)
        return "ok"

    with pytest.raises(LookupError, match="gone"):
        drive(StreamRun(body(log)), perform)
    assert log == ["closed"]


def test_closing_stops_the_body_where_it_stands():
    """Closing after the first value runs nothing of the body past it (only its cleanup)."""
    log = []
    with contextlib.closing(StreamRun(body(log))) as run:
        assert next(run) == Emit("first")
    assert log == ["closed"]
