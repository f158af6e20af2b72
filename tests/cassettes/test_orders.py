"""Order actions against recorded sandbox exchanges: each returns the sandbox example, typed."""

from __future__ import annotations

import pytest
from selling_partner_api.orders_v0.models import (
    GetOrderAddressResponse,
    GetOrderBuyerInfoResponse,
    GetOrderItemsBuyerInfoResponse,
    GetOrderItemsResponse,
    GetOrderResponse,
    GetOrdersResponse,
    OrderOrderStatus,
)

pytestmark = [
    pytest.mark.vcr,
    # Replays may not open a socket; recording (any other record mode) may.
    pytest.mark.block_network,
    # Orders v0 is deprecated by Amazon; the warning itself is tested in tests/facade/actions.
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

TOKEN = "POST /auth/o2/token"
RDT = "POST /tokens/2021-03-01/restrictedDataToken"
SANDBOX_ORDER_ID = "902-1845936-5435065"


def test_list_orders(api):
    """List Orders returns the sandbox's two unshipped orders as a typed GetOrdersResponse."""
    page = api.call("list_orders", marketplace_ids=["ATVPDKIKX0DER"], created_after="TEST_CASE_200")

    assert isinstance(page, GetOrdersResponse)
    assert [order.amazon_order_id for order in page.payload.orders] == [
        SANDBOX_ORDER_ID,
        "902-8745147-1934268",
    ]
    assert {order.order_status for order in page.payload.orders} == {OrderOrderStatus.UNSHIPPED}
    assert page.payload.orders[0].order_total.amount == "11.01"
    assert api.exchanges() == [TOKEN, "GET /orders/v0/orders"]


def test_get_order(api):
    """Get Order returns the sandbox order with its total and ship-from address parsed."""
    result = api.call("get_order", order_id="TEST_CASE_200")

    assert isinstance(result, GetOrderResponse)
    assert result.payload.amazon_order_id == SANDBOX_ORDER_ID
    assert result.payload.order_total.currency_code == "USD"
    assert result.payload.default_ship_from_location_address.city == "SEATTLE"
    assert api.exchanges() == [TOKEN, "GET /orders/v0/orders/TEST_CASE_200"]


def test_get_order_with_data_elements(api):
    """Get Order asking for buyer info goes through a Restricted Data Token and returns the order."""
    result = api.call("get_order", order_id="TEST_CASE_200", data_elements=["buyerInfo"])

    assert isinstance(result, GetOrderResponse)
    assert result.payload.amazon_order_id == SANDBOX_ORDER_ID
    assert api.exchanges() == [TOKEN, RDT, "GET /orders/v0/orders/TEST_CASE_200"]


def test_get_order_address(api):
    """Get Order Address fetches an RDT first and returns the typed shipping address."""
    result = api.call("get_order_address", order_id="TEST_CASE_200")

    assert isinstance(result, GetOrderAddressResponse)
    assert result.payload.amazon_order_id == SANDBOX_ORDER_ID
    assert result.payload.shipping_address.postal_code == "98121-2778"
    assert api.exchanges() == [TOKEN, RDT, "GET /orders/v0/orders/TEST_CASE_200/address"]


def test_get_order_buyer_info(api):
    """Get Order Buyer Info fetches an RDT first and returns the buyer's name and email."""
    result = api.call("get_order_buyer_info", order_id="TEST_CASE_200")

    assert isinstance(result, GetOrderBuyerInfoResponse)
    assert result.payload.buyer_name == "MFNIntegrationTestMerchant"
    assert result.payload.buyer_email == "fzyrv6gwkhbb15c@example.com"
    assert api.exchanges() == [TOKEN, RDT, "GET /orders/v0/orders/TEST_CASE_200/buyerInfo"]


def test_get_order_items(api):
    """Get Order Items returns the order's one item with its price."""
    result = api.call("get_order_items", order_id="TEST_CASE_200")

    assert isinstance(result, GetOrderItemsResponse)
    [item] = result.payload.order_items
    assert item.asin == "B00551Q3CS"
    assert item.quantity_ordered == 1
    assert item.item_price.amount == "10.00"


def test_get_order_items_buyer_info(api):
    """Get Order Items Buyer Info fetches an RDT first and returns each item's gift details."""
    result = api.call("get_order_items_buyer_info", order_id="TEST_CASE_200")

    assert isinstance(result, GetOrderItemsBuyerInfoResponse)
    [item] = result.payload.order_items
    assert item.order_item_id == "68828574383266"
    assert item.gift_message_text == "Et toi!"
    assert api.exchanges() == [TOKEN, RDT, "GET /orders/v0/orders/TEST_CASE_200/orderItems/buyerInfo"]


def test_confirm_order_shipment(api):
    """Confirm Order Shipment sends the package the sandbox expects and returns None on its 204."""
    result = api.call(
        "confirm_order_shipment",
        order_id="902-1106328-1059050",
        marketplace_id="ATVPDKIKX0DER",
        package_reference_id="1",
        carrier_code="FedEx",
        carrier_name="FedEx",
        shipping_method="FedEx Ground",
        tracking_number="112345678",
        ship_date="2022-02-11T01:00:00.000Z",
        ship_from_supply_source_id="057d3fcc-b750-419f-bbcd-4d340c60c430",
        order_items=[
            {"orderItemId": "79039765272157", "quantity": 1, "transparencyCodes": ["09876543211234567890"]}
        ],
    )

    assert result is None
    assert api.exchanges() == [TOKEN, "POST /orders/v0/orders/902-1106328-1059050/shipmentConfirmation"]
    # The body is part of the match, so replaying proves the package detail was sent as recorded.
    assert api.statuses() == [200, 204]
