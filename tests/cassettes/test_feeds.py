"""Feed actions against recorded sandbox exchanges: each returns the sandbox example, typed."""

from __future__ import annotations

import datetime

import pytest
from selling_partner_api.feeds_2021_06_30.models import (
    CreateFeedDocumentResponse,
    CreateFeedResponse,
    Feed,
    FeedDocument,
    FeedProcessingStatus,
    GetFeedsResponse,
)

# Replays may not open a socket; recording (any other record mode) may.
pytestmark = [pytest.mark.vcr, pytest.mark.block_network]

TOKEN = "POST /auth/o2/token"
CREATED = datetime.datetime(2024, 3, 11, 13, 16, 24, 630000, tzinfo=datetime.UTC)


def test_create_feed_document(api):
    """Create Feed Document returns the document id and an absolute upload URL."""
    result = api.call("create_feed_document", content_type="text/tab-separated-values; charset=UTF-8")

    assert isinstance(result, CreateFeedDocumentResponse)
    assert result.feed_document_id == "3d4e42b5-1d6e-44e8-a89c-2abfca0625bb"
    assert result.url.startswith(("http://", "https://"))
    assert api.exchanges() == [TOKEN, "POST /feeds/2021-06-30/documents"]


def test_create_feed(api):
    """Create Feed sends the feed type, marketplaces and document id, and returns the new feed's id."""
    result = api.call(
        "create_feed",
        feed_type="POST_PRODUCT_DATA",
        marketplace_ids=["ATVPDKIKX0DER", "A1F83G8C2ARO7P"],
        input_feed_document_id="3d4e42b5-1d6e-44e8-a89c-2abfca0625bb",
    )

    assert isinstance(result, CreateFeedResponse)
    assert result.feed_id == "3485934"
    assert api.statuses() == [200, 202]


def test_get_feed(api):
    """Get Feed returns the feed with its status as an enum and its times as aware datetimes."""
    result = api.call("get_feed", feed_id="feedId1")

    assert isinstance(result, Feed)
    assert result.feed_id == "FeedId1"
    assert result.processing_status is FeedProcessingStatus.CANCELLED
    assert result.created_time == CREATED


def test_list_feeds(api):
    """List Feeds returns one page of typed feeds and the token of the next page."""
    page = api.call(
        "list_feeds",
        feed_types=["POST_PRODUCT_DATA"],
        page_size=10,
        processing_statuses=["CANCELLED", "DONE"],
    )

    assert isinstance(page, GetFeedsResponse)
    assert [feed.feed_id for feed in page.feeds] == ["FeedId1"]
    assert page.feeds[0].processing_status is FeedProcessingStatus.CANCELLED
    assert page.next_token == "VGhpcyB0b2tlbiBpcyBvcGFxdWUgYW5kIGludGVudGlvbmFsbHkgb2JmdXNjYXRlZA=="


def test_cancel_feed(api):
    """Cancel Feed returns None once the sandbox accepts the cancellation."""
    result = api.call("cancel_feed", feed_id="ID1")

    assert result is None
    assert api.exchanges() == [TOKEN, "DELETE /feeds/2021-06-30/feeds/ID1"]
    assert api.statuses() == [200, 200]


def test_get_feed_document(api):
    """Get Feed Document returns the document id and an absolute download URL."""
    result = api.call("get_feed_document", feed_document_id="0356cf79-b8b0-4226-b4b9-0ee058ea5760")

    assert isinstance(result, FeedDocument)
    assert result.feed_document_id == "0356cf79-b8b0-4226-b4b9-0ee058ea5760"
    assert result.url.startswith(("http://", "https://"))
