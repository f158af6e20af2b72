"""What generated operations put on the wire, captured with httpx.MockTransport."""

from __future__ import annotations

import asyncio
import datetime
import json

import httpx
import pytest
from selling_partner_api.awd_2024_05_09.api import list_inbound_shipments
from selling_partner_api.client import Client
from selling_partner_api.fba_inventory_v1.api import add_inventory
from selling_partner_api.fba_inventory_v1.models import AddInventoryRequest, InventoryItem
from selling_partner_api.fulfillment_inbound_2024_03_20.api import list_prep_details
from selling_partner_api.listings_items_2021_08_01.api import get_listings_item
from selling_partner_api.orders_v0.api import get_orders
from selling_partner_api.uploads_2020_11_01.api import create_upload_destination_for_resource

BASE_URL = "https://sellingpartnerapi-na.amazon.com"


class Wire:
    """A client whose requests are recorded and answered with an empty JSON object."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        transport = httpx.MockTransport(self.answer)
        self.client = Client(base_url=BASE_URL, client=httpx.Client(base_url=BASE_URL, transport=transport))
        self.async_client = Client(
            base_url=BASE_URL, async_client=httpx.AsyncClient(base_url=BASE_URL, transport=transport)
        )

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@pytest.fixture
def wire():
    return Wire()


def test_get_orders_sends_marketplace_ids_as_one_comma_joined_key(wire):
    """Two marketplace ids travel as MarketplaceIds=A%2CB: one key, csv as the model says."""
    response = get_orders.sync_detailed(client=wire.client, marketplace_ids=["A", "B"])

    assert wire.last.method == "GET"
    assert wire.last.url.path == "/orders/v0/orders"
    assert wire.last.url.query == b"MarketplaceIds=A%2CB"
    assert response.status_code == 200


def test_get_orders_tags_the_request_with_its_operation(wire):
    """The request carries the operation key for the facade's limiter and retry layers."""
    get_orders.sync_detailed(client=wire.client, marketplace_ids=["A"])

    assert wire.last.extensions["sp_api.operation"] == "orders_v0.getOrders"


def test_get_orders_sent_asynchronously_puts_the_same_request_on_the_wire(wire):
    """asyncio_detailed sends the same URL as sync_detailed."""
    asyncio.run(get_orders.asyncio_detailed(client=wire.async_client, marketplace_ids=["A", "B"]))

    assert str(wire.last.url) == f"{BASE_URL}/orders/v0/orders?MarketplaceIds=A%2CB"


def test_a_multi_parameter_sends_one_key_per_value(wire):
    """fulfillment inbound 2024-03-20's mskus (collectionFormat multi) repeats the key, commas intact."""
    list_prep_details.sync_detailed(client=wire.client, marketplace_id="M", mskus=["sku 1", "sku,2"])

    assert wire.last.url.params.get_list("mskus") == ["sku 1", "sku,2"]
    assert wire.last.url.query == b"marketplaceId=M&mskus=sku+1&mskus=sku%2C2"


def test_path_values_are_percent_encoded(wire):
    """A SKU with a slash and a space stays one path segment: A%20B%2FC."""
    get_listings_item.sync_detailed(client=wire.client, seller_id="S1", sku="A B/C", marketplace_ids=["M"])

    assert wire.last.url.raw_path == b"/listings/2021-08-01/items/S1/A%20B%2FC?marketplaceIds=M"


def test_the_greedy_upload_resource_keeps_its_slashes(wire):
    """uploads' {resource} is itself a path: its slashes stay slashes, a space is still encoded."""
    create_upload_destination_for_resource.sync_detailed(
        client=wire.client,
        resource="aplus/2020-11-01/content documents",
        marketplace_ids=["M"],
        content_md5="x",
    )

    assert wire.last.url.raw_path.startswith(
        b"/uploads/2020-11-01/uploadDestinations/aplus/2020-11-01/content%20documents?"
    )


def test_a_date_time_query_value_is_sent_in_iso_8601_utc(wire):
    """A timezone-aware datetime argument is written as ISO 8601 with Z; a string passes as given."""
    moment = datetime.datetime(2024, 5, 9, 12, 30, tzinfo=datetime.UTC)

    list_inbound_shipments.sync_detailed(
        client=wire.client, updated_after=moment, updated_before="TEST_CASE_400"
    )

    assert wire.last.url.params["updatedAfter"] == "2024-05-09T12:30:00Z"
    assert wire.last.url.params["updatedBefore"] == "TEST_CASE_400"


def test_a_model_body_is_sent_as_json_with_the_models_key_names(wire):
    """A request model travels as JSON under Amazon's key names, with its header parameter."""
    body = AddInventoryRequest(
        inventory_items=[InventoryItem(seller_sku="SKU-1", marketplace_id="M", quantity=3)]
    )

    add_inventory.sync_detailed(client=wire.client, x_amzn_idempotency_token="token-1", body=body)

    assert wire.last.method == "POST"
    assert wire.last.headers["x-amzn-idempotency-token"] == "token-1"
    assert wire.last.headers["content-type"] == "application/json"
    assert json.loads(wire.last.content) == {
        "inventoryItems": [{"sellerSku": "SKU-1", "marketplaceId": "M", "quantity": 3}]
    }


def test_a_plain_dict_body_is_sent_unchanged(wire):
    """A dict given as the body is sent as it is."""
    body = {"inventoryItems": [], "note": "kept"}

    add_inventory.sync_detailed(client=wire.client, x_amzn_idempotency_token="t", body=body)

    assert json.loads(wire.last.content) == body


def test_request_kwargs_builds_the_request_without_sending():
    """request_kwargs gives httpx.Client.build_request everything: method, URL, params, extensions."""
    request = httpx.Client(base_url=BASE_URL).build_request(
        **get_orders.request_kwargs(marketplace_ids=["A", "B"])
    )

    assert str(request.url) == f"{BASE_URL}/orders/v0/orders?MarketplaceIds=A%2CB"
    assert request.extensions["sp_api.operation"] == "orders_v0.getOrders"
