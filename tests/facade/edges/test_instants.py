"""The workflows' times: one reader (``validation.instant``), a clear error naming the input, nothing sent.

``sync_orders(since=...)``, the finances windows and ``run_report``'s data start and end all need a real point
in time: they compute windows from it or compare its two ends. A static-sandbox test value (``TEST_CASE_200``)
passes ``validation.date_time`` on a sandbox host (operations send it as it is), so it must be refused here,
as must anything else that is not a time, with ``InvalidInputError`` naming the input, not a ``ValueError``
from a date parser deeper down.
"""

from __future__ import annotations

import asyncio
import datetime
import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from seller_central import operations, validation, windows
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection
from seller_central.errors import APIError, InvalidInputError
from seller_central.sandbox import scenarios
from seller_central.sandbox.exchange import Received

UTC = datetime.UTC
PLUS_ONE = datetime.timezone(datetime.timedelta(hours=1))
US = "ATVPDKIKX0DER"
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class _Context:
    def __init__(self, *, is_sandbox: bool) -> None:
        self.is_sandbox = is_sandbox


SANDBOX: Any = _Context(is_sandbox=True)
PRODUCTION: Any = _Context(is_sandbox=False)


# -- the reader ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-01T08:30:00Z", datetime.datetime(2026, 11, 1, 8, 30, tzinfo=UTC)),
        ("2026-11-01T09:30:00+01:00", datetime.datetime(2026, 11, 1, 8, 30, tzinfo=UTC)),
        (" 2026-11-01T08:30:00.250Z ", datetime.datetime(2026, 11, 1, 8, 30, 0, 250000, tzinfo=UTC)),
        ("2026-11-01T08:30:00", datetime.datetime(2026, 11, 1, 8, 30, tzinfo=UTC)),
        ("2026-11-01", datetime.datetime(2026, 11, 1, tzinfo=UTC)),
        (
            datetime.datetime(2026, 11, 1, 9, 30, tzinfo=PLUS_ONE),
            datetime.datetime(2026, 11, 1, 8, 30, tzinfo=UTC),
        ),
        (datetime.datetime(2026, 11, 1, 8, 30), datetime.datetime(2026, 11, 1, 8, 30, tzinfo=UTC)),  # noqa: DTZ001
        (datetime.date(2026, 11, 1), datetime.datetime(2026, 11, 1, tzinfo=UTC)),
    ],
)
def test_instant_reads_what_date_time_reads_as_an_aware_utc_datetime(value: Any, expected: datetime.datetime):
    """ISO 8601 with Z, an offset or fractions, a naive text or datetime (UTC), a date (its midnight UTC)."""
    moment = validation.instant(value, label="since")

    assert moment == expected
    assert moment.utcoffset() == datetime.timedelta(0)
    assert validation.date_time(value, PRODUCTION, label="since") == expected.isoformat().replace(
        "+00:00", "Z"
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("TEST_CASE_200", "'TEST_CASE_200' is not an ISO 8601 date-time"),
        ("TEST_CASE_200_NEXT_TOKEN", "static-sandbox test value"),
        ("yesterday", "'yesterday' is not an ISO 8601 date-time"),
        ("2026-13-01", "'2026-13-01' is not an ISO 8601 date-time"),
        ("", "expected an ISO 8601 date-time string or a datetime"),
        ("   ", "expected an ISO 8601 date-time string or a datetime"),
        (1764590400, "expected an ISO 8601 date-time string or a datetime"),
        ("0001-01-01T00:00:00+01:00", "falls outside the years 1 to 9999 in UTC"),
        (
            datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.timezone(-datetime.timedelta(hours=5))),
            "9999",
        ),
    ],
)
def test_instant_refuses_anything_else_naming_the_input(value: Any, problem: str):
    """Test-case values included: a workflow computes windows from the time, which a test value has not."""
    with pytest.raises(InvalidInputError) as caught:
        validation.instant(value, label="posted_after")

    assert caught.value.label == "posted_after"
    assert str(caught.value).startswith("posted_after: ")
    assert problem in str(caught.value)


