"""Every action's mapping still fits the pinned models: the test that fails when Amazon renames something.

For each action of the catalog, with typical inputs, the call it builds is checked against the operation table
and the generated code, without sending anything:

- the operation exists in the table, and the action's declared operation is the one it calls;
- every argument it passes is a parameter of the generated operation (a renamed or removed query or path
  parameter changes the generated signature, and this test fails);
- every key of the JSON body it builds is a field of the body's model at every depth (a renamed body field would
  land in ``additional_properties``, and this test fails);
- every paginated action's cursor matches the operation's page tokens in the table.

After ``make specs-update`` a failure here names the action and the field that no longer fits.
"""

from __future__ import annotations

import importlib
import inspect
import re
import warnings
from typing import Any

import pytest
from seller_central import actions, operations
from seller_central.actions import catalog_items, feeds, notifications, orders
from seller_central.calls import Call, Context, Pages, RawCall
from seller_central.connection import OAuthConnection
from selling_partner_api.types import Model

CONTEXT = Context(connection=OAuthConnection(client_id="id", client_secret="secret", refresh_token="token"))

SHIP_FROM = {
    "Name": "Jane Doe", "AddressLine1": "1 Main St", "City": "Seattle", "StateOrProvinceCode": "WA",
    "PostalCode": "98101", "CountryCode": "US", "Email": "jane@example.com", "Phone": "2065550100",
}  # fmt: skip
PACKAGE = {
    "amazon_order_id": "903-5563053-5647845",
    "item_list": [{"OrderItemId": "52986411826454", "Quantity": 1}],
    "ship_from_address": SHIP_FROM,
    "package_dimensions": {"Length": 10.0, "Width": 10.0, "Height": 10.0, "Unit": "inches"},
    "weight": {"Value": 10.0, "Unit": "oz"},
    "shipping_service_options": {"DeliveryExperience": "NoTracking", "CarrierWillPickUp": False},
}
SHIPMENT_ID = "abcddcba-00c3-4f6f-a63a-639f76ee9253"
LISTING = {"seller_id": "A3SELLER0DEMO", "sku": "SKU-1", "marketplace_ids": ["ATVPDKIKX0DER"]}

