"""The flow driver (``_drive``) throws a failed step's error into the flow, on both clients alike.

A flow that expects an error (a 404 meaning "none yet", a 409 meaning "already there") catches it where it
yielded the step and goes on; an error it does not catch leaves ``_drive`` as it was raised, with the flow's
cleanup already run (not at garbage collection); a flow that stops on Ctrl-C is closed at once too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from seller_central import AsyncSellerCentral, SellerCentral
from seller_central.calls import Flow, RawCall
from seller_central.connection import OAuthConnection
from seller_central.errors import ConflictError, NotFoundError


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/auth/o2/token":
        return httpx.Response(
            200, json={"access_token": "Atza|t", "token_type": "bearer", "expires_in": 3600}
        )
    status = {"/missing": 404, "/taken": 409}.get(request.url.path, 200)
    if status != 200:
        return httpx.Response(status, json={"errors": [{"code": "X", "message": request.url.path}]})
    return httpx.Response(200, json={"path": request.url.path})


def connection() -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.test",
        client_secret="test-client-secret",
        refresh_token="Atzr|test-refresh",
        endpoint="http://127.0.0.1:9",
        token_url="http://127.0.0.1:9/auth/o2/token",
    )


def drive_sync(flow: Flow[Any], on_step: Callable[[Any, Any], None] | None = None) -> Any:
    with SellerCentral(connection(), transport=httpx.MockTransport(answer)) as api:
        return api._drive(flow, on_step)


def drive_async(flow: Flow[Any], on_step: Callable[[Any, Any], None] | None = None) -> Any:
    async def run() -> Any:
        async with AsyncSellerCentral(connection(), transport=httpx.MockTransport(answer)) as api:
            return await api._drive(flow, on_step)

    return asyncio.run(run())


DRIVERS = pytest.mark.parametrize("drive", [drive_sync, drive_async], ids=["sync", "async"])


def recovering(seen: list[str]) -> Flow[str]:
    try:
        yield RawCall(method="GET", path="/missing")
    except NotFoundError as exc:
        seen.append(f"caught {exc.status_code}")
    try:
        yield RawCall(method="POST", path="/taken")
    except ConflictError as exc:
        seen.append(f"caught {exc.status_code}")
    found = yield RawCall(method="GET", path="/there")
    return f"done after {found['path']}"


@DRIVERS
def test_a_flow_catches_the_errors_it_expects_and_goes_on(drive):
    seen: list[str] = []

    assert drive(recovering(seen)) == "done after /there"
    assert seen == ["caught 404", "caught 409"]


def cleaning_up(events: list[str]) -> Flow[None]:
    try:
        yield RawCall(method="GET", path="/taken")
        events.append("went on")  # never: the 409 is not caught
    except ConflictError:
        events.append("saw the 409 where it yielded")
        raise
    finally:
        events.append("cleaned up")


@DRIVERS
def test_an_error_the_flow_does_not_catch_passes_through_it_and_out(drive):
    events: list[str] = []
    flow = cleaning_up(events)

    with pytest.raises(ConflictError) as caught:
        drive(flow)

    assert caught.value.status_code == 409
    assert events == ["saw the 409 where it yielded", "cleaned up"]  # before _drive returned, not at GC


@DRIVERS
def test_the_step_callback_sees_only_steps_that_succeeded(drive):
    shown: list[tuple[str, Any]] = []

    drive(recovering([]), lambda step, result: shown.append((step.path, result)))

    assert shown == [("/there", {"path": "/there"})]


@DRIVERS
def test_a_flow_interrupted_by_ctrl_c_is_closed_at_once(drive):
    events: list[str] = []

    def interrupt(_step: Any, _result: Any) -> None:
        raise KeyboardInterrupt

    def flow() -> Flow[None]:
        try:
            yield RawCall(method="GET", path="/there")
            events.append("went on")
        finally:
            events.append("cleaned up")

    running = flow()  # held here, so only the driver can close it before the assertion
    with pytest.raises(KeyboardInterrupt):
        drive(running, interrupt)

    assert events == ["cleaned up"]
