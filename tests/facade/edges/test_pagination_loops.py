"""Issue 14, item 11: following page tokens ends, even when SP-API repeats a token (a server-side loop).

A fake getFeeds behind ``httpx.MockTransport`` answers each request from a script of next tokens. The fake
refuses (HTTP 400) after ``LIMIT`` requests, so a client that loops fails these tests instead of hanging.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import seller_central
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection
from seller_central.errors import InvalidInputError, PaginationError

ENDPOINT = "https://sellingpartnerapi-na.amazon.com"
TOKEN_URL = "https://api.amazon.com/auth/o2/token"
FEEDS = "/feeds/2021-06-30/feeds"
OPERATION = "feeds_2021_06_30.getFeeds"
LIMIT = 6  # below getFeeds' burst (10), so the limiter never makes a looping client wait


def feed(number: int) -> dict[str, Any]:
    return {
        "feedId": f"F{number}",
        "feedType": "POST_PRODUCT_DATA",
        "marketplaceIds": ["ATVPDKIKX0DER"],
        "createdTime": "2026-11-27T10:00:00Z",
        "processingStatus": "DONE",
    }


class Listing:
    """getFeeds whose n-th answer carries ``tokens[n]`` as nextToken (``None``: the last page)."""

    def __init__(self, tokens: Iterator[str | None]) -> None:
        self.tokens = tokens
        self.sent: list[str | None] = []  # the nextToken of each getFeeds request

    def handler(self, request: httpx.Request) -> httpx.Response:
        if str(request.url).startswith(TOKEN_URL):
            return httpx.Response(
                200, json={"access_token": "Atza|t", "token_type": "bearer", "expires_in": 3600}
            )
        assert request.url.path == FEEDS
        self.sent.append(parse_qs(request.url.query.decode()).get("nextToken", [None])[0])
        if len(self.sent) > LIMIT:
            return httpx.Response(400, json={"errors": [{"code": "InvalidInput", "message": "looped"}]})
        number = len(self.sent)
        body: dict[str, Any] = {"feeds": [feed(2 * number - 1), feed(2 * number)]}
        token = next(self.tokens)
        if token is not None:
            body["nextToken"] = token
        return httpx.Response(200, json=body)


def repeating(*tokens: str | None) -> Iterator[str | None]:
    """The given tokens, then the last one for ever."""
    yield from tokens
    while True:
        yield tokens[-1]


def endless() -> Iterator[str]:
    number = 1
    while True:
        number += 1
        yield f"token-{number}"


CONNECTION = OAuthConnection(
    client_id="amzn1.application-oa2-client.test",
    client_secret="test-client-secret",
    refresh_token="Atzr|test-refresh",
    endpoint=ENDPOINT,
    token_url=TOKEN_URL,
)
INPUTS: dict[str, Any] = {"feed_types": ["POST_PRODUCT_DATA"]}


def collect(mode: str, listing: Listing, method: str = "iter_feeds", **options: Any) -> tuple[list[str], Any]:
    """Drain ``method`` on the sync or async client; return the feed ids received and the error raised."""
    received: list[str] = []

    def ids(item: Any) -> str:
        return item.feed_id if hasattr(item, "feed_id") else ",".join(f.feed_id for f in item.items)

    if mode == "sync":
        with SellerCentral(CONNECTION, transport=httpx.MockTransport(listing.handler)) as client:
            try:
                for item in getattr(client, method)(**options):
                    received.append(ids(item))  # noqa: PERF401 (what arrived before an error counts)
            except Exception as exc:  # noqa: BLE001 (the test inspects it)
                return received, exc
        return received, None

    async def run() -> Any:
        async with AsyncSellerCentral(CONNECTION, transport=httpx.MockTransport(listing.handler)) as client:
            try:
                async for item in getattr(client, method)(**options):
                    received.append(ids(item))  # noqa: PERF401
            except Exception as exc:  # noqa: BLE001
                return exc
        return None

    return received, asyncio.run(run())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
def test_a_token_answered_with_itself_ends_with_pagination_error_after_its_items(mode):
    """Page 2 carries the token that asked for it: both pages' feeds are yielded, then PaginationError."""
    listing = Listing(repeating("t2"))

    received, error = collect(mode, listing, **INPUTS)

    assert received == ["F1", "F2", "F3", "F4"]
    assert listing.sent == [None, "t2"]
    assert isinstance(error, PaginationError)
    assert (error.operation, error.pages, error.cycle_length) == (OPERATION, 2, 1)
    assert error.token_digest == hashlib.sha256(b"t2").hexdigest()[:12]


