"""Tolerant reading: responses that break their model never raise and are written back unchanged."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import httpx
import selling_partner_api
from selling_partner_api.feeds_2021_06_30.api import get_feed
from selling_partner_api.feeds_2021_06_30.models import Feed, FeedProcessingStatus
from selling_partner_api.fulfillment_inbound_v0.models import BoxContentsSource
from selling_partner_api.shipping_v1.models import LabelSpecificationLabelStockSize
from selling_partner_api.shipping_v2.models import AccessPointType
from selling_partner_api.types import UNSET

ROOT = Path(selling_partner_api.__file__).parent

FEED = {
    "feedId": "FEED-1",
    "feedType": "POST_PRODUCT_DATA",
    "createdTime": "2024-03-01T10:00:00Z",
    "processingStatus": "DONE",
    "marketplaceIds": ["ATVPDKIKX0DER"],
}


def test_a_conforming_response_reads_into_typed_values():
    """Known enum values become members and date-times become aware datetimes."""
    feed = Feed.from_dict(FEED)

    assert feed.processing_status is FeedProcessingStatus.DONE
    assert feed.created_time == datetime.datetime(2024, 3, 1, 10, tzinfo=datetime.UTC)
    assert feed.to_dict() == FEED


def test_an_unknown_enum_value_is_kept_and_written_back():
    """A status the model does not list reads without error, says it is unknown, and round-trips."""
    data = {**FEED, "processingStatus": "ARCHIVED_LATER"}

    feed = Feed.from_dict(data)

    assert feed.processing_status == "ARCHIVED_LATER"
    assert isinstance(feed.processing_status, FeedProcessingStatus)
    assert not feed.processing_status.is_known
    assert FeedProcessingStatus.DONE.is_known
    assert feed.to_dict() == data


def test_a_missing_required_key_reads_as_unset_and_stays_missing():
    """A "required" key Amazon left out is UNSET after reading and absent after writing."""
    data = {key: value for key, value in FEED.items() if key not in ("feedId", "createdTime")}

    feed = Feed.from_dict(data)

    assert feed.feed_id is UNSET
    assert feed.created_time is UNSET
    assert feed.to_dict() == data


def test_a_malformed_date_time_is_kept_as_received():
    """A date-time that is not ISO 8601 stays the string it was and is written back as such."""
    data = {**FEED, "createdTime": "Friday, 1 March"}

    feed = Feed.from_dict(data)

    assert feed.created_time == "Friday, 1 March"
    assert feed.to_dict() == data


def test_undeclared_keys_and_nulls_are_kept():
    """Keys the model does not declare, and explicit nulls, survive a round trip."""
    data = {**FEED, "resultFeedDocumentId": None, "brandNewField": {"nested": [1, 2]}}

    feed = Feed.from_dict(data)

    assert feed["brandNewField"] == {"nested": [1, 2]}
    assert feed.result_feed_document_id is None
    assert feed.to_dict() == data


def test_a_response_breaking_its_model_parses_through_the_operation():
    """get_feed's parse_response reads a 200 with an unknown status and a missing key without raising."""
    data = {"feedId": "FEED-2", "processingStatus": "NEW_STATE"}

    feed = get_feed.parse_response(httpx.Response(200, json=data))

    assert isinstance(feed, Feed)
    assert feed.processing_status == "NEW_STATE"
    assert feed.to_dict() == data


def test_a_non_json_error_body_parses_to_none():
    """A documented error status with an HTML body (a proxy page) gives None instead of raising."""
    page = httpx.Response(503, text="<html>Service Unavailable</html>")

    assert get_feed.parse_response(page) is None


def test_digit_leading_enum_values_get_readable_names():
    """2D_BARCODE, 4x6 and 3P are spelled out instead of becoming VALUE_n members."""
    assert BoxContentsSource.TWO_D_BARCODE == "2D_BARCODE"
    assert LabelSpecificationLabelStockSize.FOUR_X6 == "4x6"
    assert AccessPointType.THREE_P == "3P"


def test_no_enum_member_anywhere_is_named_value_n():
    """No generated enum falls back to positional VALUE_<n> names."""
    positional = re.compile(r"^    VALUE_\d+ = ", re.MULTILINE)

    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("*/models/*.py"))
        if positional.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
