"""Answers the model does not document are errors, never ``None`` taken for success.

A redirect, a success status the operation does not list, a documented success without its JSON body
(``null``, empty, not JSON): each raises ``UnexpectedResponseError`` with status, request id, operation and a
redacted body excerpt; for a state-changing operation an ``AmbiguousResponseError`` (also an
``AmbiguousResultError``) that says the request may have been applied, and is not sent again. Redirects are
never followed, so the access token never travels to the ``Location`` host.
"""

from __future__ import annotations

import httpx
import pytest
from seller_central import errors

from tests.facade.actions.conftest import RDT_PATH, Api, Wire, oauth_connection

ORDER = "/orders/v0/orders/902-3159896-1390916"
FEEDS = "/feeds/2021-06-30/feeds"
CREATE_FEED = {
    "feed_type": "JSON_LISTINGS_FEED",
    "marketplace_ids": ["ATVPDKIKX0DER"],
    "input_feed_document_id": "d",
}
EVIL = "https://evil.example/collect"


class RecordingWire(Wire):
    """The actions' fake SP-API, also recording every host any request went to."""

    def __init__(self) -> None:
        super().__init__()
        self.hosts: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        if request.url.host == "evil.example":
            return httpx.Response(200, json={"payload": {"AmazonOrderId": "stolen"}})
        return super().handler(request)


@pytest.fixture
def wire() -> RecordingWire:
    return RecordingWire()


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, wire: RecordingWire) -> Api:
    return Api(request.param, wire, oauth_connection())


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_raises_and_is_not_followed(api, wire, status):
    """A 3xx to a read raises UnexpectedResponseError naming the redirect; nothing goes to its host."""
    wire.route("GET", ORDER, httpx.Response(status, headers={"Location": EVIL, "x-amzn-RequestId": "rid-3"}))

    with pytest.raises(errors.UnexpectedResponseError) as caught:
        api.call("get_order", order_id="902-3159896-1390916")

    error = caught.value
    assert not isinstance(error, errors.AmbiguousResultError)  # a read changes nothing
    assert (error.status_code, error.request_id, error.operation) == (status, "rid-3", "orders_v0.getOrder")
    assert "redirect to evil.example" in str(error)
    assert "evil.example" not in wire.hosts
    assert len(wire.requests) == 1


def test_a_null_body_to_a_read_raises(api, wire):
    """A documented 200 whose JSON body is null is not an order."""
    wire.route("GET", ORDER, httpx.Response(200, content=b"null", headers={"x-amzn-RequestId": "rid-4"}))

    with pytest.raises(errors.UnexpectedResponseError, match="null body") as caught:
        api.call("get_order", order_id="902-3159896-1390916")

    assert caught.value.request_id == "rid-4"


def test_an_empty_body_where_one_is_documented_raises(api, wire):
    """A 200 with no body at all, where getOrder documents one, raises too."""
    wire.route("GET", ORDER, httpx.Response(200))

    with pytest.raises(errors.UnexpectedResponseError, match="empty body"):
        api.call("get_order", order_id="902-3159896-1390916")


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b"null"),
        httpx.Response(204),
        httpx.Response(200, json={"payload": {"feedId": "F1"}}),  # createFeed documents only 202
        httpx.Response(302, headers={"Location": EVIL}),
        httpx.Response(202, content=b'{"feedId": "F'),  # cut short
    ],
    ids=["200-null", "204", "undocumented-200", "302", "truncated"],
)
def test_an_unclear_answer_to_create_feed_is_ambiguous_and_not_resent(api, wire, response):
    """createFeed may have created the feed: the error says so, and the request is sent once."""
    wire.route("POST", FEEDS, response)

    with pytest.raises(errors.AmbiguousResponseError) as caught:
        api.call("create_feed", **CREATE_FEED)

    error = caught.value
    assert isinstance(error, errors.UnexpectedResponseError)
    assert isinstance(error, errors.AmbiguousResultError)
    assert error.operation == "feeds_2021_06_30.createFeed"
    assert error.status_code == response.status_code
    assert "may or may not have been applied" in str(error)
    assert len(wire.requests) == 1
    assert "evil.example" not in wire.hosts


def test_a_redirect_from_the_rdt_endpoint_raises_and_is_not_followed(api, wire):
    """A Restricted Data Token request answered with a redirect fails typed; the seller token stays home."""
    original = wire.handler

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == RDT_PATH:
            wire.hosts.append(request.url.host)
            return httpx.Response(307, headers={"Location": EVIL})
        return original(request)

    wire.handler = handler  # type: ignore[method-assign]

    with pytest.raises(errors.UnexpectedResponseError) as caught:
        api.call("get_order_address", order_id="902-3159896-1390916")

    assert caught.value.operation == "tokens_2021_03_01.createRestrictedDataToken"
    assert caught.value.status_code == 307
    assert "evil.example" not in wire.hosts


def test_raw_request_refuses_a_redirect_and_a_null_body(api, wire):
    """Raw Request: a redirect raises (also on a path no operation owns), and so does a JSON null."""
    wire.route("GET", "/unknown/thing", httpx.Response(302, headers={"Location": EVIL}))
    wire.route("GET", ORDER, httpx.Response(200, content=b"null"))

    with pytest.raises(errors.UnexpectedResponseError, match="redirect"):
        api.call("raw_request", url="/unknown/thing", method="GET")
    with pytest.raises(errors.UnexpectedResponseError, match="null body"):
        api.call("raw_request", url=ORDER, method="GET")
    assert "evil.example" not in wire.hosts


def test_raw_request_refuses_an_undocumented_status_of_a_known_operation(api, wire):
    """A raw POST to createFeed answered 200 (it documents 202) may have created the feed: ambiguous."""
    wire.route("POST", FEEDS, httpx.Response(200, json={"feedId": "F1"}))

    with pytest.raises(errors.AmbiguousResponseError):
        api.call("raw_request", url=FEEDS, method="POST", data={"feedType": "X"})
