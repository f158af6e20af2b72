"""Property (issue 14, acceptance): arbitrary text in any text input either reaches the wire on its own path
segments or is refused with InvalidInputError; no other exception escapes.

For every action and every one of its text inputs (free text, ids, date-time text, lists of text) hypothesis
feeds arbitrary strings (and lists of them) while the other inputs keep valid values. The fake SP-API behind
``httpx.MockTransport`` answers LWA and Restricted Data Token requests and stops the call at its first other
request by raising ``_Captured`` (a ``BaseException``, so no layer mistakes it for a transport failure); the
test then checks that request's path against the operation's template: the same number of segments, the
same literal segments, and the fuzzed value as one whole segment where it is a path parameter.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seller_central import actions, operations
from seller_central.client import SellerCentral
from seller_central.errors import InvalidInputError

from tests.facade.actions.conftest import ENDPOINT, RDT_PATH, TOKEN_URL, oauth_connection

HOST = httpx.URL(ENDPOINT).host
US = "ATVPDKIKX0DER"
ORDER = "902-3159896-1390916"
UPLOAD = "https://tortuga-prod-na.s3.amazonaws.com/doc?X-Amz-Signature=abc"
ADDRESS = {
    "Name": "John Doe",
    "AddressLine1": "300 Turnbull Ave",
    "City": "Detroit",
    "PostalCode": "48123",
    "CountryCode": "US",
    "Email": "jdoe@example.com",
    "Phone": "7132341234",
}
PACKAGE: dict[str, Any] = {
    "amazon_order_id": "903-5563053-5647845",
    "item_list": [{"OrderItemId": "52986411826454", "Quantity": 1}],
    "ship_from_address": ADDRESS,
    "package_dimensions": {"Length": 10, "Width": 10, "Height": 10, "Unit": "inches"},
    "weight": {"Value": 10, "Unit": "oz"},
    "shipping_service_options": {"DeliveryExperience": "NoTracking", "CarrierWillPickUp": False},
}
LISTING = {"seller_id": "A3SELLER", "sku": "SKU-1", "marketplace_ids": US}
PATCH = {"op": "replace", "path": "/attributes/item_name", "value": [{"value": "x"}]}

#: Valid values for each action's required inputs (and a few optional ones the fuzz replaces).
BASE: dict[str, dict[str, Any]] = {
    "list_orders": {"marketplace_ids": US, "created_after": "2026-01-01T00:00:00Z"},
    "get_order": {"order_id": ORDER},
    "get_order_address": {"order_id": ORDER},
    "get_order_buyer_info": {"order_id": ORDER},
    "get_order_items": {"order_id": ORDER},
    "get_order_items_buyer_info": {"order_id": ORDER},
    "confirm_order_shipment": {
        "order_id": ORDER,
        "marketplace_id": US,
        "package_reference_id": "1",
        "carrier_code": "FedEx",
        "tracking_number": "1Z999",
        "ship_date": "2026-01-01T00:00:00Z",
        "order_items": [{"orderItemId": "79039765272157", "quantity": 1}],
    },
    "search_orders": {"created_after": "2026-01-01T00:00:00Z", "marketplace_ids": US},
    "get_order_details": {"order_id": ORDER},
    "cancel_feed": {"feed_id": "50001"},
    "get_feed": {"feed_id": "50001"},
    "create_feed": {
        "feed_type": "POST_PRODUCT_DATA",
        "marketplace_ids": US,
        "input_feed_document_id": "doc-1",
    },
    "create_feed_document": {"content_type": "text/xml; charset=UTF-8"},
    "get_feed_document": {"feed_document_id": "doc-1"},
    "list_feeds": {"feed_types": "POST_PRODUCT_DATA"},
    "upload_feed_document": {"url": UPLOAD, "content_type": "text/xml; charset=UTF-8", "data": "<x/>"},
    "download_feed_document": {"feed_document_id": "doc-1"},
    "submit_feed": {
        "feed_type": "POST_PRODUCT_DATA",
        "marketplace_ids": US,
        "content": "<x/>",
        "content_type": "text/xml; charset=UTF-8",
    },
    "raw_request": {"url": "/orders/v0/orders", "method": "GET"},
    "create_listings_item": {
        **LISTING,
        "product_type": "PRODUCT",
        "attributes": {"item_name": [{"value": "x"}]},
    },
    "get_listings_item": LISTING,
    "update_listings_item": {**LISTING, "product_type": "PRODUCT", "patches": [PATCH]},
    "delete_listings_item": LISTING,
    "get_catalog_item": {"asin": "B07N4M94X4", "marketplace_ids": US},
    "search_catalog_item": {"marketplace_ids": US, "keywords": "tv"},
    "create_destination": {"name": "orders", "arn": "arn:aws:sqs:us-east-2:444455556666:queue1"},
    "get_destination": {"destination_id": "dest-1"},
    "delete_destination": {"destination_id": "dest-1"},
    "list_destinations": {},
    "create_subscription": {
        "notification_type": "ANY_OFFER_CHANGED",
        "payload_version": "1.0",
        "destination_id": "dest-1",
    },
    "get_subscription_by_id": {"subscription_id": "sub-1", "notification_type": "ANY_OFFER_CHANGED"},
    "delete_subscription_by_id": {"subscription_id": "sub-1", "notification_type": "ANY_OFFER_CHANGED"},
    "list_subscription": {"notification_type": "ANY_OFFER_CHANGED"},
    "list_subscriptions": {"notification_types": "ANY_OFFER_CHANGED"},
    "get_eligible_shipment_services": PACKAGE,
    "get_additional_seller_inputs": {
        "shipping_service_id": "UPS_PTP_GND",
        "ship_from_address": ADDRESS,
        "amazon_order_id": "903-5563053-5647845",
    },
    "create_shipment": {**PACKAGE, "shipping_service_id": "UPS_PTP_2ND_DAY_AIR"},
    "get_shipment": {"shipment_id": "be7a0a53-00c3-4f6f-a63a-639f76ee9253"},
    "cancel_shipment": {"shipment_id": "be7a0a53-00c3-4f6f-a63a-639f76ee9253"},
}

#: Inputs that exclude one another: fuzzing one drops the other from the base.
EXCLUDES = {
    ("list_orders", "last_updated_after"): "created_after",
    ("list_orders", "last_updated_before"): "created_after",
    ("list_orders", "next_token"): "created_after",
    ("search_orders", "last_updated_after"): "created_after",
    ("search_orders", "last_updated_before"): "created_after",
    ("search_orders", "pagination_token"): "created_after",
    ("list_feeds", "next_token"): "feed_types",
    ("search_catalog_item", "identifiers"): "keywords",
}


def _text_inputs() -> list[tuple[str, str, bool]]:
    """Every (action, input key, is a list) whose declared type is text, date-time text or a list of text."""
    kinds = {"str": False, "str | datetime": False, "Sequence[str] | str": True}
    return [
        (action.name, info.key, kinds[info.type])
        for action in actions.catalog()
        for info in action.inputs
        if info.type in kinds
    ]


TEXT_INPUTS = _text_inputs()


class _Captured(BaseException):
    def __init__(self, request: httpx.Request) -> None:
        super().__init__("captured")
        self.request = request


def _sp_api(request: httpx.Request) -> bool:
    """The request goes to the SP-API host (the production one, or its sandbox twin)."""
    return request.url.host.removeprefix("sandbox.") == HOST


class _Wire:
    """Answers tokens (and Create Feed Document, the first step of Submit Feed); stops at any other request."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        if str(request.url).startswith(TOKEN_URL):
            return httpx.Response(
                200, json={"access_token": "Atza|t", "token_type": "bearer", "expires_in": 3600}
            )
        if _sp_api(request) and request.url.path == RDT_PATH:
            return httpx.Response(200, json={"restrictedDataToken": "Atz.sprdt|r", "expiresIn": 3600})
        self.sent.append(request)
        if _sp_api(request) and request.url.path == "/feeds/2021-06-30/documents":
            return httpx.Response(201, json={"feedDocumentId": "doc-1", "url": UPLOAD})
        raise _Captured(request)


