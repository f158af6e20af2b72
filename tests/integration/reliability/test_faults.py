"""The fault matrix against a real local server: every fault, idempotent and state-changing operations.

Requests are built by the generated modules (``request_kwargs``) and sent through the client's transport
stack over real sockets; the fake server counts what it received, so "sent exactly once" is checked where
it matters, on the server.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from seller_central import errors
from seller_central.aiohttp_transport import AiohttpTransport
from seller_central.backends.memory import MemoryBackend
from seller_central.connection import OAuthConnection
from seller_central.retry import RetryPolicy
from seller_central.transport import build_async_transport, build_transport
from selling_partner_api.feeds_2021_06_30.api import create_feed, get_feed
from selling_partner_api.feeds_2021_06_30.models import CreateFeedResponse, Feed
from selling_partner_api.merchant_fulfillment_v0.api import create_shipment

from tests.integration.reliability.conftest import free_port
from tests.integration.reliability.fake_spapi import FakeSpApi

FEED_PATH = "/feeds/2021-06-30/feeds"
TIMEOUT = httpx.Timeout(5.0, read=0.3)  # the "stall" fault outlasts the read timeout
FAULTS = ["429", "500", "503", "reset", "stall", "truncate", "garbage"]
AMBIGUOUS_FAULTS = [f for f in FAULTS if f != "429"]

SHIPMENT = {
    "ShipmentRequestDetails": {
        "AmazonOrderId": "902-3159896-1390916",
        "ItemList": [{"OrderItemId": "1", "Quantity": 1}],
        "ShipFromAddress": {
            "Name": "A",
            "AddressLine1": "1 St",
            "City": "X",
            "PostalCode": "1",
            "CountryCode": "US",
        },
        "PackageDimensions": {"Length": 1, "Width": 1, "Height": 1, "Unit": "inches"},
        "Weight": {"Value": 1, "Unit": "oz"},
        "ShippingServiceOptions": {"DeliveryExperience": "NoTracking", "CarrierWillPickUp": False},
    },
    "ShippingServiceId": "UPS_PTP_GND",
}


def feed_spec() -> dict[str, Any]:
    return {
        "feedType": "POST_PRODUCT_DATA",
        "marketplaceIds": ["ATVPDKIKX0DER"],
        "inputFeedDocumentId": "doc-1",
    }


class Sleeps:
    """Records the retry layer's waits instead of sleeping; can run a hook on the first one."""

    def __init__(self, on_first=None) -> None:
        self.seconds: list[float] = []
        self.on_first = on_first

    def __call__(self, seconds: float) -> None:
        if not self.seconds and self.on_first is not None:
            self.on_first()
        self.seconds.append(seconds)

    async def async_call(self, seconds: float) -> None:
        self(seconds)


@pytest.fixture(params=["sync", "async", "async-aiohttp"])
def call(request):
    """Send one generated request through the real stack: httpx.Client, or httpx.AsyncClient over httpx's own
    transport or over aiohttp's (the async client's default when aiohttp is installed)."""
    mode = request.param

    def go(
        base_url: str, kwargs: dict[str, Any], *, sleeps: Sleeps | None = None, retry=None
    ) -> httpx.Response:
        sleeps = sleeps or Sleeps()
        connection = OAuthConnection(
            client_id="app", client_secret="shh", refresh_token="r", endpoint=base_url
        )
        options = {
            "connection": connection,
            "backend": MemoryBackend(),
            "retry": retry or RetryPolicy(jitter=0.0),
            "rate_limit": True,
        }
        if mode == "sync":
            transport = build_transport(**options, sleep=sleeps)
            with httpx.Client(base_url=base_url, transport=transport, timeout=TIMEOUT) as client:
                return client.request(**kwargs)

        async def run() -> httpx.Response:
            inner = AiohttpTransport() if mode == "async-aiohttp" else None
            transport = build_async_transport(**options, inner=inner, sleep=sleeps.async_call)
            async with httpx.AsyncClient(base_url=base_url, transport=transport, timeout=TIMEOUT) as client:
                return await client.request(**kwargs)

        return asyncio.run(run())

    return go


@pytest.mark.parametrize("fault", FAULTS)
def test_an_idempotent_operation_completes_through_two_faults(fake, call, fault):
    """getFeed hit by the same fault twice is received three times and returns the feed."""
    fake.fault(FEED_PATH, fault, fault)

    response = call(fake.base_url, get_feed.request_kwargs(feed_id="F1"))

    assert isinstance(get_feed.parse_response(response), Feed)
    assert fake.count("GET", FEED_PATH) == 3


def test_a_throttled_state_changing_operation_is_retried_and_applied_once(fake, call):
    """createFeed refused with 429 is sent again; the server applies it exactly once."""
    fake.fault(FEED_PATH, "429")

    response = call(fake.base_url, create_feed.request_kwargs(body=feed_spec()))

    assert isinstance(create_feed.parse_response(response), CreateFeedResponse)
    assert fake.statuses(FEED_PATH) == [429, 202]


