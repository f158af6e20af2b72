"""Feeds 2021-06-30 actions, and the feed document workflow, on the wire (sync and async clients)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from seller_central.actions.feed_documents import SubmitFeedResult
from seller_central.errors import ForbiddenError, InvalidInputError, OperationFailedError

FEEDS = "/feeds/2021-06-30/feeds"
DOCUMENTS = "/feeds/2021-06-30/documents"
UPLOAD_URL = "https://tortuga-prod-na.s3-external-1.amazonaws.com/doc-in?X-Amz-Signature=abc"
REPORT_URL = "https://tortuga-prod-na.s3-external-1.amazonaws.com/doc-report?X-Amz-Signature=def"
US, CA = "ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"


def feed(feed_id: str = "50014", status: str = "DONE", **extra: Any) -> dict[str, Any]:
    return {
        "feedId": feed_id,
        "feedType": "JSON_LISTINGS_FEED",
        "createdTime": "2026-11-01T10:00:00Z",
        "processingStatus": status,
        **extra,
    }


# -- the spec's actions --------------------------------------------------------------------------------------


def test_get_feed(api, wire):
    """Get Feed sends GET on the feed's path and returns the typed Feed."""
    wire.json("GET", f"{FEEDS}/50014", feed(resultFeedDocumentId="doc-report"))
    result = api.call("get_feed", feed_id="50014")
    assert (wire.last.method, wire.last.url.path, wire.query()) == ("GET", f"{FEEDS}/50014", {})
    assert (result.feed_id, result.processing_status, result.result_feed_document_id) == (
        "50014", "DONE", "doc-report",
    )  # fmt: skip


def test_an_expired_token_is_replaced_and_the_call_sent_once_more(api, wire):
    """A 401 saying the access token expired costs one new token and one more attempt, not an error."""
    expired = {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied.",
                           "details": "The access token you provided has expired."}]}  # fmt: skip
    wire.route("GET", f"{FEEDS}/50014", httpx.Response(401, json=expired), httpx.Response(200, json=feed()))
    result = api.call("get_feed", feed_id="50014")
    assert result.feed_id == "50014"
    assert (len(wire.requests), len(wire.token_requests)) == (2, 2)


def test_cancel_feed(api, wire):
    """Cancel Feed sends DELETE on the feed's path and returns None for the empty 200."""
    wire.json("DELETE", f"{FEEDS}/50014")
    assert api.call("cancel_feed", feed_id="50014") is None
    assert (wire.last.method, wire.last.url.path) == ("DELETE", f"{FEEDS}/50014")


def test_feed_id_is_percent_encoded(api, wire):
    """A Feed Id with a slash stays one path segment."""
    wire.json("GET", f"{FEEDS}/a/b", feed())  # the fake routes on the decoded path
    api.call("get_feed", feed_id="a/b")
    assert wire.last.url.raw_path == f"{FEEDS}/a%2Fb".encode()


def test_create_feed(api, wire):
    """Create Feed posts the feed type, marketplaces, document id and options, and returns the feed id."""
    wire.json("POST", FEEDS, {"feedId": "3485934"}, status=202)
    result = api.call(
        "create_feed",
        feed_type="JSON_LISTINGS_FEED",
        marketplace_ids=[US, CA],
        input_feed_document_id="doc-in",
        feed_options={"UnitOfMeasure": "LB"},
    )
    assert (wire.last.method, wire.last.url.path) == ("POST", FEEDS)
    assert wire.body() == {
        "feedType": "JSON_LISTINGS_FEED",
        "marketplaceIds": [US, CA],
        "inputFeedDocumentId": "doc-in",
        "feedOptions": {"UnitOfMeasure": "LB"},
    }
    assert result.feed_id == "3485934"


def test_create_feed_options_as_json_text(api, wire):
    """Feed Options may be given as JSON text; a comma-separated Marketplace Ids string is split."""
    wire.json("POST", FEEDS, {"feedId": "1"}, status=202)
    api.call(
        "create_feed",
        feed_type="POST_FLAT_FILE_INVLOADER_DATA",
        marketplace_ids=f"{US},{CA}",
        input_feed_document_id="doc-in",
        feed_options='{"ParentSku": "P-1"}',
    )
    assert wire.body()["feedOptions"] == {"ParentSku": "P-1"}
    assert wire.body()["marketplaceIds"] == [US, CA]