def test_date_time_reads_with_instant_and_keeps_test_values_on_a_sandbox_host_only():
    """date_time is instant written as text: a time out of range in UTC is refused (it overflowed before), and
    operations still send a static-sandbox test value as it is on a sandbox host, never on production."""
    with pytest.raises(InvalidInputError) as caught:  # year 0 in UTC: an InvalidInputError, no OverflowError
        validation.date_time("0001-01-01T00:00:00+01:00", SANDBOX, label="Created After")
    assert caught.value.label == "Created After"

    assert validation.date_time(" TEST_CASE_200 ", SANDBOX, label="Created After") == "TEST_CASE_200"
    with pytest.raises(InvalidInputError, match="Created After: 'TEST_CASE_200' is not an ISO 8601"):
        validation.date_time("TEST_CASE_200", PRODUCTION, label="Created After")


@given(st.datetimes())
def test_date_time_text_reads_back_as_the_same_instant(moment: datetime.datetime):
    """What date_time sends, instant reads back to the very same time (fractions of a second included)."""
    text = validation.date_time(moment, PRODUCTION, label="t")

    assert validation.instant(text, label="t") == validation.instant(moment, label="t")


@given(st.datetimes())
def test_iso_reads_back_for_every_year(moment: datetime.datetime):
    """``iso`` writes four-digit years (``0999``), so saved state and sent windows read back, whatever the year."""
    aware = moment.replace(tzinfo=UTC)

    assert windows.parse_instant(windows.iso(aware)) == aware.replace(microsecond=0)


def test_the_sandbox_scenarios_read_times_with_the_same_parser():
    """One parser: the local sandbox's scenarios use windows' (and its rule: a bad time is a ValueError)."""
    assert scenarios.parse_instant is windows.parse_instant
    assert scenarios.iso is windows.iso
    with pytest.raises(ValueError, match="outside the years"):
        windows.parse_instant("0001-01-01T00:00:00+01:00")


@pytest.mark.parametrize("after", ["yesterday", "0001-01-01T00:00:00+01:00"])
def test_the_orders_scenario_answers_a_bad_time_with_a_400(after: str):
    """A time out of range in UTC is a bad request for the sandbox too (it raised OverflowError before)."""
    scenario = scenarios.OrdersScenario(clock=lambda: NOW)
    received = Received(
        method="GET", path="/orders/v0/orders", query=(("MarketplaceIds", US), ("LastUpdatedAfter", after))
    )

    reply = scenario.answer(operations.get("orders_v0.getOrders"), received)

    assert reply is not None
    assert reply.status == 400
    assert "must be ISO 8601 date-times" in reply.body.decode()


# -- the workflows, on a sandbox host -------------------------------------------------------------------


