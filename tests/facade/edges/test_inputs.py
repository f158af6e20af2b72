"""Trust at the edges, inputs (issue 14, items 6 to 10): what an input may carry before anything is sent.

Every test runs through the sync and the async client on the `wire` fake (``tests/facade/actions``).
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

import pytest
from seller_central import operations
from seller_central._send import prepare_call
from seller_central.calls import Call, Context
from seller_central.errors import InvalidInputError
from selling_partner_api import errors as generated_errors

from tests.facade.actions.conftest import Api, Wire, oauth_connection

US = "ATVPDKIKX0DER"
ORDER = "902-3159896-1390916"
LISTING = "/listings/2021-08-01/items"
SKU_LABEL = "Stock Keeping Unit (SKU)"


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, wire: Wire) -> Api:
    return Api(request.param, wire, oauth_connection())


@pytest.fixture(params=["sync", "async"])
def sandbox_api(request: pytest.FixtureRequest, wire: Wire) -> Api:
    return Api(request.param, wire, oauth_connection(is_sandbox=True))


def refused(api: Api, action: str, label: str, **inputs: Any) -> InvalidInputError:
    """Call ``action``; assert it raises InvalidInputError naming ``label`` and that nothing was sent."""
    with pytest.raises(InvalidInputError) as caught:
        api.call(action, **inputs)
    assert caught.value.label == label
    assert label in str(caught.value)
    assert api.wire.requests == []
    return caught.value


# -- 6. path ids . and .. ------------------------------------------------------------------------------------

DOT_CASES = [
    ("get_listings_item", {"seller_id": "S1", "marketplace_ids": US}, "sku", SKU_LABEL),
    ("get_listings_item", {"sku": "SKU-1", "marketplace_ids": US}, "seller_id", "Seller Id"),
    ("get_feed", {}, "feed_id", "Feed Id"),
    ("get_destination", {}, "destination_id", "Destination Id"),
    (
        "get_subscription_by_id",
        {"notification_type": "ANY_OFFER_CHANGED"},
        "subscription_id",
        "Subscription Id",
    ),
]


@pytest.mark.parametrize("dots", [".", "..", "%2E%2E", "%2e"])
@pytest.mark.parametrize(("action", "inputs", "key", "label"), DOT_CASES)
def test_dot_segment_ids_are_refused(api, action, inputs, key, label, dots):  # noqa: PLR0917
    """A path id of . or .. (httpx removes them: the request would address another resource) is refused."""
    refused(api, action, label, **{**inputs, key: dots})


def test_dot_order_id_is_refused_on_a_sandbox_too(sandbox_api):
    """A sandbox skips no check that keeps a request on its own resource."""
    refused(sandbox_api, "get_order", "Order Id", order_id="..")


def test_every_operation_refuses_dot_segments_in_its_path():
    """The generated request_kwargs is the choke point: every operation with a path parameter refuses . and .."""
    checked = 0
    for operation in operations.all_operations():
        path = [p for p in operation.parameters if p.location == "path"]
        if not path:
            continue
        module = operations.module(operation.key)
        required = [
            name
            for name, parameter in inspect.signature(module.request_kwargs).parameters.items()
            if parameter.default is inspect.Parameter.empty
        ]
        for dots in (".", ".."):
            arguments = dict.fromkeys(required, "x") | {path[-1].python_name: dots}
            with pytest.raises(generated_errors.InvalidPathParameter) as caught:
                module.request_kwargs(**arguments)
            assert caught.value.name == path[-1].name
        checked += 1
    assert checked > 150  # most of the ~370 operations have a path parameter


def test_a_call_with_a_dot_id_is_refused_before_sending():
    """A Call built by hand (not by an action) is refused in prepare_call, naming the parameter."""
    context = Context(connection=oauth_connection())
    with pytest.raises(InvalidInputError) as caught:
        prepare_call(context, Call(operation="orders_v0.getOrder", arguments={"order_id": ".."}))
    assert caught.value.label == "orderId"


def test_ids_with_slash_query_and_fragment_stay_one_encoded_segment(api, wire):
    """/, ? and # inside an id are percent-encoded into its one segment (kept as it was)."""
    sku = "RED/L 42?x=1#top"
    wire.json("GET", f"{LISTING}/S1/{sku}", {"sku": sku})
    api.call("get_listings_item", seller_id="S1", sku=sku, marketplace_ids=US)
    assert wire.last.url.raw_path.split(b"?")[0] == f"{LISTING}/S1/RED%2FL%2042%3Fx%3D1%23top".encode()