def test_create_feed_without_options(api, wire):
    """Create Feed leaves feedOptions out when Feed Options is not given."""
    wire.json("POST", FEEDS, {"feedId": "1"}, status=202)
    api.call("create_feed", feed_type="JSON_LISTINGS_FEED", marketplace_ids=[US], input_feed_document_id="d")
    assert "feedOptions" not in wire.body()


def test_create_feed_document(api, wire):
    """Create Feed Document posts the content type and returns the document id and upload URL."""
    wire.json("POST", DOCUMENTS, {"feedDocumentId": "doc-in", "url": UPLOAD_URL}, status=201)
    result = api.call("create_feed_document", content_type="application/json; charset=UTF-8")
    assert (wire.last.method, wire.last.url.path) == ("POST", DOCUMENTS)
    assert wire.body() == {"contentType": "application/json; charset=UTF-8"}
    assert (result.feed_document_id, result.url) == ("doc-in", UPLOAD_URL)


def test_get_feed_document(api, wire):
    """Get Feed Document sends the id in the path and the content-encoding flag in the query."""
    wire.json(
        "GET",
        f"{DOCUMENTS}/doc-report",
        {"feedDocumentId": "doc-report", "url": REPORT_URL, "compressionAlgorithm": "GZIP"},
    )
    result = api.call(
        "get_feed_document", feed_document_id="doc-report", enable_content_encoding_url_header=True
    )
    assert (wire.last.method, wire.last.url.path) == ("GET", f"{DOCUMENTS}/doc-report")
    assert wire.query() == {"enableContentEncodingUrlHeader": ["true"]}
    assert (result.url, result.compression_algorithm) == (REPORT_URL, "GZIP")


def test_get_feed_document_leaves_flag_unset(api, wire):
    """Without the flag, Get Feed Document sends no query at all."""
    wire.json("GET", f"{DOCUMENTS}/doc-report", {"feedDocumentId": "doc-report", "url": REPORT_URL})
    api.call("get_feed_document", feed_document_id="doc-report")
    assert wire.query() == {}


# -- List Feeds ----------------------------------------------------------------------------------------------


def test_list_feeds(api, wire):
    """List Feeds sends comma-joined arrays, the default page size and normalised dates."""
    wire.json("GET", FEEDS, {"feeds": [feed()], "nextToken": "tok-2"})
    result = api.call(
        "list_feeds",
        feed_types=["JSON_LISTINGS_FEED", "POST_PRODUCT_DATA"],
        marketplace_ids=[US, CA],
        processing_statuses=["DONE", "FATAL"],
        created_since="2026-10-01T00:00:00+02:00",
        created_until="2026-10-31T00:00:00Z",
    )
    assert wire.query() == {
        "feedTypes": ["JSON_LISTINGS_FEED,POST_PRODUCT_DATA"],
        "marketplaceIds": [f"{US},{CA}"],
        "pageSize": ["10"],
        "processingStatuses": ["DONE,FATAL"],
        "createdSince": ["2026-09-30T22:00:00Z"],
        "createdUntil": ["2026-10-31T00:00:00Z"],
    }
    assert ([f.feed_id for f in result.feeds], result.next_token) == (["50014"], "tok-2")


def test_list_feeds_leaves_dates_to_the_server(api, wire):
    """Unset Created Since/Until are not sent (no hard-coded dates): the server applies now-90d and now."""
    wire.json("GET", FEEDS, {"feeds": []})
    api.call("list_feeds", feed_types="JSON_LISTINGS_FEED", page_size=100)
    assert wire.query() == {"feedTypes": ["JSON_LISTINGS_FEED"], "pageSize": ["100"]}


def test_list_feeds_next_token_alone(api, wire):
    """With Next Token, List Feeds sends the token and nothing else (not even the default page size)."""
    wire.json("GET", FEEDS, {"feeds": [feed("2")]})
    result = api.call("list_feeds", next_token="tok-2")
    assert wire.query() == {"nextToken": ["tok-2"]}
    assert [f.feed_id for f in result.feeds] == ["2"]


