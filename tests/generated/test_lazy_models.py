"""Responses read their models lazily (issue 16): nothing is built until a field is read, and what is read
is exactly what ``from_dict`` builds, over the whole examples corpus and for data that breaks its model."""

from __future__ import annotations

import copy
import importlib
import json
import pickle
import threading
from typing import Any

import httpx
import pytest
from selling_partner_api.orders_v0.api import get_orders
from selling_partner_api.orders_v0.models import (
    Address,
    GetOrdersResponse,
    Money,
    Order,
    OrderOrderStatus,
    OrdersList,
)
from selling_partner_api.types import UNSET, Model, read_lazily

from tests.generated.test_sandbox_examples import CASES, MODULES, NO_CONTENT, response_for

ORDER = {
    "AmazonOrderId": "902-3159896-1390916",
    "PurchaseDate": "2017-01-20T19:49:35Z",
    "LastUpdateDate": "2017-01-20T19:49:35Z",
    "OrderStatus": "Pending",
    "OrderTotal": {"CurrencyCode": "USD", "Amount": "12.00"},
    "ShippingAddress": {"Name": "Someone", "City": "SEATTLE", "AddressType": "Residential"},
    "PaymentMethodDetails": ["Standard"],
    "BrandNewKey": {"nested": [1, 2]},
}
PAGE = {"payload": {"Orders": [ORDER, {**ORDER, "AmazonOrderId": "902-1"}], "NextToken": "abc"}}


def parsed_page(page: dict[str, Any] | None = None) -> GetOrdersResponse:
    parsed = get_orders.parse_response(httpx.Response(200, json=page or PAGE))
    assert parsed is not None
    return parsed


def unread(model: Model) -> bool:
    """True while the model has not been filled from its JSON (it is still of its private twin class)."""
    return type(model) is not type(model).__mro__[1] and type(model).__mro__[1] is not Model


def full_dump(value: Any) -> Any:
    """Every field of every model, read one attribute at a time (not through to_dict)."""
    if isinstance(value, list):
        return [full_dump(item) for item in value]
    if isinstance(value, Model):
        fields = {name: full_dump(getattr(value, name)) for name in value.FIELDS}
        return (type(value).__mro__[0].__name__, fields, full_dump(value.additional_properties))
    if isinstance(value, dict):
        return {key: full_dump(item) for key, item in value.items()}
    return (type(value).__name__, value)


OBJECT_CASES = [
    c for c in CASES if c.values[1]["status"] != NO_CONTENT and isinstance(c.values[1]["response"], dict)
]


@pytest.mark.parametrize(("key", "example"), OBJECT_CASES)
def test_every_example_reads_lazily_exactly_as_from_dict_builds_it(key, example):
    """Over the examples corpus, the lazily read response equals the eager one, field by field (types
    included), and its to_dict() gives the same JSON text, key order included."""
    body = example["response"]
    parsed = importlib.import_module(MODULES[key]).parse_response(response_for(example))
    assert isinstance(parsed, Model)
    model_type = type(parsed).__mro__[1] if unread(parsed) else type(parsed)
    eager = model_type.from_dict(copy.deepcopy(body))

    lazy_dump = read_lazily(model_type, copy.deepcopy(body)).to_dict()
    lazy_fields = full_dump(read_lazily(model_type, copy.deepcopy(body)))

    assert json.dumps(lazy_dump) == json.dumps(eager.to_dict())
    assert lazy_fields == full_dump(eager)
    assert read_lazily(model_type, copy.deepcopy(body)) == eager


def test_a_parsed_page_builds_nothing_until_a_field_is_read():
    """parse_response returns an unread model; reading a field fills that model only, nested ones stay unread."""
    page = parsed_page()

    assert unread(page)
    payload = page.payload
    assert not unread(page)
    assert unread(payload)
    orders = payload.orders
    assert [unread(order) for order in orders] == [True, True]
    assert orders[0].amazon_order_id == "902-3159896-1390916"
    assert [unread(order) for order in orders] == [False, True]
    assert unread(orders[0].order_total)


def test_fields_read_lazily_have_the_types_from_dict_gives():
    """Enums, nested models, unknown keys and UNSET: the same values, and the model's own class once read."""
    order = parsed_page().payload.orders[0]

    assert order.order_status is OrderOrderStatus.PENDING
    assert type(order) is Order
    assert type(order.order_total.amount) is str
    assert type(order.order_total) is Money
    assert order.shipping_address == Address.from_dict(ORDER["ShippingAddress"])
    assert order.seller_order_id is UNSET
    assert order["BrandNewKey"] == {"nested": [1, 2]}
    assert "BrandNewKey" in order


def test_to_dict_of_an_untouched_page_is_exact():
    """to_dict() of a page nobody read gives back the JSON, key order and values as from_dict's to_dict."""
    page = parsed_page()

    assert json.dumps(page.to_dict()) == json.dumps(GetOrdersResponse.from_dict(PAGE).to_dict())
    assert page.to_dict() == PAGE