@pytest.mark.parametrize("fault", AMBIGUOUS_FAULTS)
@pytest.mark.parametrize(
    ("path", "kwargs"),
    [
        (FEED_PATH, lambda: create_feed.request_kwargs(body=feed_spec())),
        ("/mfn/v0/shipments", lambda: create_shipment.request_kwargs(body=SHIPMENT)),
    ],
    ids=["createFeed", "createShipment"],
)
def test_a_state_changing_operation_is_sent_once_and_reported_ambiguous(fake, call, fault, path, kwargs):
    """createFeed and createShipment hit by a fault after sending are not sent again, and say so."""
    fake.fault(path, fault)

    with pytest.raises(errors.AmbiguousResultError, match="may or may not have been applied"):
        call(fake.base_url, kwargs())

    assert fake.count("POST", path) == 1


def test_retry_ambiguous_lets_the_caller_retry_a_state_changing_operation(fake, call):
    """With retry_ambiguous, a createFeed reset after sending is sent again: the caller accepts duplicates."""
    fake.fault(FEED_PATH, "reset")

    response = call(
        fake.base_url, create_feed.request_kwargs(body=feed_spec()), retry=RetryPolicy(retry_ambiguous=True)
    )

    assert response.status_code == 202
    assert fake.count("POST", FEED_PATH) == 2


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("GET", lambda: get_feed.request_kwargs(feed_id="F1")),
        ("POST", lambda: create_feed.request_kwargs(body=feed_spec())),
    ],
    ids=["getFeed", "createFeed"],
)
def test_a_connection_refused_before_sending_is_retried_for_every_operation(call, method, kwargs):
    """When the first connection is refused, the request never left: even createFeed is sent again, once."""
    port = free_port()
    server = FakeSpApi(port=port)
    sleeps = Sleeps(on_first=server.start)  # the server comes up while the client backs off
    try:
        response = call(f"http://127.0.0.1:{port}", kwargs(), sleeps=sleeps)
    finally:
        server.stop()

    assert response.is_success
    assert server.count(method, FEED_PATH) == 1
    assert len(sleeps.seconds) == 1


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("GET", lambda: get_feed.request_kwargs(feed_id="F1")),
        ("POST", lambda: create_feed.request_kwargs(body=feed_spec())),
    ],
    ids=["getFeed", "createFeed"],
)
def test_an_expired_token_is_handed_back_once_for_the_auth_layer(fake, call, method, kwargs):
    """The retry layer does not resend a 403 for an expired token: the auth layer refreshes and resends."""
    fake.fault(FEED_PATH, "expired")

    response = call(fake.base_url, kwargs())

    assert response.status_code == 403
    assert "expired" in response.json()["errors"][0]["details"]
    assert fake.count(method, FEED_PATH) == 1


class TestNothingIsDropped:
    def test_a_persistent_5xx_is_handed_back_after_the_last_attempt(self, fake, call):
        """getFeed answered 503 five times returns the 503, which the client turns into ServerError."""
        fake.fault(FEED_PATH, *["503"] * 5)

        response = call(fake.base_url, get_feed.request_kwargs(feed_id="F1"))

        assert response.status_code == 503
        assert isinstance(errors.api_error_from_response(response), errors.UnexpectedResponseError)
        assert fake.count("GET", FEED_PATH) == 5

    def test_a_persistent_non_json_success_is_handed_back(self, fake, call):
        """A 200 that is never JSON reaches the caller as it is, so the client can raise on it."""
        fake.fault(FEED_PATH, *["garbage"] * 5)

        response = call(fake.base_url, get_feed.request_kwargs(feed_id="F1"))

        assert "Maintenance" in response.text
        with pytest.raises(ValueError, match="Expecting value"):
            get_feed.parse_response(response)

    @pytest.mark.parametrize(
        ("fault", "expected"),
        [
            ("reset", errors.NetworkError),
            ("stall", errors.RequestTimeoutError),
            ("truncate", errors.NetworkError),
        ],
    )
    def test_a_persistent_network_failure_raises_our_error(self, fake, call, fault, expected):
        """getFeed failing five times raises seller-central's error, chained to httpx's."""
        fake.fault(FEED_PATH, *[fault] * 5)

        with pytest.raises(expected) as caught:
            call(fake.base_url, get_feed.request_kwargs(feed_id="F1"))

        assert isinstance(caught.value.__cause__, httpx.TransportError)
        assert fake.count("GET", FEED_PATH) == 5

    def test_a_persistent_429_is_handed_back_when_the_budget_runs_out(self, fake, call):
        """getFeed throttled on every attempt returns the last 429, for the client to raise ThrottledError."""
        fake.fault(FEED_PATH, *["429"] * 5)

        response = call(fake.base_url, get_feed.request_kwargs(feed_id="F1"))

        assert response.status_code == 429
        assert isinstance(errors.api_error_from_response(response), errors.ThrottledError)
        assert fake.count("GET", FEED_PATH) == 5