def test_a_raw_request_with_dot_segments_is_refused(api):
    """Raw Request refuses a URL whose path climbs with .. (httpx would send another path than typed)."""
    refused(api, "raw_request", "URL", url="/orders/v0/orders/../../tokens/2021-03-01/x", method="GET")
    refused(api, "raw_request", "URL", url="/orders/v0/%2e%2e/x", method="GET")


# -- 7. control characters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\n", "\r", "\t", "\x1f", "\x7f"])
def test_control_characters_in_an_id_are_refused(api, char):
    """A control character in a path id is refused, naming the input."""
    error = refused(
        api, "get_listings_item", SKU_LABEL, seller_id="S1", sku=f"SKU{char}1", marketplace_ids=US
    )
    assert "control character" in str(error)


def test_control_characters_in_free_text_are_refused(api):
    """Free text (Buyer Email), a list (Marketplace Ids) and a date-time are checked the same way."""
    refused(
        api, "list_orders", "Buyer Email", marketplace_ids=US, created_after="2026-01-01", buyer_email="a\nb"
    )
    refused(api, "list_orders", "Marketplace Ids", marketplace_ids=[US, "A1\x00"], created_after="2026-01-01")
    refused(api, "list_orders", "Created After", marketplace_ids=US, created_after="TEST_CASE_200\r\n")


def test_control_characters_are_refused_on_a_sandbox_too(sandbox_api):
    """A sandbox connection lets TEST_CASE values through, never control characters."""
    refused(sandbox_api, "get_order", "Order Id", order_id="TEST_CASE_200\x00")


@pytest.mark.parametrize(
    "header",
    [
        {"x-amzn-test": "a\r\nX-Injected: 1"},
        {"x-amzn-test": "a\nb"},
        {"x-amzn-test\r\nX-Injected": "1"},
        {"x amzn": "1"},
        [["x-amzn-test", "caf\u00e9"]],
    ],
)
def test_raw_request_headers_with_cr_lf_or_non_ascii_are_refused(api, wire, header):
    """CR/LF (header injection), a non-token name or non-ASCII text is refused, not a NetworkError on send."""
    wire.json("GET", "/things", {})
    refused(api, "raw_request", "Header", url="/things", method="GET", header=header)


def test_raw_request_query_with_control_characters_is_refused(api):
    """Query Parameter keys and values get the same control-character check."""
    refused(
        api, "raw_request", "Query Parameter", url="/things", method="GET", query_parameter={"a": "1\x00"}
    )
    refused(api, "raw_request", "Query Parameter", url="/things", method="GET", query_parameter={"a\n": "1"})


# -- 8. lengths ----------------------------------------------------------------------------------------------


def test_a_64_kb_id_is_refused_not_an_httpx_error(api):
    """A 64 KB id used to leak httpx.InvalidURL; it is an input error naming the input."""
    error = refused(api, "get_listings_item", SKU_LABEL, seller_id="S1", sku="A" * 65536, marketplace_ids=US)
    assert "at most 2048 characters" in str(error)


def test_a_long_next_token_fits_but_a_longer_one_is_refused(api, wire):
    """Page tokens get a URL-sized ceiling (8192); other text the 2048 ceiling."""
    wire.json("GET", "/orders/v0/orders", {"payload": {"Orders": []}})
    api.call("list_orders", marketplace_ids=US, next_token="t" * 4000)
    assert wire.query()["NextToken"] == ["t" * 4000]
    wire.requests.clear()
    refused(api, "list_orders", "Next Token", marketplace_ids=US, next_token="t" * 8193)


