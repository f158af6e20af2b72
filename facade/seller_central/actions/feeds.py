"""Feeds: the connector spec's feed actions (Feeds 2021-06-30), and the document steps around them.

Sending a feed takes three calls: createFeedDocument hands out a presigned URL, the content is PUT to that
URL (an S3 upload that carries no SP-API token), and createFeed points Amazon at the document. Amazon then
processes the feed (getFeed: IN_QUEUE, IN_PROGRESS, then DONE, FATAL or CANCELLED) and writes a processing
report, itself a feed document. The connector spec covers the five calls and List Feeds; the document
workflow (``upload_feed_document``, ``download_feed_document``, ``submit_feed``) lives in
:mod:`seller_central.actions.feed_documents`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, NotRequired, TypedDict

from selling_partner_api.feeds_2021_06_30.api import cancel_feed as cancel_feed_op
from selling_partner_api.feeds_2021_06_30.api import create_feed as create_feed_op
from selling_partner_api.feeds_2021_06_30.api import create_feed_document as create_feed_document_op
from selling_partner_api.feeds_2021_06_30.api import get_feed as get_feed_op
from selling_partner_api.feeds_2021_06_30.api import get_feed_document as get_feed_document_op
from selling_partner_api.feeds_2021_06_30.api import get_feeds as get_feeds_op
from selling_partner_api.feeds_2021_06_30.models import GetFeedsProcessingStatusesItem

from seller_central import validation
from seller_central.actions._inputs import NEXT_TOKEN, DateTime, Values, marketplace_ids
from seller_central.actions._spec import Input, action
from seller_central.calls import Call, Context, Pages
from seller_central.errors import InvalidInputError
from seller_central.pagination import Cursor

if TYPE_CHECKING:
    from selling_partner_api.feeds_2021_06_30.models import (
        CreateFeedDocumentResponse,
        CreateFeedResponse,
        Feed,
        FeedDocument,
        GetFeedsResponse,
    )

__all__ = [
    "CURSORS",
    "PROCESSING_STATUSES",
    "CreateFeedDocumentInputs",
    "CreateFeedInputs",
    "FeedIdInputs",
    "GetFeedDocumentInputs",
    "ListFeedsInputs",
    "cancel_feed",
    "create_feed",
    "create_feed_document",
    "feed_body",
    "get_feed",
    "get_feed_document",
    "list_feeds",
]


#: The model's FeedProcessingStatus values (getFeeds' processingStatuses enum).
PROCESSING_STATUSES = tuple(status.value for status in GetFeedsProcessingStatusesItem)

# -- inputs --------------------------------------------------------------------------------------------------

FEED_ID = Input("Feed Id", "The feed's identifier (unique only together with the seller's id).")
FEED_TYPE = Input(
    "Feed Type",
    "The feed type, e.g. JSON_LISTINGS_FEED (Amazon retired the XML and flat-file listings feeds in 2025).",
)
CREATE_MARKETPLACES = marketplace_ids("The marketplaces the feed applies to (1 to 25).")
INPUT_DOCUMENT = Input(
    "Input Feed Document Id", "The feedDocumentId from Create Feed Document, once the content is uploaded."
)
FEED_OPTIONS = Input(
    "Feed Options",
    'Options some feed types take: a JSON object of text values, e.g. {"UnitOfMeasure": "LB"}.',
)
CONTENT_TYPE = Input(
    "Content Type",
    "The feed content's MIME type, e.g. application/json; charset=UTF-8. The upload must send the same.",
)
FEED_DOCUMENT_ID = Input(
    "Feed Document Id", "The document's identifier: an input document, or a feed's resultFeedDocumentId."
)
CONTENT_ENCODING = Input(
    "Enable Content Encoding URL Header",
    "True: the URL serves a GZIP document with Content-Encoding: gzip, so HTTP clients inflate it.",
)
FEED_TYPES = Input("Feed Types", "Only feeds of these types (1 to 10). This or Next Token is required.")
LIST_MARKETPLACES = marketplace_ids("Only feeds for these marketplaces (1 to 10).")
PAGE_SIZE = Input("Page Size", "Feeds per page, 1 to 100 (not sent with Next Token).", default=10)
STATUSES = Input("Processing Statuses", "Only feeds in these processing states.", choices=PROCESSING_STATUSES)
# The connector spec hard-codes 2024-12-19 and 2025-03-19 here. Amazon keeps feeds for 90 days, so fixed
# dates soon match nothing; left unset, getFeeds applies now minus 90 days and now.
CREATED_SINCE = Input(
    "Created Since",
    "Only feeds created at or after this time (ISO 8601). Unset: 90 days ago, as long as Amazon keeps feeds.",
    default_doc="unset (the server uses now minus 90 days)",
)
CREATED_UNTIL = Input(
    "Created Until",
    "Only feeds created at or before this time (ISO 8601). Unset: now.",
    default_doc="unset (the server uses now)",
)
LIST_NEXT_TOKEN = Input(
    "Next Token", "The previous page's nextToken. SP-API takes it alone, so no filter may come with it."
)

#: How List Feeds finds its next page: top-level ``nextToken``, sent alone (getFeeds rejects it with filters).
CURSORS = {
    "list_feeds": Cursor(token=("next_token",), argument="next_token", items=("feeds",), alone=True),
}


# -- one feed ------------------------------------------------------------------------------------------------


class FeedIdInputs(TypedDict):
    """Inputs of Get Feed and Cancel Feed."""

    feed_id: Annotated[str, FEED_ID]


@action(
    "Cancel Feed",
    group="feeds",
    command="cancel",
    operation=cancel_feed_op,
    inputs=FeedIdInputs,
    doc="Cancel Feed (Feeds 2021-06-30 cancelFeed).",
)
def cancel_feed(_ctx: Context, inputs: Mapping[str, Any]) -> Call[None]:
    """Cancel a feed that Amazon has not started processing (Feeds 2021-06-30 cancelFeed)."""
    feed_id = validation.string(inputs["feed_id"], label=FEED_ID.label).strip()
    return Call(arguments={"feed_id": feed_id})


@action(
    "Get Feed",
    group="feeds",
    command="get",
    operation=get_feed_op,
    inputs=FeedIdInputs,
    doc="Get Feed (Feeds 2021-06-30 getFeed).",
)
def get_feed(_ctx: Context, inputs: Mapping[str, Any]) -> Call[Feed]:
    """Return a feed's details, with its processing status and report id (Feeds 2021-06-30 getFeed)."""
    feed_id = validation.string(inputs["feed_id"], label=FEED_ID.label).strip()
    return Call(arguments={"feed_id": feed_id})


