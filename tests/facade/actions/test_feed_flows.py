"""The pure side of the feed and raw actions: flow steps, pagination cursor, catalog entries (no client)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from seller_central import _send, actions, operations
from seller_central.actions import feed_documents, feeds, raw
from seller_central.calls import Call, Context, Download, Upload
from seller_central.connection import OAuthConnection
from seller_central.errors import OperationFailedError
from selling_partner_api.feeds_2021_06_30.models import (
    CreateFeedDocumentResponse,
    CreateFeedResponse,
    Feed,
    FeedDocument,
)

CTX = Context(
    connection=OAuthConnection(
        client_id="amzn1.application-oa2-client.test",
        client_secret="test-client-secret",
        refresh_token="Atzr|test-refresh",
        endpoint="https://sellingpartnerapi-eu.amazon.com",
    )
)
SUBMIT = {
    "feed_type": "JSON_LISTINGS_FEED",
    "marketplace_ids": ["A1PA6795UKMFR9"],
    "content": "{}",
    "content_type": "application/json",
}


def feed(status: str, **extra: Any) -> Feed:
    return Feed.from_dict(
        {
            "feedId": "7",
            "feedType": "JSON_LISTINGS_FEED",
            "createdTime": "2026-11-01T00:00:00Z",
            "processingStatus": status,
            **extra,
        }
    )


def run(flow: Any, answers: dict[str, list[Any]]) -> tuple[list[Any], Any]:
    """Drive a flow by hand: answer each Call from ``answers`` (by operation), record every step."""
    steps: list[Any] = []
    result: Any = None
    try:
        step = next(flow)
        while True:
            steps.append(step)
            result = (
                answers[step.operation].pop(0)
                if isinstance(step, Call)
                else answers.get(type(step).__name__, [None]).pop(0)
            )
            step = flow.send(result)
    except StopIteration as done:
        return steps, done.value


def test_submit_flow_polls_at_once_then_backs_off():
    """Submit Feed with Wait polls Get Feed at once, then after Poll Interval Seconds growing by half."""
    flow = feed_documents.submit_feed(CTX, {**SUBMIT, "wait": True, "poll_interval_seconds": 12})
    steps, result = run(
        flow,
        {
            "feeds_2021_06_30.createFeedDocument": [
                CreateFeedDocumentResponse(feed_document_id="d", url="https://s3.example/d")
            ],
            "feeds_2021_06_30.createFeed": [CreateFeedResponse(feed_id="7")],
            "feeds_2021_06_30.getFeed": [feed("IN_QUEUE"), feed("IN_PROGRESS"), feed("DONE")],
        },
    )
    kinds = [(type(s).__name__, getattr(s, "operation", None) or getattr(s, "seconds", None)) for s in steps]
    assert kinds == [
        ("Call", "feeds_2021_06_30.createFeedDocument"),
        ("Upload", None),
        ("Call", "feeds_2021_06_30.createFeed"),
        ("Call", "feeds_2021_06_30.getFeed"),
        ("Sleep", 12),
        ("Call", "feeds_2021_06_30.getFeed"),
        ("Sleep", 18),
        ("Call", "feeds_2021_06_30.getFeed"),
    ]
    assert steps[1] == Upload(url="https://s3.example/d", content_type="application/json", source=b"{}")
    assert (result.status, result.report) == ("DONE", None)


def test_submit_flow_downloads_the_report_with_its_compression():
    """A FATAL feed's report is fetched with the document's compression, then the flow raises with it."""
    flow = feed_documents.submit_feed(CTX, {**SUBMIT, "wait": True})
    with pytest.raises(OperationFailedError) as caught:
        run(
            flow,
            {
                "feeds_2021_06_30.createFeedDocument": [
                    CreateFeedDocumentResponse(feed_document_id="d", url="https://s3.example/d")
                ],
                "feeds_2021_06_30.createFeed": [CreateFeedResponse(feed_id="7")],
                "feeds_2021_06_30.getFeed": [feed("FATAL", resultFeedDocumentId="r")],
                "feeds_2021_06_30.getFeedDocument": [
                    FeedDocument.from_dict(
                        {"feedDocumentId": "r", "url": "https://s3.example/r", "compressionAlgorithm": "GZIP"}
                    )
                ],
                "Download": [b"not json"],
            },
        )
    assert (caught.value.result.report, caught.value.result.report_json) == (b"not json", None)


def test_download_flow_streams_to_a_path(tmp_path):
    """Download Feed Document turns a str target into a Path and passes the compression along."""
    target = tmp_path / "out.xml"
    steps, _ = run(
        feed_documents.download_feed_document(CTX, {"feed_document_id": "r", "target": str(target)}),
        {
            "feeds_2021_06_30.getFeedDocument": [
                FeedDocument.from_dict({"feedDocumentId": "r", "url": "https://s3.example/r"})
            ]
        },
    )
    assert steps[1] == Download(url="https://s3.example/r", compression=None, target=target)


def test_upload_flow_keeps_a_path_for_streaming(tmp_path):
    """Upload Feed Document hands a file path to the document client, which streams it."""
    source = tmp_path / "feed.tsv"
    source.write_text("sku\tprice\n")
    steps, _ = run(
        feed_documents.upload_feed_document(
            CTX, {"url": "https://s3.example/u", "content_type": "text/tab-separated-values", "path": source}
        ),
        {},
    )
    assert steps == [
        Upload(url="https://s3.example/u", content_type="text/tab-separated-values", source=Path(source))
    ]


def test_poll_interval_floor_is_get_feeds_rate():
    """The smallest Poll Interval Seconds allowed is one getFeed request at its default rate."""
    rate = operations.get("feeds_2021_06_30.getFeed").rate
    assert rate is not None
    feed_documents.submit_feed(CTX, {**SUBMIT, "wait": True, "poll_interval_seconds": 1 / rate})
    with pytest.raises(ValueError, match="Poll Interval Seconds"):
        feed_documents.submit_feed(CTX, {**SUBMIT, "wait": True, "poll_interval_seconds": 0.9 / rate})


def test_list_feeds_cursor_matches_the_operation_table():
    """The List Feeds cursor follows the token the operation table names, and sends it alone."""
    pagination = operations.get("feeds_2021_06_30.getFeeds").pagination
    cursor = feeds.CURSORS["list_feeds"]
    assert pagination is not None
    assert (pagination.request_token, pagination.response_token) == ("nextToken", "nextToken")
    assert (cursor.token, cursor.argument, cursor.alone, cursor.keep) == (
        ("next_token",),
        "next_token",
        True,
        (),
    )


def test_list_feeds_wire_form():
    """List Feeds' first call renders comma-joined arrays on the region's host."""
    pages = feeds.list_feeds(CTX, {"feed_types": ["A", "B"], "processing_statuses": "DONE,FATAL"})
    request = httpx.Client(base_url=CTX.connection.base_url).build_request(
        **_send.prepare_call(CTX, pages.first)
    )
    assert str(request.url) == (
        "https://sellingpartnerapi-eu.amazon.com/feeds/2021-06-30/feeds?feedTypes=A%2CB&pageSize=10&processingStatuses=DONE%2CFATAL"
    )


def test_raw_call_keeps_the_host():
    """A Raw Request path is built on the connection's host, whatever its query or segments hold."""
    call = raw.raw_request(CTX, {"url": "/a/%2F%2Fevil.example/b?x=1#frag", "method": "get"})
    request = httpx.Client(base_url=CTX.connection.base_url).build_request(**_send.prepare_raw(CTX, call))
    assert (request.url.host, request.url.raw_path) == (
        "sellingpartnerapi-eu.amazon.com",
        b"/a/%2F%2Fevil.example/b?x=1",
    )