def test_max_items_comes_from_the_model(api):
    """Orders getOrders gives MarketplaceIds maxItems 50: 51 ids are refused before sending."""
    ids = [f"A{index:012d}" for index in range(51)]
    error = refused(api, "list_orders", "Marketplace Ids", marketplace_ids=ids, created_after="2026-01-01")
    assert "at most 50" in str(error)


def test_every_input_named_after_an_operation_parameter_takes_its_model_limits():
    """The limits come from Amazon's model through the operation table, for every action at once."""
    from seller_central import actions, validation  # noqa: PLC0415

    checked = 0
    for action in actions.catalog():
        operation = operations.get(action.operation) if action.operation else None
        for info, limit in action.text_limits:
            parameter = operation.parameter(info.key) if operation else None
            if parameter is None:
                assert limit.max_length == (info.max_length or validation.MAX_TEXT)
                continue
            checked += 1
            assert limit.path == (parameter.location == "path"), (action.name, info.key)
            if parameter.max_length is not None:
                assert limit.max_length == parameter.max_length
            if parameter.max_items is not None:
                assert limit.max_items == parameter.max_items, (action.name, info.key)
    assert checked > 30  # every path input, and the list inputs whose maxItems the model gives


def test_path_inputs_are_operation_parameters_of_the_same_name():
    """Every path parameter an action fills comes from an input of the same name (so it gets the checks)."""
    from seller_central import actions  # noqa: PLC0415

    for action in actions.catalog():
        if action.operation is None:
            continue
        keys = {info.key for info in action.inputs}
        for parameter in operations.get(action.operation).parameters:
            if parameter.location == "path":
                assert parameter.python_name in keys, (action.name, parameter.name)


def test_list_inputs_without_a_model_limit_get_a_ceiling(api):
    """Brand Names has no maxItems in the model: the ceiling (100) applies."""
    refused(
        api,
        "search_catalog_item",
        "Brand Names",
        marketplace_ids=US,
        keywords="tv",
        brand_names=[f"brand{index}" for index in range(101)],
    )


def test_all_text_inputs_together_must_fit_one_request(api):
    """Many inputs, each under its own ceiling, cannot add up to a URL Amazon (or httpx) refuses."""
    long = "x" * 2000
    error = refused(
        api,
        "list_orders",
        "Next Token",
        marketplace_ids=US,
        created_after="2026-01-01",
        buyer_email=long,
        seller_order_id=long,
        actual_fulfillment_supply_source_id=long,
        store_chain_store_id=long,
        next_token="t" * 8000,
        amazon_order_ids=[ORDER] * 40,
    )
    assert "bytes together" in str(error)
    assert "this one is the longest" in str(error)


# -- 9. what must be sent ------------------------------------------------------------------------------------