def test_iter_feeds_follows_next_token_alone(api, wire):
    """iter_feeds returns every feed once over three pages; later pages carry only nextToken."""
    wire.route(
        "GET",
        FEEDS,
        httpx.Response(200, json={"feeds": [feed("1"), feed("2")], "nextToken": "tok-2"}),
        httpx.Response(200, json={"feeds": [feed("3")], "nextToken": "tok-3"}),
        httpx.Response(200, json={"feeds": [feed("4"), feed("5")]}),
    )
    feeds = api.collect("iter_feeds", feed_types=["JSON_LISTINGS_FEED"], marketplace_ids=[US], page_size=2)
    assert [f.feed_id for f in feeds] == ["1", "2", "3", "4", "5"]
    assert wire.query(wire.requests[0]) == {
        "feedTypes": ["JSON_LISTINGS_FEED"], "marketplaceIds": [US], "pageSize": ["2"],
    }  # fmt: skip
    assert [wire.query(r) for r in wire.requests[1:]] == [{"nextToken": ["tok-2"]}, {"nextToken": ["tok-3"]}]


# -- bad inputs ----------------------------------------------------------------------------------------------

LISTING = {"feed_type": "JSON_LISTINGS_FEED", "marketplace_ids": [US], "input_feed_document_id": "doc-in"}
SUBMIT = {
    "feed_type": "JSON_LISTINGS_FEED",
    "marketplace_ids": [US],
    "content": "{}",
    "content_type": "application/json",
}

BAD_INPUTS = [
    ("get_feed", {"feed_id": ""}, "Feed Id"),
    ("get_feed", {"feed_id": 50014}, "Feed Id"),
    ("get_feed", {}, "Feed Id"),
    ("cancel_feed", {"feed_id": "   "}, "Feed Id"),
    ("create_feed", {**LISTING, "feed_type": ""}, "Feed Type"),
    ("create_feed", {**LISTING, "marketplace_ids": []}, "Marketplace Ids"),
    ("create_feed", {**LISTING, "marketplace_ids": [US] * 26}, "Marketplace Ids"),
    ("create_feed", {**LISTING, "marketplace_ids": ["NOT_A_MARKETPLACE"]}, "Marketplace Ids"),
    ("create_feed", {**LISTING, "input_feed_document_id": ""}, "Input Feed Document Id"),
    ("create_feed", {**LISTING, "feed_options": "{not json"}, "Feed Options"),
    ("create_feed", {**LISTING, "feed_options": {"UnitOfMeasure": 1}}, "Feed Options"),
    ("create_feed", {**LISTING, "feed_options": ["a", "b"]}, "Feed Options"),
    ("create_feed_document", {"content_type": "json"}, "Content Type"),
    ("create_feed_document", {"content_type": ""}, "Content Type"),
    ("get_feed_document", {"feed_document_id": ""}, "Feed Document Id"),
    (
        "get_feed_document",
        {"feed_document_id": "d", "enable_content_encoding_url_header": "maybe"},
        "Enable Content Encoding URL Header",
    ),
    ("list_feeds", {}, "Feed Types"),
    ("list_feeds", {"feed_types": [f"T{i}" for i in range(11)]}, "Feed Types"),
    ("list_feeds", {"feed_types": ["T"], "marketplace_ids": [US] * 11}, "Marketplace Ids"),
    ("list_feeds", {"feed_types": ["T"], "page_size": 0}, "Page Size"),
    ("list_feeds", {"feed_types": ["T"], "page_size": 101}, "Page Size"),
    (
        "list_feeds",
        {"feed_types": ["T"], "processing_statuses": ["DONE", "BAD_VALUE"]},
        "Processing Statuses",
    ),
    ("list_feeds", {"feed_types": ["T"], "created_since": "last week"}, "Created Since"),
    ("list_feeds", {"feed_types": ["T"], "created_until": "tomorrow"}, "Created Until"),
    (
        "list_feeds",
        {
            "feed_types": ["T"],
            "created_since": "2026-10-02T00:00:00Z",
            "created_until": "2026-10-01T00:00:00Z",
        },
        "Created Until",
    ),
    ("list_feeds", {"next_token": "tok", "feed_types": ["T"]}, "Feed Types"),
    ("list_feeds", {"next_token": "tok", "created_since": "2026-10-01T00:00:00Z"}, "Created Since"),
    ("list_feeds", {"next_token": ""}, "Next Token"),
    ("iter_feeds", {"feed_types": ["T"], "page_size": 500}, "Page Size"),
    ("upload_feed_document", {"url": "/relative", "content_type": "text/xml", "data": "x"}, "URL"),
    (
        "upload_feed_document",
        {"url": "http://bucket.example/d", "content_type": "text/xml", "data": "x"},
        "URL",
    ),
    ("upload_feed_document", {"url": UPLOAD_URL, "content_type": "text/xml"}, "Data"),
    ("upload_feed_document", {"url": UPLOAD_URL, "content_type": "text/xml", "data": ""}, "Data"),
    ("upload_feed_document", {"url": UPLOAD_URL, "content_type": "text/xml", "data": 12}, "Data"),
    ("upload_feed_document", {"url": UPLOAD_URL, "content_type": "xml", "data": "x"}, "Content Type"),
    (
        "upload_feed_document",
        {"url": UPLOAD_URL, "content_type": "text/xml; charset=nope", "data": "x"},
        "Content Type",
    ),
    (
        "upload_feed_document",
        {"url": UPLOAD_URL, "content_type": "text/xml; charset=ascii", "data": "é"},
        "Data",
    ),
    (
        "upload_feed_document",
        {"url": UPLOAD_URL, "content_type": "text/xml", "path": "/no/such/file.xml"},
        "Path",
    ),
    (
        "upload_feed_document",
        {"url": UPLOAD_URL, "content_type": "text/xml", "data": "x", "path": "/f"},
        "Path",
    ),
    ("download_feed_document", {"feed_document_id": ""}, "Feed Document Id"),
    ("download_feed_document", {"feed_document_id": "d", "target": "/no/such/folder/report.xml"}, "Target"),
    ("download_feed_document", {"feed_document_id": "d", "target": 42}, "Target"),
    ("submit_feed", {**SUBMIT, "content": b""}, "Content"),
    ("submit_feed", {**SUBMIT, "content": 42}, "Content"),
    ("submit_feed", {**SUBMIT, "content": Path("/no/such/feed.json")}, "Content"),
    ("submit_feed", {**SUBMIT, "content_type": "json"}, "Content Type"),
    ("submit_feed", {**SUBMIT, "feed_type": ""}, "Feed Type"),
    ("submit_feed", {**SUBMIT, "marketplace_ids": ["NOT_A_MARKETPLACE"]}, "Marketplace Ids"),
    ("submit_feed", {**SUBMIT, "feed_options": {"a": 1}}, "Feed Options"),
    ("submit_feed", {**SUBMIT, "wait": "maybe"}, "Wait"),
    ("submit_feed", {**SUBMIT, "wait": True, "poll_interval_seconds": 0.1}, "Poll Interval Seconds"),
    ("submit_feed", {**SUBMIT, "wait": True, "timeout_seconds": 0}, "Timeout Seconds"),
]