#: Typical inputs for every action that maps onto one generated operation.
INPUTS: dict[str, dict[str, Any]] = {
    "list_orders": {
        "marketplace_ids": ["ATVPDKIKX0DER"], "created_after": "2026-11-01T00:00:00Z",
        "order_statuses": ["Unshipped"], "fulfillment_channels": ["MFN"], "payment_methods": ["Other"],
        "max_results_per_page": 50, "easy_ship_shipment_statuses": ["PendingPickUp"],
        "electronic_invoice_statuses": ["NotRequired"], "next_token": "t", "amazon_order_ids": ["902-3159896-1390916"],
        "actual_fulfillment_supply_source_id": "s", "is_ispu": True, "store_chain_store_id": "c",
        "earliest_delivery_date_before": "2026-12-01T00:00:00Z", "latest_delivery_date_after": "2026-11-02T00:00:00Z",
    },
    "get_order": {"order_id": "902-3159896-1390916"},
    "get_order_address": {"order_id": "902-3159896-1390916"},
    "get_order_buyer_info": {"order_id": "902-3159896-1390916"},
    "get_order_items": {"order_id": "902-3159896-1390916", "next_token": "t"},
    "get_order_items_buyer_info": {"order_id": "902-3159896-1390916", "next_token": "t"},
    "confirm_order_shipment": {
        "order_id": "902-3159896-1390916", "marketplace_id": "ATVPDKIKX0DER", "package_reference_id": "1",
        "carrier_code": "Other", "carrier_name": "Local Courier", "tracking_number": "T1",
        "ship_date": "2026-11-02T00:00:00Z", "shipping_method": "Ground", "ship_from_supply_source_id": "s",
        "cod_collection_method": "DirectPayment",
        "order_items": [{"orderItemId": "1", "quantity": 1, "transparencyCodes": ["tc"]}],
    },
    "search_orders": {
        "created_after": "2026-11-01T00:00:00Z", "fulfillment_statuses": ["UNSHIPPED"],
        "marketplace_ids": ["ATVPDKIKX0DER"], "fulfilled_by": ["MERCHANT"], "pagination_token": "p",
        "included_data": ["BUYER"],
    },
    "get_order_details": {"order_id": "902-3159896-1390916", "included_data": ["RECIPIENT"]},
    "cancel_feed": {"feed_id": "123"},
    "get_feed": {"feed_id": "123"},
    "create_feed": {
        "feed_type": "JSON_LISTINGS_FEED", "marketplace_ids": ["ATVPDKIKX0DER"], "input_feed_document_id": "doc",
        "feed_options": {"key": "value"},
    },
    "create_feed_document": {"content_type": "application/json; charset=UTF-8"},
    "get_feed_document": {"feed_document_id": "doc"},
    "list_feeds": {
        "feed_types": ["JSON_LISTINGS_FEED"], "marketplace_ids": ["ATVPDKIKX0DER"], "page_size": 20,
        "processing_statuses": ["DONE"], "created_since": "2026-11-01T00:00:00Z",
        "created_until": "2026-11-02T00:00:00Z",
    },
    "create_listings_item": {
        **LISTING, "product_type": "PRODUCT", "requirements": "LISTING", "issue_locale": "en_US",
        "attributes": {"item_name": [{"value": "x"}]},
    },
    "get_listings_item": {**LISTING, "issue_locale": "en_US", "included_data": ["summaries"]},
    "update_listings_item": {
        **LISTING, "product_type": "PRODUCT", "issue_locale": "en_US",
        "patches": [{"op": "replace", "path": "/attributes/item_name", "value": [{"value": "x"}]}],
    },
    "delete_listings_item": {**LISTING, "issue_locale": "en_US"},
    "get_catalog_item": {
        "asin": "B07N4M94X4", "marketplace_ids": ["ATVPDKIKX0DER"], "included_data": ["summaries"], "locale": "en_US",
    },
    "search_catalog_item": {
        "marketplace_ids": ["ATVPDKIKX0DER"], "keywords": ["tv"], "brand_names": ["b"], "classification_ids": ["1"],
        "keywords_locale": "en_US", "included_data": ["summaries"], "locale": "en_US", "page_size": 5,
        "page_token": "p",
    },
    "create_destination": {"name": "queue", "arn": "arn:aws:sqs:us-east-1:123456789012:queue"},
    "get_destination": {"destination_id": "d"},
    "delete_destination": {"destination_id": "d"},
    "list_destinations": {},
    "create_subscription": {
        "notification_type": "ANY_OFFER_CHANGED", "payload_version": "1.0", "destination_id": "d",
        "event_filter_type": "ANY_OFFER_CHANGED", "aggregation_time_period": "FiveMinutes",
        "marketplace_ids": ["ATVPDKIKX0DER"],
    },
    "get_subscription_by_id": {"subscription_id": "s", "notification_type": "ANY_OFFER_CHANGED"},
    "delete_subscription_by_id": {"subscription_id": "s", "notification_type": "ANY_OFFER_CHANGED"},
    "list_subscription": {"notification_type": "ANY_OFFER_CHANGED", "payload_version": "1.0"},
    "list_subscriptions": {"notification_types": ["ANY_OFFER_CHANGED"], "payload_version": "1.0", "page_size": 30},
    "get_eligible_shipment_services": PACKAGE,
    "get_additional_seller_inputs": {
        "shipping_service_id": "UPS_PTP_2ND_DAY_AIR", "ship_from_address": SHIP_FROM,
        "amazon_order_id": "903-5563053-5647845",
    },
    "create_shipment": {
        **PACKAGE, "shipping_service_id": "UPS_PTP_2ND_DAY_AIR", "shipping_service_offer_id": "offer",
        "hazmat_type": "None", "include_packing_slip_with_label": True,
        "label_customization": {"CustomTextForLabel": "hello"},
    },
    "get_shipment": {"shipment_id": SHIPMENT_ID},
    "cancel_shipment": {"shipment_id": SHIPMENT_ID},
}  # fmt: skip

