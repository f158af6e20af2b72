"""Reports, Data Kiosk queries and feeds wait for Amazon with one poller, so they wait alike.

The same settings give the same get calls and the same pauses whatever the job: the first call at once,
pauses growing by half up to a minute, none shorter than the get operation's rate (0.5 s for all three),
none past the timeout, and at the timeout the workflow's own error carrying the id to resume with.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from seller_central import reports
from seller_central.actions import feed_documents
from seller_central.calls import Call, Context, Sleep
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.errors import DataKioskQueryTimeoutError, OperationFailedError, ReportTimeoutError
from selling_partner_api.data_kiosk_2023_11_15.models import CreateQueryResponse, Query
from selling_partner_api.feeds_2021_06_30.models import CreateFeedDocumentResponse, CreateFeedResponse, Feed
from selling_partner_api.reports_2021_06_30.models import CreateReportResponse, Report

from tests.facade.actions.conftest import Wire, oauth_connection

CTX = Context(connection=oauth_connection())
US = "ATVPDKIKX0DER"
CREATED = "2026-11-01T00:00:00Z"


def report(status: str) -> Report:
    return Report.from_dict(
        {"reportId": "R1", "reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "createdTime": CREATED,
         "processingStatus": status}
    )  # fmt: skip


def query(status: str) -> Query:
    return Query.from_dict(
        {"queryId": "Q1", "query": "query { x }", "createdTime": CREATED, "processingStatus": status}
    )


def feed(status: str) -> Feed:
    return Feed.from_dict(
        {"feedId": "F1", "feedType": "JSON_LISTINGS_FEED", "createdTime": CREATED, "processingStatus": status}
    )


def start_report(interval: float, timeout: float) -> Any:
    return reports.run_report(
        CTX, {"report_type": "X", "marketplace_ids": [US], "poll_interval": interval, "timeout": timeout}
    )


def start_query(interval: float, timeout: float) -> Any:
    return reports.run_data_kiosk_query(
        CTX, {"query": "query { x }", "poll_interval": interval, "timeout": timeout}
    )


def start_feed(interval: float, timeout: float) -> Any:
    inputs = {
        "feed_type": "JSON_LISTINGS_FEED",
        "marketplace_ids": [US],
        "content": "{}",
        "content_type": "application/json",
        "wait": True,
        "poll_interval_seconds": interval,
        "timeout_seconds": timeout,
    }
    return feed_documents.submit_feed(CTX, inputs)


#: How to start each workflow, the answer its get operation gives while the job is processing, and the
#: id the timeout error carries.
JOBS: dict[str, tuple[Callable[[float, float], Any], Callable[[str], Any], Callable[[Exception], str]]] = {
    "report": (start_report, report, lambda e: e.report_id if isinstance(e, ReportTimeoutError) else ""),
    "query": (start_query, query, lambda e: e.query_id if isinstance(e, DataKioskQueryTimeoutError) else ""),
    "feed": (
        start_feed,
        feed,
        lambda e: e.result.feed_id if isinstance(e, OperationFailedError) and e.result else "",
    ),
}


def answer(step: Any, processing: Callable[[str], Any]) -> Any:
    """Answer a workflow's step: the create calls with their ids, every get call with a processing job."""
    if isinstance(step, Call):
        name = step.operation.rsplit(".", 1)[-1]
        created = {
            "createReport": CreateReportResponse(report_id="R1"),
            "createQuery": CreateQueryResponse(query_id="Q1"),
            "createFeedDocument": CreateFeedDocumentResponse(
                feed_document_id="D1", url="https://s3.example/d"
            ),
            "createFeed": CreateFeedResponse(feed_id="F1"),
        }
        return created[name] if name in created else processing("IN_PROGRESS")
    return None


def wait_out(kind: str, interval: float, timeout: float) -> tuple[list[float], int, Exception]:
    """Drive a workflow whose job never finishes: the pauses, the get calls, and the error at the end."""
    start, processing, _ = JOBS[kind]
    flow = start(interval, timeout)
    pauses: list[float] = []
    gets = 0
    step = next(flow)
    try:
        while True:
            if isinstance(step, Sleep):
                pauses.append(step.seconds)
            elif isinstance(step, Call) and step.operation.rsplit(".", 1)[-1].startswith("get"):
                gets += 1
            step = flow.send(answer(step, processing))
    except StopIteration:
        pytest.fail(f"the {kind} wait ended without an error")
    except Exception as exc:  # noqa: BLE001 (the timeout error is what the test looks at)
        return pauses, gets, exc
    raise AssertionError  # pragma: no cover


@pytest.mark.parametrize("kind", sorted(JOBS))
def test_every_job_waits_on_the_same_schedule(kind: str):
    """First call at once, pauses from the interval growing by half up to a minute, the last cut to fit."""
    pauses, gets, _ = wait_out(kind, 2, 300)

    assert pauses == [
        2.0,
        3.0,
        4.5,
        6.75,
        10.125,
        15.1875,
        22.78125,
        34.171875,
        51.2578125,
        60,
        60,
        30.2265625,
    ]
    assert gets == len(pauses) + 1
    assert sum(pauses) == 300


@pytest.mark.parametrize("kind", sorted(JOBS))
def test_no_pause_is_faster_than_the_rate_nor_past_the_timeout(kind: str):
    """0.2 s left is less than the get operation's 0.5 s: the wait ends with the workflow's timeout error."""
    _, _, job_id = JOBS[kind]
    pauses, gets, error = wait_out(kind, 0.5, 0.7)

    assert pauses == [0.5]
    assert gets == 2
    assert "still IN_PROGRESS after 0.5 s" in str(error)
    assert job_id(error) == {"report": "R1", "query": "Q1", "feed": "F1"}[kind]  # the id to resume with


FEEDS = "/feeds/2021-06-30/feeds"
DOCUMENTS = "/feeds/2021-06-30/documents"
UPLOAD_URL = "https://tortuga-prod-na.s3-external-1.amazonaws.com/doc-in?X-Amz-Signature=abc"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_both_clients_wait_for_a_feed_alike(mode: str):
    """The clients drive the one flow: the same getFeed calls, the same growing pauses, the same error."""
    wire = Wire()
    wire.json("POST", DOCUMENTS, {"feedDocumentId": "doc-in", "url": UPLOAD_URL}, status=201)
    wire.json("POST", FEEDS, {"feedId": "50014"}, status=202)
    wire.json("GET", f"{FEEDS}/50014", feed("IN_QUEUE").to_dict() | {"feedId": "50014"})
    pauses: list[float] = []
    inputs = {
        "feed_type": "JSON_LISTINGS_FEED",
        "marketplace_ids": [US],
        "content": "{}",
        "content_type": "application/json",
        "wait": True,
        "poll_interval_seconds": 30,
        "timeout_seconds": 200,
    }
    transport = httpx.MockTransport(wire.handler)

    def submit() -> None:
        if mode == "sync":
            with SellerCentral(oauth_connection(), transport=transport, sleep=pauses.append) as api:
                api.submit_feed(**inputs)
            return

        async def pause(seconds: float) -> None:
            pauses.append(seconds)

        async def run() -> None:
            async with AsyncSellerCentral(oauth_connection(), transport=transport, sleep=pause) as api:
                await api.submit_feed(**inputs)

        asyncio.run(run())

    with pytest.raises(OperationFailedError, match="50014 is still IN_QUEUE") as caught:
        submit()

    assert pauses == [30, 45, 60, 60, 5]
    assert [r.url.path for r in wire.requests].count(f"{FEEDS}/50014") == 6
    assert caught.value.result.feed_id == "50014"