@pytest.mark.parametrize(("name", "inputs", "label"), BAD_INPUTS)
def test_bad_input_is_refused_before_sending(api, wire, name, inputs, label):
    """Each invalid input raises InvalidInputError naming its label, and nothing is sent or uploaded."""
    run = api.collect if name.startswith("iter_") else api.call
    with pytest.raises(InvalidInputError) as caught:
        run(name, **inputs)
    assert caught.value.label == label
    assert label in str(caught.value)
    assert (wire.requests, wire.uploads, wire.token_requests) == ([], [], [])


# -- upload and download -------------------------------------------------------------------------------------


def test_upload_feed_document_text(api, wire):
    """Upload PUTs the encoded text to the presigned URL with the same Content-Type and no SP-API token."""
    api.call("upload_feed_document", url=UPLOAD_URL, content_type="text/xml; charset=ISO-8859-1", data="café")
    (upload,) = wire.uploads
    assert (upload.method, str(upload.url), upload.content) == ("PUT", UPLOAD_URL, "café".encode("latin-1"))
    assert upload.headers["content-type"] == "text/xml; charset=ISO-8859-1"
    assert "x-amz-access-token" not in upload.headers
    assert (wire.requests, wire.token_requests) == ([], [])


def test_upload_feed_document_from_path(api, wire, tmp_path):
    """Upload streams a file given by Path, with its exact bytes."""
    source = tmp_path / "feed.json"
    source.write_bytes(b'{"header": {}, "messages": []}')
    api.call("upload_feed_document", url=UPLOAD_URL, content_type="application/json", path=str(source))
    assert wire.uploads[0].content == source.read_bytes()
    assert wire.uploads[0].headers["content-type"] == "application/json"