def test_to_dict_of_a_partly_read_page_is_exact():
    """Some models read, some not: to_dict() is the same."""
    page = parsed_page()
    _ = page.payload.orders[1].order_total.currency_code

    assert page.to_dict() == PAGE


def test_equality_holds_between_read_unread_and_eager_models():
    """An unread model equals the eager one and another unread one, both ways; a different value does not."""
    eager = GetOrdersResponse.from_dict(PAGE)

    assert parsed_page() == eager
    assert eager == parsed_page()
    assert parsed_page() == parsed_page()
    assert parsed_page() != GetOrdersResponse.from_dict({"payload": {"Orders": []}})
    assert parsed_page().payload.orders[0] != parsed_page().payload.orders[1]


def test_repr_is_the_eager_repr():
    """repr() of an unread model reads it and prints what from_dict's model prints."""
    assert repr(parsed_page()) == repr(GetOrdersResponse.from_dict(PAGE))


def test_an_unread_model_pickles_and_copies_as_its_own_class():
    """Pickling or copying an unread page gives models of the generated classes, equal to the eager page."""
    eager = GetOrdersResponse.from_dict(PAGE)

    for clone in (
        pickle.loads(pickle.dumps(parsed_page())),  # noqa: S301 (our own bytes)
        copy.copy(parsed_page()),
        copy.deepcopy(parsed_page()),
    ):
        assert type(clone) is GetOrdersResponse
        assert clone == eager
        assert clone.to_dict() == PAGE
    orders = pickle.loads(pickle.dumps(parsed_page().payload))  # noqa: S301 (our own bytes)
    assert type(orders) is OrdersList
    assert type(orders.orders[0]) is Order


def test_a_field_assigned_before_the_first_read_is_kept():
    """Setting a field on an unread model, then reading another, keeps the value set (the fill does not
    overwrite it), and to_dict() writes it."""
    order = parsed_page().payload.orders[0]
    order.order_total = Money(currency_code="EUR", amount="1.00")
    order.additional_properties = {"Mine": 1}

    assert order.amazon_order_id == "902-3159896-1390916"
    assert order.order_total == Money(currency_code="EUR", amount="1.00")
    assert order.to_dict()["OrderTotal"] == {"CurrencyCode": "EUR", "Amount": "1.00"}
    assert order.additional_properties == {"Mine": 1}


def test_an_unknown_attribute_raises_attribute_error_naming_the_class():
    """A name the model does not have raises AttributeError, read or not, and hasattr stays False."""
    page = parsed_page()

    with pytest.raises(AttributeError, match="'GetOrdersResponse' object has no attribute 'nope'"):
        _ = page.nope
    assert not hasattr(page, "__setstate__x")
    assert unread(page)  # a miss on an unknown name reads nothing


def test_a_nested_value_that_is_not_an_object_raises_as_before_when_its_parent_is_read():
    """A nested model given a string raises the same AttributeError from_dict raises, on the first read of
    the model that holds it (from_dict raises at parse time); later reads raise it again."""
    broken = {"payload": {"Orders": [{**ORDER, "OrderTotal": "12.00 USD"}]}}
    with pytest.raises(AttributeError) as eager_error:
        GetOrdersResponse.from_dict(broken)
    page = parsed_page(broken)
    order = page.payload.orders[0]

    for _ in range(2):
        with pytest.raises(AttributeError) as lazy_error:
            _ = order.amazon_order_id
        assert str(lazy_error.value) == str(eager_error.value)


def test_a_top_level_body_that_is_not_an_object_raises_at_parse_time_as_before():
    """A page whose body is a JSON array raises from parse_response itself, as from_dict does."""
    with pytest.raises(AttributeError, match="'list' object has no attribute 'get'"):
        GetOrdersResponse.from_dict([1, 2])  # type: ignore[arg-type]
    with pytest.raises(AttributeError, match="'list' object has no attribute 'get'"):
        read_lazily(GetOrdersResponse, [1, 2])


def test_from_dict_stays_eager_and_independent_of_its_source():
    """from_dict builds everything now: changing the source dict afterwards changes nothing in the model."""
    source = copy.deepcopy(PAGE)
    model = GetOrdersResponse.from_dict(source)
    source["payload"]["Orders"][0]["OrderTotal"]["Amount"] = "99.99"
    source["payload"]["Orders"].clear()

    assert model.payload.orders[0].order_total.amount == "12.00"
    assert not unread(model.payload.orders[0].order_total)


def test_threads_reading_one_unread_page_all_see_every_field():
    """Several threads reading the same unread models at once all get the fields (and equal values)."""
    page = parsed_page({"payload": {"Orders": [ORDER] * 200}})
    orders = page.payload.orders
    seen: list[Any] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            seen.append([(order.amazon_order_id, order.order_total.amount) for order in orders])
        except BaseException as error:  # noqa: BLE001 (collected for the assertion)
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(seen) == 4
    assert all(result == seen[0] for result in seen)
