"""Order actions: the request each sends on the wire, what it returns, and the inputs it refuses."""

from __future__ import annotations

import datetime
import logging
import warnings
from typing import ClassVar

import httpx
import pytest
from seller_central.errors import InvalidInputError, NotFoundError

ORDER = {
    "AmazonOrderId": "902-3159896-1390916",
    "PurchaseDate": "2026-11-01T10:00:00Z",
    "LastUpdateDate": "2026-11-01T10:05:00Z",
    "OrderStatus": "Unshipped",
    "MarketplaceId": "ATVPDKIKX0DER",
}


def orders_page(*ids: str, next_token: str | None = None) -> dict:
    payload: dict = {"Orders": [{**ORDER, "AmazonOrderId": i} for i in ids]}
    if next_token:
        payload["NextToken"] = next_token
    return {"payload": payload}


@pytest.fixture(autouse=True)
def _quiet_deprecations():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


class TestListOrders:
    def test_sends_comma_joined_arrays_and_iso_dates(self, api, wire):
        """Marketplace ids and statuses go out as one comma-joined value each; dates as ISO 8601 UTC."""
        wire.json("GET", "/orders/v0/orders", orders_page("902-3159896-1390916"))

        page = api.call(
            "list_orders",
            marketplace_ids=["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
            created_after=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
            order_statuses=["Unshipped", "PartiallyShipped"],
        )

        assert wire.last.method == "GET"
        assert wire.last.url.path == "/orders/v0/orders"
        assert b"MarketplaceIds=ATVPDKIKX0DER%2CA2EUQ1WTGCTBG2" in wire.last.url.query
        assert wire.query() == {
            "MarketplaceIds": ["ATVPDKIKX0DER,A2EUQ1WTGCTBG2"],
            "CreatedAfter": ["2026-11-01T00:00:00Z"],
            "OrderStatuses": ["Unshipped,PartiallyShipped"],
            "MaxResultsPerPage": ["100"],
        }
        assert page.payload.orders[0].amazon_order_id == "902-3159896-1390916"
        assert page.payload.orders[0].order_status == "Unshipped"

    @pytest.mark.parametrize(
        ("value", "logged"), [(True, True), ("true", True), ("false", False), (False, False)]
    )
    def test_debug_request_is_read_as_a_boolean(self, api, wire, caplog, value, logged):
        """Debug Request "false" (text, as from a form or the CLI) logs nothing; true logs the request."""
        wire.json("GET", "/orders/v0/orders", orders_page("902-3159896-1390916"))

        with caplog.at_level(logging.INFO, logger="seller_central"):
            api.call(
                "list_orders",
                marketplace_ids=["ATVPDKIKX0DER"],
                created_after="2026-11-01T00:00:00Z",
                debug_request=value,
            )

        assert ("Debug Request" in caplog.text) is logged

    def test_is_ispu_is_unset_unless_given(self, api, wire):
        """The spec's Is ISPU default of false is a filter; it is not sent unless the caller asks."""
        wire.json("GET", "/orders/v0/orders", orders_page())

        api.call("list_orders", marketplace_ids="ATVPDKIKX0DER", last_updated_after="2026-11-01T00:00:00Z")

        assert "IsISPU" not in wire.query()
        assert wire.query()["LastUpdatedAfter"] == ["2026-11-01T00:00:00Z"]

    def test_returns_the_next_token_faithfully(self, api, wire):
        """One page comes back as Amazon sent it, next token included."""
        wire.json("GET", "/orders/v0/orders", orders_page("902-3159896-1390916", next_token="page-2"))

        page = api.call("list_orders", marketplace_ids="ATVPDKIKX0DER", created_after="2026-11-01T00:00:00Z")

        assert page.payload.next_token == "page-2"

    def test_iter_orders_returns_every_order_once_over_three_pages(self, api, wire):
        """iter_orders follows payload.NextToken and yields each order exactly once."""
        wire.route(
            "GET",
            "/orders/v0/orders",
            *[
                httpx.Response(200, json=body)
                for body in (
                    orders_page("111-0000001-0000001", "111-0000001-0000002", next_token="t2"),
                    orders_page("111-0000001-0000003", next_token="t3"),
                    orders_page("111-0000001-0000004"),
                )
            ],
        )

        orders = api.collect(
            "iter_orders", marketplace_ids="ATVPDKIKX0DER", created_after="2026-11-01T00:00:00Z"
        )

        assert [o.amazon_order_id for o in orders] == [
            "111-0000001-0000001",
            "111-0000001-0000002",
            "111-0000001-0000003",
            "111-0000001-0000004",
        ]
        tokens = [wire.query(r).get("NextToken") for r in wire.requests]
        assert tokens == [None, ["t2"], ["t3"]]

    @pytest.mark.parametrize(
        ("inputs", "label"),
        [
            ({"marketplace_ids": "ATVPDKIKX0DER"}, "Created After"),
            ({"marketplace_ids": "NOT_A_MARKETPLACE", "created_after": "2026-11-01"}, "Marketplace Ids"),
            ({"marketplace_ids": "ATVPDKIKX0DER", "created_after": "yesterday"}, "Created After"),
            (
                {
                    "marketplace_ids": "ATVPDKIKX0DER",
                    "created_after": "2026-11-01",
                    "last_updated_after": "2026-11-01",
                },
                "Last Updated After",
            ),
            (
                {
                    "marketplace_ids": "ATVPDKIKX0DER",
                    "created_after": "2026-11-01",
                    "max_results_per_page": 101,
                },
                "Max Results Per Page",
            ),
            (
                {
                    "marketplace_ids": "ATVPDKIKX0DER",
                    "created_after": "2026-11-01",
                    "order_statuses": ["Lost"],
                },
                "Order Statuses",
            ),
            (
                {
                    "marketplace_ids": "ATVPDKIKX0DER",
                    "created_after": "2026-11-01",
                    "seller_order_id": "S-1",
                    "buyer_email": "a@example.com",
                },
                "Buyer Email",
            ),
            (
                {
                    "marketplace_ids": "ATVPDKIKX0DER",
                    "created_after": "2026-11-01",
                    "amazon_order_ids": ["12345"],
                },
                "Amazon Order Ids",
            ),
        ],
    )
    def test_bad_input_names_the_label_and_sends_nothing(self, api, wire, inputs, label):
        """Each invalid input is refused before sending, and the error names it by its label."""
        with pytest.raises(InvalidInputError) as caught:
            api.call("list_orders", **inputs)

        assert caught.value.label == label
        assert label in str(caught.value)
        assert wire.requests == []

    def test_unknown_input_is_refused(self, api, wire):
        """A keyword the action does not declare is an error, not silently ignored."""
        with pytest.raises(InvalidInputError, match="unknown input 'marketplace'"):
            api.call("list_orders", marketplace="ATVPDKIKX0DER", created_after="2026-11-01")
        assert wire.requests == []

    def test_warns_that_orders_v0_is_deprecated(self, api, wire):
        """The v0 actions say which deadline applies and what to use instead."""
        wire.json("GET", "/orders/v0/orders", orders_page())

        with pytest.warns(DeprecationWarning, match="2027-03-27"):
            api.call("list_orders", marketplace_ids="ATVPDKIKX0DER", created_after="2026-11-01")


class TestOneOrder:
    def test_get_order(self, api, wire):
        """Get Order reads one order by id."""
        wire.json("GET", "/orders/v0/orders/902-3159896-1390916", {"payload": ORDER})

        result = api.call("get_order", order_id="902-3159896-1390916")

        assert wire.last.url.path == "/orders/v0/orders/902-3159896-1390916"
        assert result.payload.amazon_order_id == "902-3159896-1390916"

    def test_get_order_address_uses_a_restricted_data_token(self, api, wire):
        """getOrderAddress is restricted: the request carries an RDT, not the LWA token."""
        wire.json(
            "GET",
            "/orders/v0/orders/902-3159896-1390916/address",
            {"payload": {"AmazonOrderId": "902-3159896-1390916", "ShippingAddress": {"Name": "Jane"}}},
        )

        result = api.call("get_order_address", order_id="902-3159896-1390916")

        assert wire.last.headers["x-amz-access-token"] == "Atz.sprdt|test-rdt"
        assert wire.rdt_requests[0]["restrictedResources"][0]["method"] == "GET"
        assert result.payload.shipping_address.name == "Jane"

    def test_get_order_buyer_info(self, api, wire):
        """Get Order Buyer Info returns the buyer block."""
        wire.json(
            "GET",
            "/orders/v0/orders/902-3159896-1390916/buyerInfo",
            {"payload": {"AmazonOrderId": "902-3159896-1390916", "BuyerEmail": "b@example.com"}},
        )

        result = api.call("get_order_buyer_info", order_id="902-3159896-1390916")

        assert result.payload.buyer_email == "b@example.com"

    def test_get_order_items_sends_next_token(self, api, wire):
        """Get Order Items passes Next Token through as NextToken."""
        wire.json(
            "GET",
            "/orders/v0/orders/902-3159896-1390916/orderItems",
            {
                "payload": {
                    "AmazonOrderId": "902-3159896-1390916",
                    "OrderItems": [{"ASIN": "B0", "OrderItemId": "1", "QuantityOrdered": 1}],
                }
            },
        )

        result = api.call("get_order_items", order_id="902-3159896-1390916", next_token="abc")

        assert wire.query() == {"NextToken": ["abc"]}
        assert result.payload.order_items[0].asin == "B0"

    def test_get_order_items_buyer_info_takes_the_missing_next_token(self, api, wire):
        """The spec left out Next Token on Get Order Items Buyer Info; it is accepted and sent."""
        wire.json(
            "GET",
            "/orders/v0/orders/902-3159896-1390916/orderItems/buyerInfo",
            {"payload": {"AmazonOrderId": "902-3159896-1390916", "OrderItems": [{"OrderItemId": "1"}]}},
        )

        result = api.call("get_order_items_buyer_info", order_id="902-3159896-1390916", next_token="n2")

        assert wire.query() == {"NextToken": ["n2"]}
        assert result.payload.order_items[0].order_item_id == "1"

    @pytest.mark.parametrize(
        "method", ["get_order", "get_order_address", "get_order_buyer_info", "get_order_items"]
    )
    def test_order_id_must_be_3_7_7(self, api, wire, method):
        """A malformed order id is refused with the Order Id label."""
        with pytest.raises(InvalidInputError, match="Order Id") as caught:
            api.call(method, order_id="12345")
        assert caught.value.label == "Order Id"
        assert wire.requests == []

    def test_sandbox_accepts_static_test_values(self, sandbox_api, wire):
        """On a sandbox connection the static sandbox's TEST_CASE_200 passes the order-id check."""
        wire.json("GET", "/orders/v0/orders/TEST_CASE_200", {"payload": ORDER})

        result = sandbox_api.call("get_order", order_id="TEST_CASE_200")

        assert wire.last.url.path == "/orders/v0/orders/TEST_CASE_200"
        assert result.payload.amazon_order_id == ORDER["AmazonOrderId"]

    def test_not_found_raises_a_typed_error_with_amazons_details(self, api, wire):
        """A 404 becomes NotFoundError carrying errors[] and the request id."""
        wire.json(
            "GET",
            "/orders/v0/orders/902-3159896-1390916",
            {"errors": [{"code": "NotFound", "message": "Order not found"}]},
            status=404,
            **{"x-amzn-RequestId": "req-1"},
        )

        with pytest.raises(NotFoundError) as caught:
            api.call("get_order", order_id="902-3159896-1390916")

        assert caught.value.errors[0].code == "NotFound"
        assert caught.value.request_id == "req-1"


class TestConfirmOrderShipment:
    INPUTS: ClassVar[dict] = {
        "order_id": "902-3159896-1390916",
        "marketplace_id": "ATVPDKIKX0DER",
        "package_reference_id": "1",
        "carrier_code": "UPS",
        "tracking_number": "1Z999",
        "ship_date": "2026-11-02T10:00:00Z",
        "order_items": [{"orderItemId": "79039765272157", "quantity": 1, "transparencyCodes": ["tc1"]}],
    }

    def test_sends_the_confirmation_body(self, api, wire):
        """Confirm Order Shipment posts the package detail and returns nothing on 204."""
        wire.json("POST", "/orders/v0/orders/902-3159896-1390916/shipmentConfirmation", status=204)

        result = api.call("confirm_order_shipment", **self.INPUTS, shipping_method="Ground")

        assert result is None
        assert wire.last.method == "POST"
        assert wire.body() == {
            "marketplaceId": "ATVPDKIKX0DER",
            "packageDetail": {
                "packageReferenceId": "1",
                "carrierCode": "UPS",
                "trackingNumber": "1Z999",
                "shipDate": "2026-11-02T10:00:00Z",
                "orderItems": [
                    {"orderItemId": "79039765272157", "quantity": 1, "transparencyCodes": ["tc1"]}
                ],
                "shippingMethod": "Ground",
            },
        }

    @pytest.mark.parametrize(
        ("override", "label"),
        [
            ({"carrier_code": "Other"}, "Carrier Name"),
            ({"package_reference_id": "abc"}, "Package Reference Id"),
            ({"ship_date": "02/21/2022"}, "Ship Date"),
            ({"order_items": []}, "Order Items"),
            ({"order_items": [{"orderItemId": "1", "quantity": 0}]}, "Order Items"),
            (
                {"order_items": [{"orderItemId": "1", "quantity": 1, "transparencyCode": ["x"]}]},
                "Order Items",
            ),
            ({"order_items": [{"quantity": 1}]}, "Order Items"),
            ({"cod_collection_method": "Cash"}, "COD Collection Method"),
        ],
    )
    def test_bad_input_names_the_label(self, api, wire, override, label):
        """Each invalid confirmation input is refused before sending."""
        with pytest.raises(InvalidInputError) as caught:
            api.call("confirm_order_shipment", **{**self.INPUTS, **override})
        assert caught.value.label == label
        assert wire.requests == []


class TestOrders2026:
    def test_search_orders_follows_pagination_tokens(self, api, wire):
        """iter_search_orders repeats the filters and adds paginationToken from pagination.nextToken."""
        wire.route(
            "GET",
            "/orders/2026-01-01/orders",
            httpx.Response(
                200, json={"orders": [{"orderId": "111-0000001-0000001"}], "pagination": {"nextToken": "p2"}}
            ),
            httpx.Response(200, json={"orders": [{"orderId": "111-0000001-0000002"}]}),
        )

        orders = api.collect(
            "iter_search_orders",
            created_after="2026-11-01T00:00:00Z",
            fulfillment_statuses=["UNSHIPPED", "SHIPPED"],
        )

        assert [o.order_id for o in orders] == ["111-0000001-0000001", "111-0000001-0000002"]
        first, second = (wire.query(r) for r in wire.requests)
        assert first["fulfillmentStatuses"] == ["UNSHIPPED,SHIPPED"]
        assert second["paginationToken"] == ["p2"]
        assert second["createdAfter"] == ["2026-11-01T00:00:00Z"]

    def test_get_order_details_sends_included_data(self, api, wire):
        """Get Order Details asks Orders 2026-01-01 for the included data sets, comma-joined."""
        wire.json(
            "GET",
            "/orders/2026-01-01/orders/902-3159896-1390916",
            {"order": {"orderId": "902-3159896-1390916"}},
        )

        result = api.call(
            "get_order_details", order_id="902-3159896-1390916", included_data=["BUYER", "RECIPIENT"]
        )

        assert wire.query() == {"includedData": ["BUYER,RECIPIENT"]}
        assert result.order.order_id == "902-3159896-1390916"
        assert "x-amz-access-token" in wire.last.headers
        assert wire.rdt_requests == []

    def test_search_orders_needs_a_time_window(self, api, wire):
        """Search Orders without Created After or Last Updated After is refused."""
        with pytest.raises(InvalidInputError) as caught:
            api.call("search_orders", fulfilled_by=["MERCHANT"])
        assert caught.value.label == "Created After"
        assert wire.requests == []


class TestPerCallOptions:
    def test_with_options_sets_one_calls_timeout(self, api, wire):
        """client.with_options(timeout=...) sends that call with the given read timeout."""
        wire.json("GET", "/orders/v0/orders/902-3159896-1390916", {"payload": ORDER})

        api.call_view("with_options", {"timeout": 3.5}, "get_order", order_id="902-3159896-1390916")

        assert wire.last.extensions["timeout"]["read"] == 3.5

    def test_with_options_sets_a_raw_requests_timeout_too(self, api, wire):
        """The view's timeout reaches Raw Request as it reaches every other action."""
        wire.json("GET", "/things", {})

        api.call_view("with_options", {"timeout": 4.5}, "raw_request", url="/things", method="GET")

        assert wire.last.extensions["timeout"]["read"] == 4.5