class _Wire:
    """Records every request; answers createReport with a 400 (the tests read the body it was sent)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if "/auth/o2/token" in request.url.path:
            return httpx.Response(
                200, json={"access_token": "Atza|x", "token_type": "bearer", "expires_in": 3600}
            )
        return httpx.Response(400, json={"errors": [{"code": "InvalidInput", "message": "stop here"}]})

    def sp_api(self) -> list[httpx.Request]:
        return [r for r in self.requests if "/auth/o2/token" not in r.url.path]


def _connection() -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.instant",
        client_secret="instant-secret",
        refresh_token="Atzr|instant",
        is_sandbox=True,
    )


def _call(mode: str, wire: _Wire, method: str, **arguments: Any) -> Any:
    """Call a workflow method on the sync or the async client and drain what it returns."""
    if mode == "sync":
        with SellerCentral(_connection(), transport=httpx.MockTransport(wire)) as client:
            result = getattr(client, method)(**arguments)
            return result if method == "run_report" else list(result)

    async def run() -> Any:
        async with AsyncSellerCentral(_connection(), transport=httpx.MockTransport(wire)) as client:
            if method == "run_report":
                return await client.run_report(**arguments)
            return [item async for item in getattr(client, method)(**arguments)]

    return asyncio.run(run())


WORKFLOW_TIMES = [
    ("sync_orders", {"marketplace_ids": [US], "state": ":memory:"}, "since"),
    ("financial_event_groups", {"now": lambda: NOW}, "started_after"),
    ("financial_event_groups", {"now": lambda: NOW}, "started_before"),
    ("financial_events", {"now": lambda: NOW}, "posted_after"),
    ("financial_events", {"now": lambda: NOW, "posted_after": "2026-11-01T00:00:00Z"}, "posted_before"),
    ("transactions", {"now": lambda: NOW}, "posted_after"),
    ("transactions", {"now": lambda: NOW, "posted_after": "2026-11-01T00:00:00Z"}, "posted_before"),
    (
        "run_report",
        {"report_type": "GET_FLAT_FILE_OPEN_LISTINGS_DATA", "marketplace_ids": [US]},
        "data_start_time",
    ),
    (
        "run_report",
        {"report_type": "GET_FLAT_FILE_OPEN_LISTINGS_DATA", "marketplace_ids": [US]},
        "data_end_time",
    ),
]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("bad", ["TEST_CASE_200", "not a date", "0001-01-01T00:00:00+01:00"])
@pytest.mark.parametrize(("method", "arguments", "name"), WORKFLOW_TIMES)
def test_a_workflow_refuses_a_time_it_cannot_use_before_anything_is_sent(
    mode: str, bad: str, method: str, arguments: dict[str, Any], name: str
):
    """On a sandbox host too: InvalidInputError naming the input, no request (not even for a token)."""
    wire = _Wire()

    with pytest.raises(InvalidInputError) as caught:
        _call(mode, wire, method, **arguments, **{name: bad})

    assert caught.value.label == name
    assert str(caught.value).startswith(f"{name}: ")
    assert wire.requests == []


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("start", "end", "sent"),
    [
        # As text "...00.5Z" < "...00Z": the old string comparison refused this correct window.
        (
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00.5Z",
            ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.500000Z"),
        ),
        (
            "2026-01-01T01:00:00+01:00",
            "2026-01-01T00:30:00Z",
            ("2026-01-01T00:00:00Z", "2026-01-01T00:30:00Z"),
        ),
        (
            datetime.datetime(2026, 1, 1, tzinfo=UTC),
            "2026-01-02",
            ("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
        ),
    ],
)
def test_run_report_compares_its_data_window_as_times(mode: str, start: Any, end: Any, sent: tuple[str, str]):
    """A window whose end is later as a time is sent (in UTC, fractions kept), whatever its text sorts as."""
    wire = _Wire()

    with pytest.raises(APIError):  # the wire refuses createReport: the body it got is what is checked
        _call(
            mode,
            wire,
            "run_report",
            report_type="GET_FLAT_FILE_OPEN_LISTINGS_DATA",
            marketplace_ids=[US],
            data_start_time=start,
            data_end_time=end,
        )

    body = json.loads(wire.sp_api()[0].content)
    assert (body["dataStartTime"], body["dataEndTime"]) == sent


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00Z"),  # as text the end sorts after the start
        ("2026-01-01T00:30:00Z", "2026-01-01T01:00:00+01:00"),  # as text "01:00" sorts after "00:30"
    ],
)
def test_run_report_refuses_an_end_before_its_start_as_times(mode: str, start: str, end: str):
    """The end is before the start once both are times: refused, naming data_end_time, nothing sent."""
    wire = _Wire()

    with pytest.raises(InvalidInputError) as caught:
        _call(
            mode,
            wire,
            "run_report",
            report_type="GET_FLAT_FILE_OPEN_LISTINGS_DATA",
            marketplace_ids=[US],
            data_start_time=start,
            data_end_time=end,
        )

    assert caught.value.label == "data_end_time"
    assert wire.requests == []