def test_catalog_entries():
    """The catalog lists the feed actions and Raw Request with the spec's labels and honest defaults."""
    by_name = {a.name: a for a in actions.catalog()}
    spec = [
        "cancel_feed",
        "create_feed",
        "create_feed_document",
        "get_feed",
        "get_feed_document",
        "list_feeds",
        "raw_request",
    ]
    extra = ["download_feed_document", "submit_feed", "upload_feed_document"]
    assert [by_name[n].in_spec for n in spec + extra] == [True] * len(spec) + [False] * len(extra)
    for name in spec + extra:
        if by_name[name].operation is not None:
            operations.get(by_name[name].operation)
    inputs = {i.key: i.to_dict() for i in by_name["list_feeds"].inputs}
    assert inputs["page_size"]["default"] == 10
    assert inputs["created_since"]["default"] == "unset (the server uses now minus 90 days)"
    assert inputs["processing_statuses"]["choices"] == [
        "CANCELLED",
        "DONE",
        "FATAL",
        "IN_PROGRESS",
        "IN_QUEUE",
    ]
    raw_inputs = {i.label: i.to_dict()["default"] for i in by_name["raw_request"].inputs}
    assert {k: raw_inputs[k] for k in ("Response Type", "Retry Delay (ms)", "Max Retry Count")} == {
        "Response Type": "json", "Retry Delay (ms)": 0, "Max Retry Count": 0,
    }  # fmt: skip
    flags = ("Retry On All Errors", "Use Exponential Backoff", "Debug Request", "Use Restricted Data Token")
    assert [raw_inputs[k] for k in flags] == [False] * len(flags)