def test_download_feed_document_inflates_gzip(api, wire):
    """Download calls getFeedDocument, then fetches its URL and returns the GZIP-inflated bytes."""
    wire.json(
        "GET",
        f"{DOCUMENTS}/doc-report",
        {"feedDocumentId": "doc-report", "url": REPORT_URL, "compressionAlgorithm": "GZIP"},
    )
    wire.document(REPORT_URL, gzip.compress(b"<report/>"))
    assert api.call("download_feed_document", feed_document_id="doc-report") == b"<report/>"
    assert [(r.method, r.url.path) for r in wire.requests] == [("GET", f"{DOCUMENTS}/doc-report")]
    assert wire.query() == {}


def test_download_feed_document_to_a_file(api, wire, tmp_path):
    """With Target, the document is streamed into the file and the method returns None."""
    wire.json("GET", f"{DOCUMENTS}/doc-report", {"feedDocumentId": "doc-report", "url": REPORT_URL})
    wire.document(REPORT_URL, b"plain report")
    target = tmp_path / "report.txt"
    assert api.call("download_feed_document", feed_document_id="doc-report", target=target) is None
    assert target.read_bytes() == b"plain report"


# -- Submit Feed ---------------------------------------------------------------------------------------------


def submit_routes(wire, *statuses: str, report: bytes | None = None) -> None:
    """Route createFeedDocument, createFeed, getFeed (one answer per status) and the report document."""
    wire.json("POST", DOCUMENTS, {"feedDocumentId": "doc-in", "url": UPLOAD_URL}, status=201)
    wire.json("POST", FEEDS, {"feedId": "50014"}, status=202)
    answers = [feed(status=s, **({"resultFeedDocumentId": "doc-report"} if report else {})) for s in statuses]
    wire.route("GET", f"{FEEDS}/50014", *(httpx.Response(200, json=a) for a in answers))
    if report is not None:
        wire.json(
            "GET",
            f"{DOCUMENTS}/doc-report",
            {"feedDocumentId": "doc-report", "url": REPORT_URL, "compressionAlgorithm": "GZIP"},
        )
        wire.document(REPORT_URL, gzip.compress(report))


REPORT = {"header": {"feedId": "50014"}, "summary": {"errors": 0, "messagesProcessed": 1}, "issues": []}


def test_submit_feed_waits_for_the_report(api, wire):
    """Submit Feed creates, uploads, creates the feed, polls until DONE and returns the parsed report."""
    submit_routes(wire, "IN_QUEUE", "IN_PROGRESS", "DONE", report=json.dumps(REPORT).encode())
    content = {"header": {"sellerId": "A1", "version": "2.0"}, "messages": []}
    result = api.call(
        "submit_feed",
        feed_type="JSON_LISTINGS_FEED",
        marketplace_ids=[US],
        content=json.dumps(content),
        content_type="application/json; charset=UTF-8",
        wait=True,
        poll_interval_seconds=1,
    )
    assert [(r.method, r.url.path) for r in wire.requests] == [
        ("POST", DOCUMENTS), ("POST", FEEDS),
        ("GET", f"{FEEDS}/50014"), ("GET", f"{FEEDS}/50014"), ("GET", f"{FEEDS}/50014"),
        ("GET", f"{DOCUMENTS}/doc-report"),
    ]  # fmt: skip
    assert wire.body(wire.requests[0]) == {"contentType": "application/json; charset=UTF-8"}
    assert wire.body(wire.requests[1]) == {
        "feedType": "JSON_LISTINGS_FEED", "marketplaceIds": [US], "inputFeedDocumentId": "doc-in",
    }  # fmt: skip
    (upload,) = wire.uploads
    assert json.loads(upload.content) == content
    assert upload.headers["content-type"] == "application/json; charset=UTF-8"
    assert "x-amz-access-token" not in upload.headers
    assert (result.feed_id, result.feed_document_id, result.status, result.is_done) == (
        "50014",
        "doc-in",
        "DONE",
        True,
    )
    assert (result.report_json, result.feed.result_feed_document_id) == (REPORT, "doc-report")
    assert result.to_dict()["report"] == REPORT