def test_an_unknown_well_formed_marketplace_id_is_sent_with_a_warning(api, wire, caplog):
    """AKOAFLDV1D5DL (used in a recorded production exchange) is not in the table: it is sent, with a warning."""
    wire.json("GET", "/orders/v0/orders", {"payload": {"Orders": []}})
    with caplog.at_level(logging.WARNING, logger="seller_central"):
        api.call("list_orders", marketplace_ids=[US, "AKOAFLDV1D5DL"], created_after="2026-01-01")
    assert wire.query()["MarketplaceIds"] == [f"{US},AKOAFLDV1D5DL"]
    assert any("AKOAFLDV1D5DL" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("bad", ["atvpdkikx0der", "ATVP-DKIK", "A1", "ATVPDKIKX0DER ATVP"])
def test_a_malformed_marketplace_id_is_refused(api, bad):
    """Text that cannot be a marketplace id is still refused, naming the input."""
    refused(api, "list_orders", "Marketplace Ids", marketplace_ids=[bad], created_after="2026-01-01")


@pytest.mark.parametrize("value", [5, 19.99, "text", True, {"value": 1}, [{"value": "x"}], [1, 2]])
def test_a_json_patch_value_of_any_json_type_is_sent_as_given(api, wire, value):
    """Amazon accepts integers (and other JSON) as a patch value: it is sent unchanged."""
    wire.json("PATCH", f"{LISTING}/S1/SKU-1", {"sku": "SKU-1", "status": "ACCEPTED", "submissionId": "s"})
    patch = {"op": "replace", "path": "/attributes/list_price", "value": value}
    api.call(
        "update_listings_item",
        seller_id="S1",
        sku="SKU-1",
        marketplace_ids=US,
        product_type="PRODUCT",
        patches=[patch],
    )
    assert wire.body()["patches"] == [patch]


# -- 10. sandbox validates as production does ----------------------------------------------------------------

SANDBOX_CASES = [
    ("get_order", {"order_id": "12345"}, "Order Id"),
    ("list_orders", {"marketplace_ids": US, "created_after": "yesterday"}, "Created After"),
    ("list_orders", {"marketplace_ids": "XX", "created_after": "2026-01-01"}, "Marketplace Ids"),
    (
        "get_catalog_item",
        {"asin": "not-an-asin", "marketplace_ids": US},
        "Amazon Standard Identification Number (ASIN)",
    ),
    ("get_shipment", {"shipment_id": "not-a-uuid"}, "Shipment Id"),
    (
        "confirm_order_shipment",
        {
            "order_id": ORDER,
            "marketplace_id": US,
            "package_reference_id": "first",
            "carrier_code": "FedEx",
            "tracking_number": "1",
            "ship_date": "2026-01-01T00:00:00Z",
            "order_items": [{"orderItemId": "1", "quantity": 1}],
        },
        "Package Reference Id",
    ),
]


@pytest.mark.parametrize(("action", "inputs", "label"), SANDBOX_CASES)
def test_sandbox_refuses_what_production_refuses(api, sandbox_api, action, inputs, label):
    """The sandbox is where people learn what production refuses: the same input, the same error."""
    production = refused(api, action, label, **inputs)
    sandbox = refused(sandbox_api, action, label, **inputs)
    assert str(sandbox) == str(production)


@pytest.mark.parametrize(
    ("action", "inputs", "path"),
    [
        ("get_order", {"order_id": "TEST_CASE_200"}, "/orders/v0/orders/TEST_CASE_200"),
        (
            "get_shipment",
            {"shipment_id": "TEST_CASE_404_SHIPMENT_ID"},
            "/mfn/v0/shipments/TEST_CASE_404_SHIPMENT_ID",
        ),
        (
            "get_catalog_item",
            {"asin": "TEST_CASE_200", "marketplace_ids": US},
            "/catalog/2022-04-01/items/TEST_CASE_200",
        ),
    ],
)
def test_test_case_values_pass_on_a_sandbox_host_only(api, sandbox_api, wire, action, inputs, path):  # noqa: PLR0917
    """TEST_CASE_... literals (what Amazon's static sandbox matches on) are the one documented exception."""
    wire.json("GET", path, {})
    sandbox_api.call(action, **inputs)
    assert wire.last.url.path == path
    wire.requests.clear()
    label = next(
        info.label for info in _inputs(action) if info.key in inputs and "TEST_CASE" in str(inputs[info.key])
    )
    refused(api, action, label, **inputs)


def test_test_case_date_passes_on_a_sandbox_host_only(api, sandbox_api, wire):
    """CreatedAfter=TEST_CASE_200_NEXT_TOKEN (the sandbox's paging example) is sent on a sandbox only."""
    wire.json("GET", "/orders/v0/orders", {"payload": {"Orders": []}})
    sandbox_api.call("list_orders", marketplace_ids=US, created_after="TEST_CASE_200_NEXT_TOKEN")
    assert wire.query()["CreatedAfter"] == ["TEST_CASE_200_NEXT_TOKEN"]
    wire.requests.clear()
    refused(api, "list_orders", "Created After", marketplace_ids=US, created_after="TEST_CASE_200_NEXT_TOKEN")


def _inputs(action: str) -> Any:
    from seller_central import actions  # noqa: PLC0415

    return actions.get(action).inputs