def _client(wire: _Wire, *, sandbox: bool = False) -> SellerCentral:
    connection = oauth_connection(is_sandbox=sandbox)
    return SellerCentral(connection, transport=httpx.MockTransport(wire.handler), sleep=lambda _s: None)


def _strategy(is_list: bool) -> st.SearchStrategy[Any]:
    text = st.one_of(
        st.text(),
        st.text(alphabet=st.characters(codec="ascii")),
        st.sampled_from([".", "..", "%2e%2E", "/", "?#", "a/../b", " ", "\r\n", "TEST_CASE_200"]),
        st.text(min_size=2040, max_size=2060),
    )
    if is_list:
        return st.one_of(text, st.lists(text, max_size=4))
    return text


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _check_path(request: httpx.Request, key: str, value: Any) -> None:
    """The captured request's path has exactly its operation's segments."""
    if not _sp_api(request):  # an upload to a presigned URL: never the SP-API host, never the token
        assert "x-amz-access-token" not in request.headers
        return
    key_of_operation = request.extensions.get("sp_api.operation")
    if key_of_operation is None:  # Raw Request to a path of no known operation
        return
    operation = operations.get(key_of_operation)
    template = operation.path.split("/")
    sent = request.url.raw_path.split(b"?")[0].decode("ascii").split("/")
    assert len(sent) == len(template), (operation.path, sent)
    for expected, segment in zip(template, sent, strict=True):
        if not expected.startswith("{"):
            assert segment == expected
        elif _snake(expected.strip("{}")) == key:  # the fuzzed input's own segment
            assert unquote(segment) in {value, value.strip()}
        else:
            assert segment
            assert unquote(segment) not in {".", ".."}


@pytest.mark.parametrize("sandbox", [False, True], ids=["production", "sandbox"])
@pytest.mark.parametrize(("name", "key", "is_list"), TEXT_INPUTS, ids=[f"{n}.{k}" for n, k, _ in TEXT_INPUTS])
def test_arbitrary_text_is_sent_on_its_own_segments_or_refused(name, key, is_list, sandbox):
    """Arbitrary text in any text input: a request with the model's path segments, or InvalidInputError."""
    base = {k: v for k, v in BASE[name].items() if k != EXCLUDES.get((name, key))}
    wire = _Wire()
    client = _client(wire, sandbox=sandbox)

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(value=_strategy(is_list))
    def run(value: Any) -> None:
        wire.sent.clear()
        try:
            getattr(client, name)(**{**base, key: value})
        except InvalidInputError:
            assert wire.sent == []  # refused before anything was sent
            return
        except _Captured:
            pass
        assert wire.sent, f"{name} finished without sending a request"
        for request in wire.sent:
            _check_path(request, key, value if isinstance(value, str) else "")

    with client:
        run()


def test_every_action_has_base_inputs():
    """The property covers every action of the catalog (a new action must get base inputs here)."""
    assert set(BASE) == {action.name for action in actions.catalog()}
    assert len(TEXT_INPUTS) > 100


def test_base_inputs_are_sent():
    """Each action's base inputs are valid: the call reaches the wire (so the property tests real sends)."""
    wire = _Wire()
    with _client(wire) as client:
        for name, inputs in BASE.items():
            wire.sent.clear()
            with contextlib.suppress(_Captured):
                getattr(client, name)(**json.loads(json.dumps(inputs)))
            assert wire.sent, name