#: Actions that are not one generated operation (workflows and raw requests), checked elsewhere.
NOT_ONE_OPERATION = {"raw_request", "upload_feed_document", "download_feed_document", "submit_feed"}

CURSORS = {**orders.CURSORS, **feeds.CURSORS, **catalog_items.CURSORS, **notifications.CURSORS}


def _snake(name: str) -> str:
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name).lower()


def _first_call(built: Any) -> Call[Any]:
    if isinstance(built, Pages):
        return built.first
    assert isinstance(built, Call), f"expected a Call, got {type(built).__name__}"
    return built


def _body_model(module: Any) -> type | None:
    annotation = inspect.signature(module.request_kwargs).parameters["body"].annotation
    name = str(annotation).split("|")[0].strip().strip("'\"")
    if name.startswith(("list", "dict", "collections")):
        return None
    models = importlib.import_module(module.__name__.rsplit(".api.", 1)[0] + ".models")
    return getattr(models, name)


def _undeclared_keys(value: Any, path: str = "body") -> list[str]:
    """Walk a parsed model tree; name every key that only fits in additional_properties."""
    found: list[str] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            found += _undeclared_keys(item, f"{path}[{index}]")
    elif isinstance(value, Model):
        declared = list(type(value).FIELDS)
        if declared:  # a model with no declared fields is a free-form object (e.g. listing attributes)
            found += [f"{path}.{key}" for key in value.additional_properties]
        for name in declared:
            found += _undeclared_keys(getattr(value, name), f"{path}.{name}")
    return found


def test_every_catalog_action_is_covered_here():
    """A new action cannot slip past these checks: each one has inputs here or is a known workflow."""
    names = {action.name for action in actions.catalog()}

    assert names == set(INPUTS) | NOT_ONE_OPERATION


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_action_maps_onto_the_generated_operation(name):
    """The action's call names a real operation and passes only parameters that operation takes."""
    declared = actions.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        call = _first_call(declared.build(CONTEXT, INPUTS[name]))

    assert call.operation == declared.operation
    row = operations.get(call.operation)
    module = operations.module(call.operation)
    accepted = set(inspect.signature(module.request_kwargs).parameters)
    assert set(call.arguments) <= accepted, f"{name}: {set(call.arguments) - accepted} not in {row.key}"
    if "body" in call.arguments and isinstance(call.arguments["body"], dict):
        model = _body_model(module)
        assert model is not None
        assert _undeclared_keys(model.from_dict(call.arguments["body"])) == []


@pytest.mark.parametrize("name", sorted(CURSORS))
def test_cursor_follows_the_operations_page_tokens(name):
    """Each paginated action sends and reads the page tokens its operation declares."""
    cursor = CURSORS[name]
    pagination = operations.get(actions.get(name).operation).pagination

    assert pagination is not None
    assert cursor.argument == _snake(pagination.request_token)
    assert pagination.response_token is not None
    assert cursor.token == tuple(_snake(part) for part in pagination.response_token.split("."))


def test_a_renamed_body_field_is_caught():
    """The body check names a key the model does not declare (what a rename upstream would look like)."""
    module = operations.module("feeds_2021_06_30.createFeed")
    model = _body_model(module)
    assert model is not None

    parsed = model.from_dict({"feedType": "X", "marketplaceIds": ["A"], "inputFeedDocumentID": "renamed"})

    assert _undeclared_keys(parsed) == ["body.inputFeedDocumentID"]


def test_raw_request_maps_concrete_paths_to_operations():
    """Raw Request finds the operation of a concrete path, so limits and RDTs still apply to it."""
    built = actions.get("raw_request").build(
        CONTEXT, {"url": "/orders/v0/orders/902-3159896-1390916/address", "method": "GET"}
    )

    assert isinstance(built, RawCall)
    assert operations.find(built.method, built.path).key == "orders_v0.getOrderAddress"