# -- Create Feed ---------------------------------------------------------------------------------------------


class CreateFeedInputs(TypedDict):
    """Inputs of Create Feed (Feeds 2021-06-30 createFeed)."""

    feed_type: Annotated[str, FEED_TYPE]
    marketplace_ids: Annotated[Values, CREATE_MARKETPLACES]
    input_feed_document_id: Annotated[str, INPUT_DOCUMENT]
    feed_options: NotRequired[Annotated[Mapping[str, str] | str, FEED_OPTIONS]]


def feed_body(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return createFeed's body without the document id: feed type, marketplaces and options, validated."""
    body: dict[str, Any] = {
        "feedType": validation.string(inputs["feed_type"], label=FEED_TYPE.label).strip(),
        "marketplaceIds": validation.marketplace_ids(
            inputs["marketplace_ids"], ctx, label=CREATE_MARKETPLACES.label, max_items=25
        ),
    }
    if inputs.get("feed_options") is not None:
        body["feedOptions"] = validation.string_map(inputs["feed_options"], label=FEED_OPTIONS.label)
    return body


@action(
    "Create Feed",
    group="feeds",
    command="create",
    operation=create_feed_op,
    inputs=CreateFeedInputs,
    doc="Create Feed (Feeds 2021-06-30 createFeed); upload the document first.",
)
def create_feed(ctx: Context, inputs: Mapping[str, Any]) -> Call[CreateFeedResponse]:
    """Ask Amazon to process an uploaded feed document (Feeds 2021-06-30 createFeed; returns the feed id)."""
    body = feed_body(ctx, inputs)
    body["inputFeedDocumentId"] = validation.string(
        inputs["input_feed_document_id"], label=INPUT_DOCUMENT.label
    ).strip()
    return Call(arguments={"body": body})


# -- feed documents ------------------------------------------------------------------------------------------


class CreateFeedDocumentInputs(TypedDict):
    """Inputs of Create Feed Document (Feeds 2021-06-30 createFeedDocument)."""

    content_type: Annotated[str, CONTENT_TYPE]


@action(
    "Create Feed Document",
    group="feeds",
    command="create-document",
    operation=create_feed_document_op,
    inputs=CreateFeedDocumentInputs,
    doc="Create Feed Document (Feeds 2021-06-30 createFeedDocument): an id and an upload URL.",
)
def create_feed_document(_ctx: Context, inputs: Mapping[str, Any]) -> Call[CreateFeedDocumentResponse]:
    """Reserve a feed document and its presigned upload URL (Feeds 2021-06-30 createFeedDocument)."""
    content_type = validation.content_type(inputs["content_type"], label=CONTENT_TYPE.label)
    return Call(arguments={"body": {"contentType": content_type}})


class GetFeedDocumentInputs(TypedDict):
    """Inputs of Get Feed Document (Feeds 2021-06-30 getFeedDocument)."""

    feed_document_id: Annotated[str, FEED_DOCUMENT_ID]
    enable_content_encoding_url_header: NotRequired[Annotated[bool, CONTENT_ENCODING]]


def _feed_document_arguments(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return getFeedDocument's arguments from the Get Feed Document inputs."""
    args: dict[str, Any] = {
        "feed_document_id": validation.string(
            inputs["feed_document_id"], label=FEED_DOCUMENT_ID.label
        ).strip()
    }
    if inputs.get("enable_content_encoding_url_header") is not None:
        args["enable_content_encoding_url_header"] = validation.boolean(
            inputs["enable_content_encoding_url_header"], label=CONTENT_ENCODING.label
        )
    return args


@action(
    "Get Feed Document",
    group="feeds",
    command="get-document",
    operation=get_feed_document_op,
    inputs=GetFeedDocumentInputs,
    doc="Get Feed Document (Feeds 2021-06-30 getFeedDocument): a download URL and its compression.",
)
def get_feed_document(_ctx: Context, inputs: Mapping[str, Any]) -> Call[FeedDocument]:
    """Return a feed document's download URL and compression (Feeds 2021-06-30 getFeedDocument)."""
    return Call(arguments=_feed_document_arguments(inputs))


# -- List Feeds ----------------------------------------------------------------------------------------------


class ListFeedsInputs(TypedDict):
    """Inputs of List Feeds (Feeds 2021-06-30 getFeeds)."""

    feed_types: NotRequired[Annotated[Values, FEED_TYPES]]
    marketplace_ids: NotRequired[Annotated[Values, LIST_MARKETPLACES]]
    page_size: NotRequired[Annotated[int, PAGE_SIZE]]
    processing_statuses: NotRequired[Annotated[Values, STATUSES]]
    created_since: NotRequired[Annotated[DateTime, CREATED_SINCE]]
    created_until: NotRequired[Annotated[DateTime, CREATED_UNTIL]]
    next_token: NotRequired[Annotated[str, LIST_NEXT_TOKEN]]


#: The filters getFeeds refuses beside nextToken (Page Size has a default, so it is dropped instead).
_FILTERS = (
    ("feed_types", FEED_TYPES),
    ("marketplace_ids", LIST_MARKETPLACES),
    ("processing_statuses", STATUSES),
    ("created_since", CREATED_SINCE),
    ("created_until", CREATED_UNTIL),
)


def _list_arguments(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return getFeeds' arguments: the token alone, or Feed Types with the optional filters."""
    if "next_token" in inputs:
        given = [spec.label for key, spec in _FILTERS if key in inputs]
        if given:
            msg = f"{given[0]} cannot be combined with {NEXT_TOKEN.label}: getFeeds takes the token alone"
            raise InvalidInputError(msg, label=given[0])
        return {"next_token": validation.string(inputs["next_token"], label=NEXT_TOKEN.label)}
    if "feed_types" not in inputs:
        msg = f"{FEED_TYPES.label} or {NEXT_TOKEN.label} is required for List Feeds"
        raise InvalidInputError(msg, label=FEED_TYPES.label)
    args: dict[str, Any] = {
        "feed_types": validation.string_list(inputs["feed_types"], label=FEED_TYPES.label, max_items=10),
        "page_size": validation.integer(inputs["page_size"], label=PAGE_SIZE.label, minimum=1, maximum=100),
    }
    if "marketplace_ids" in inputs:
        args["marketplace_ids"] = validation.marketplace_ids(
            inputs["marketplace_ids"], ctx, label=LIST_MARKETPLACES.label, max_items=10
        )
    if "processing_statuses" in inputs:
        args["processing_statuses"] = validation.choices(
            inputs["processing_statuses"], label=STATUSES.label, allowed=STATUSES.choices
        )
    for key, spec in (("created_since", CREATED_SINCE), ("created_until", CREATED_UNTIL)):
        if key in inputs:
            args[key] = validation.date_time(inputs[key], ctx, label=spec.label)
    _check_window(args.get("created_since"), args.get("created_until"))
    return args


def _check_window(since: str | None, until: str | None) -> None:
    """Refuse Created Until before Created Since (sandbox test values that are not dates pass)."""
    if since is None or until is None:
        return
    try:
        start, end = datetime.datetime.fromisoformat(since), datetime.datetime.fromisoformat(until)
    except ValueError:
        return
    if end < start:
        msg = f"{CREATED_UNTIL.label} ({until}) is before {CREATED_SINCE.label} ({since})"
        raise InvalidInputError(msg, label=CREATED_UNTIL.label)


@action(
    "List Feeds",
    group="feeds",
    command="list",
    operation=get_feeds_op,
    inputs=ListFeedsInputs,
    doc="List Feeds: one page (Feeds 2021-06-30 getFeeds); pass its ``next_token`` alone for the next.",
    iterator="iter_feeds",
    iterator_doc="List Feeds across every page, yielding each feed once.",
)
def list_feeds(ctx: Context, inputs: Mapping[str, Any]) -> Pages[GetFeedsResponse, Feed]:
    """Return one page of feeds matching the filters (Feeds 2021-06-30 getFeeds)."""
    call: Call[GetFeedsResponse] = Call(arguments=_list_arguments(ctx, inputs))
    cursor = CURSORS["list_feeds"]
    return cursor.pages(call)