def test_submit_feed_result_as_json_keeps_a_text_report_as_text():
    """to_dict() (what the CLI prints) gives a report that is not JSON as text, and no report as None."""
    with_text = SubmitFeedResult(
        feed_id="1", feed_document_id="d", status="DONE", report=b"sku\terror\nA\tnone\n"
    )
    without = SubmitFeedResult(feed_id="1", feed_document_id="d")

    assert with_text.to_dict() == {
        "feed_id": "1", "feed_document_id": "d", "status": "DONE", "feed": None, "report": "sku\terror\nA\tnone\n",
    }  # fmt: skip
    assert without.to_dict()["report"] is None


def test_submit_feed_without_waiting(api, wire):
    """Without Wait, Submit Feed stops after createFeed and returns the ids only."""
    submit_routes(wire, "IN_QUEUE")
    result = api.call("submit_feed", **SUBMIT)
    assert [(r.method, r.url.path) for r in wire.requests] == [("POST", DOCUMENTS), ("POST", FEEDS)]
    assert (result.feed_id, result.feed_document_id, result.status, result.feed, result.report) == (
        "50014", "doc-in", None, None, None,
    )  # fmt: skip


def test_submit_feed_from_a_file(api, wire, tmp_path):
    """Submit Feed uploads a file given as a Path byte for byte."""
    submit_routes(wire, "IN_QUEUE")
    source = tmp_path / "feed.xml"
    source.write_bytes(b"<?xml version='1.0'?><AmazonEnvelope/>")
    api.call("submit_feed", **{**SUBMIT, "content": source, "content_type": "text/xml; charset=UTF-8"})
    assert wire.uploads[0].content == source.read_bytes()


def test_submit_feed_fatal_raises_with_the_report(api, wire):
    """A FATAL feed raises OperationFailedError whose result holds the status and the processing report."""
    fatal = {"summary": {"errors": 1}, "issues": [{"code": "4000001", "severity": "ERROR"}]}
    submit_routes(wire, "IN_PROGRESS", "FATAL", report=json.dumps(fatal).encode())
    with pytest.raises(OperationFailedError, match="50014 ended FATAL") as caught:
        api.call("submit_feed", **SUBMIT, wait=True)
    result = caught.value.result
    assert (result.status, result.is_done, result.report_json) == ("FATAL", False, fatal)


def test_submit_feed_cancelled_raises(api, wire):
    """A CANCELLED feed raises OperationFailedError; without a report id no document is fetched."""
    submit_routes(wire, "CANCELLED")
    with pytest.raises(OperationFailedError, match="CANCELLED") as caught:
        api.call("submit_feed", **SUBMIT, wait=True)
    assert (caught.value.result.status, caught.value.result.report) == ("CANCELLED", None)
    assert wire.last.url.path == f"{FEEDS}/50014"


def test_submit_feed_gives_up_at_the_timeout(api, wire):
    """Polling stops once Timeout Seconds of waiting have passed, raising with the last status seen."""
    submit_routes(wire, "IN_PROGRESS")
    with pytest.raises(OperationFailedError, match="still IN_PROGRESS") as caught:
        api.call("submit_feed", **SUBMIT, wait=True, poll_interval_seconds=30, timeout_seconds=90)
    # getFeed at 0, 30, 75 (30 + 45) and 90 s (the last pause cut to the timeout): four polls.
    assert sum(r.url.path == f"{FEEDS}/50014" for r in wire.requests) == 4
    assert caught.value.result.status == "IN_PROGRESS"


def test_submit_feed_failed_upload_stops_before_create_feed(api, wire, monkeypatch):
    """When S3 refuses the upload, Submit Feed raises and never sends createFeed."""
    submit_routes(wire, "DONE")
    answer = wire.handler

    def refuse_uploads(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            wire.uploads.append(request)
            return httpx.Response(
                403, text="<Error><Code>AccessDenied</Code><Message>Expired</Message></Error>"
            )
        return answer(request)

    monkeypatch.setattr(wire, "handler", refuse_uploads)
    with pytest.raises(ForbiddenError, match="AccessDenied"):
        api.call("submit_feed", **SUBMIT)
    assert len(wire.uploads) == 1
    assert [(r.method, r.url.path) for r in wire.requests] == [("POST", DOCUMENTS)]