@MODES
def test_a_cycle_through_earlier_tokens_is_detected(mode):
    """t2 -> t3 -> t4 -> t2 again: four pages out, then PaginationError naming a three-page loop."""
    listing = Listing(repeating("t2", "t3", "t4", "t2"))

    received, error = collect(mode, listing, **INPUTS)

    assert listing.sent == [None, "t2", "t3", "t4"]
    assert received == [f"F{n}" for n in range(1, 9)]
    assert isinstance(error, PaginationError)
    assert (error.pages, error.cycle_length) == (4, 3)


@MODES
def test_the_error_message_does_not_show_the_token(mode):
    """Page tokens are opaque and may encode the query: the message carries a digest, not the token."""
    listing = Listing(repeating("SECRET-LOOKING-TOKEN"))

    _received, error = collect(mode, listing, **INPUTS)

    assert isinstance(error, PaginationError)
    assert "SECRET-LOOKING-TOKEN" not in str(error)
    assert error.token_digest in str(error)


@MODES
def test_a_listing_started_from_a_token_that_comes_back_stops_after_one_page(mode):
    """Next Token given by the caller, and the first answer hands the same token back."""
    listing = Listing(repeating("given"))

    received, error = collect(mode, listing, next_token="given")

    assert (received, listing.sent) == (["F1", "F2"], ["given"])
    assert isinstance(error, PaginationError)
    assert (error.pages, error.cycle_length) == (1, 1)


@MODES
def test_max_pages_stops_quietly(mode, caplog):
    """max_pages=3 on an endless listing: three requests, six feeds, no error; the stop is logged."""
    listing = Listing(endless())

    with caplog.at_level(logging.INFO, logger="seller_central.pagination"):
        received, error = collect(mode, listing, max_pages=3, **INPUTS)

    assert error is None
    assert received == [f"F{n}" for n in range(1, 7)]
    assert len(listing.sent) == 3
    assert "stopped after 3 page(s)" in caplog.text


@MODES
def test_max_pages_larger_than_the_listing_changes_nothing(mode):
    """A two-page listing with max_pages=5 yields both pages."""
    listing = Listing(iter(["t2", None]))

    received, error = collect(mode, listing, max_pages=5, **INPUTS)

    assert (received, error, listing.sent) == (["F1", "F2", "F3", "F4"], None, [None, "t2"])


@MODES
def test_pages_takes_max_pages_and_detects_loops_too(mode):
    """client.action_pages(name, inputs, max_pages=...) (what the CLI uses) follows the same rules."""
    limited = Listing(endless())
    looping = Listing(repeating("t2"))

    pages, error = collect(mode, limited, "action_pages", name="list_feeds", inputs=INPUTS, max_pages=2)
    pages_looping, loop_error = collect(mode, looping, "action_pages", name="list_feeds", inputs=INPUTS)

    assert (pages, error) == (["F1,F2", "F3,F4"], None)
    assert pages_looping == ["F1,F2", "F3,F4"]
    assert isinstance(loop_error, PaginationError)


@pytest.mark.parametrize("bad", [0, -1, True, "2", 1.5])
@MODES
def test_a_bad_max_pages_is_refused_before_anything_is_sent(mode, bad):
    """max_pages must be a whole number of at least 1; the error names it and no request goes out."""
    listing = Listing(endless())

    def call(client: Any) -> None:
        client.iter_feeds(max_pages=bad, **INPUTS)  # refused when called, not when first iterated

    if mode == "sync":
        with (
            SellerCentral(CONNECTION, transport=httpx.MockTransport(listing.handler)) as client,
            pytest.raises(InvalidInputError) as caught,
        ):
            call(client)
    else:

        async def run() -> None:
            async with AsyncSellerCentral(
                CONNECTION, transport=httpx.MockTransport(listing.handler)
            ) as client:
                call(client)

        with pytest.raises(InvalidInputError) as caught:
            asyncio.run(run())

    assert caught.value.label == "Max Pages"
    assert listing.sent == []


def test_pagination_error_is_exported_and_part_of_the_hierarchy():
    """`from seller_central import PaginationError` works, and it is a SellerCentralError."""
    assert seller_central.PaginationError is PaginationError
    assert "PaginationError" in seller_central.__all__
    assert issubclass(PaginationError, seller_central.SellerCentralError)
