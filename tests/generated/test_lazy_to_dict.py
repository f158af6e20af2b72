"""to_dict() of a model nobody has read builds no model (issue 16, whole-page reads): each model's
``_dict_from`` writes the JSON form straight from the JSON. Over the examples corpus and the schema models,
it gives what ``from_dict(data).to_dict()`` gives (key order and value types included), leaves the model
unread, shares no dict or list with the JSON the model keeps, raises what from_dict raises for data that
breaks its model, and writes fields assigned before the first read."""

from __future__ import annotations

import copy
import decimal
import importlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from selling_partner_api.orders_v0.models import GetOrdersResponse, Money, Order, OrderOrderStatus
from selling_partner_api.schemas.notifications import NOTIFICATION_MODELS, NOTIFICATION_SCHEMAS
from selling_partner_api.schemas.reports import REPORT_MODELS
from selling_partner_api.types import Model, copy_json, read_lazily

from tests.generated.test_lazy_models import OBJECT_CASES, ORDER, PAGE, full_dump, parsed_page, unread
from tests.generated.test_sandbox_examples import MODULES, response_for
from tests.schema_instances import instance, load_schema, stems

#: Values put in place of a part of an example: a string, a number, a list and an object where the model
#: may expect anything else.
BREAKERS = ("oops", 7, [{"x": 1}], {"x": [1]})
#: How many parts of each example are replaced, spread over the example (every part would take minutes).
BROKEN_PARTS = 12


def model_type_of(key: str, example: dict[str, Any]) -> type[Model]:
    parsed = importlib.import_module(MODULES[key]).parse_response(response_for(example))
    assert isinstance(parsed, Model)
    return type(parsed).__mro__[1] if unread(parsed) else type(parsed)


def typed(value: Any) -> Any:
    """The value with every leaf paired with its type (an enum member is not the plain string)."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value), value)


def containers(value: Any) -> Iterator[Any]:
    """Every dict and list in a JSON value, the value included."""
    if isinstance(value, dict | list):
        yield value
        for item in value.values() if isinstance(value, dict) else value:
            yield from containers(item)


def clear_all(value: Any) -> None:
    """Empty every dict and list of a JSON value, innermost first."""
    for item in list(value.values() if isinstance(value, dict) else value):
        if isinstance(item, dict | list):
            clear_all(item)
    value.clear()


def check_whole_read(model_type: type[Model], data: dict[str, Any]) -> None:
    eager = model_type.from_dict(copy.deepcopy(data))
    expected = eager.to_dict()
    source = copy.deepcopy(data)
    lazy = read_lazily(model_type, source)

    out = lazy.to_dict()

    assert json.dumps(out) == json.dumps(expected)  # key order included
    assert typed(out) == typed(expected)
    assert unread(lazy)
    assert lazy.to_dict() == expected  # again, from the same JSON
    source_ids = {id(c) for c in containers(source)}
    assert [c for c in containers(out) if id(c) in source_ids] == []
    if isinstance(out, dict | list):
        clear_all(out)
    assert source == data
    assert full_dump(lazy) == full_dump(eager)
    assert lazy.to_dict() == expected  # filled now: the model's own to_dict


@pytest.mark.parametrize(("key", "example"), OBJECT_CASES)
def test_to_dict_of_every_unread_example_is_from_dicts_and_leaves_it_unread(key, example):
    """Over the examples corpus: the same JSON text and value types as from_dict's to_dict, the model still
    unread, no dict or list shared with the JSON it keeps (emptying them all changes none of its reads)."""
    check_whole_read(model_type_of(key, example), example["response"])


@pytest.mark.parametrize("stem", stems("reports"))
def test_to_dict_of_every_unread_report_model_is_from_dicts(stem):
    """The models of the report schemas: a synthesised instance (every key present) and the examples."""
    schema = load_schema("reports", stem)
    for data in (instance(schema), *schema.get("examples", [])):
        check_whole_read(REPORT_MODELS[stem], data)


@pytest.mark.parametrize("key", sorted(NOTIFICATION_SCHEMAS))
def test_to_dict_of_every_unread_notification_model_is_from_dicts(key):
    check_whole_read(
        NOTIFICATION_MODELS[key], instance(load_schema("notifications", NOTIFICATION_SCHEMAS[key]))
    )


def paths(value: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value inside a JSON value (keys and indexes), outermost first."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield (*where, key)
        yield from paths(item, (*where, key))


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    broken = copy.deepcopy(data)
    parent = broken
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return broken


def outcome(call: Any) -> tuple[str, Any]:
    try:
        return ("returns", typed(call()))
    except Exception as error:  # noqa: BLE001 (compared below)
        return ("raises", (type(error), str(error)))


@pytest.mark.parametrize(("key", "example"), OBJECT_CASES)
def test_data_breaking_its_model_reads_whole_as_from_dict_reads_it(key, example):
    """Parts of each example replaced by a string, a number, a list or an object: to_dict() of the unread
    model raises what from_dict raises (same type, same message), or returns what from_dict's to_dict does."""
    model_type = model_type_of(key, example)
    body = example["response"]
    every = list(paths(body))
    chosen = every[:: max(1, len(every) // BROKEN_PARTS)]
    raised = 0
    for path in chosen:
        for breaker in BREAKERS:
            broken = replaced(body, path, copy.deepcopy(breaker))
            expected = outcome(lambda data=broken: model_type.from_dict(copy.deepcopy(data)).to_dict())
            lazy = read_lazily(model_type, copy.deepcopy(broken))
            assert outcome(lazy.to_dict) == expected, (path, breaker)
            raised += expected[0] == "raises"
            assert unread(lazy)
    if key == "orders_v0.getOrders":
        assert raised > 0  # the corpus does break models this way


def test_an_object_that_is_a_string_raises_on_every_whole_read():
    """The getOrders case of test_lazy_models: an order total that is a string raises from_dict's
    AttributeError from to_dict(), each time, and the page stays unread."""
    broken = {"payload": {"Orders": [{**ORDER, "OrderTotal": "12.00 USD"}]}}
    with pytest.raises(AttributeError) as eager_error:
        GetOrdersResponse.from_dict(broken)
    page = parsed_page(broken)

    for _ in range(2):
        with pytest.raises(AttributeError) as lazy_error:
            page.to_dict()
        assert str(lazy_error.value) == str(eager_error.value)
    assert unread(page)


def test_to_dict_of_an_unread_page_fills_no_model(monkeypatch):
    """No model's _fill runs (a model's fill raising here would show), and nothing nested is made."""

    def refuse(*_: Any) -> None:
        raise AssertionError

    monkeypatch.setattr(Order, "_fill", refuse)
    monkeypatch.setattr(GetOrdersResponse, "_fill", refuse)
    page = parsed_page()

    assert page.to_dict() == PAGE
    assert unread(page)


def test_enum_fields_are_written_as_from_dict_writes_them():
    """A known value is the enum member, an unknown one a new member, a non-string value is kept (copied)."""
    orders = [
        ORDER,
        {**ORDER, "OrderStatus": "SomethingNew"},
        {**ORDER, "OrderStatus": ["Pending"]},
    ]
    page = read_lazily(GetOrdersResponse, {"payload": {"Orders": orders}})
    out = page.to_dict()["payload"]["Orders"]

    assert out[0]["OrderStatus"] is OrderOrderStatus.PENDING
    assert type(out[1]["OrderStatus"]) is OrderOrderStatus
    assert out[1]["OrderStatus"] == "SomethingNew"
    assert not out[1]["OrderStatus"].is_known
    assert out[2]["OrderStatus"] == ["Pending"]
    assert out[2]["OrderStatus"] is not orders[2]["OrderStatus"]


def test_unknown_keys_come_first_and_are_copied():
    """Undeclared keys lead, in the JSON's order, then the declared ones in the model's order, as to_dict
    writes them; an undeclared object is a new one."""
    source = {**ORDER, "OrderTotal": {"Amount": "1.00", "Odd": {"deep": [1]}, "CurrencyCode": "USD"}}
    out = read_lazily(Order, source).to_dict()

    assert list(out) == list(Order.from_dict(source).to_dict())
    assert list(out["OrderTotal"]) == ["Odd", "CurrencyCode", "Amount"]
    assert out["BrandNewKey"] == ORDER["BrandNewKey"]
    assert out["BrandNewKey"]["nested"] is not source["BrandNewKey"]["nested"]
    assert out["OrderTotal"]["Odd"]["deep"] is not source["OrderTotal"]["Odd"]["deep"]


def test_fields_assigned_before_the_first_read_are_written():
    """A field (or the undeclared keys) set on an unread model is what to_dict() writes: the model is
    filled then, as before, and keeps the value set."""
    order = parsed_page().payload.orders[0]
    order.order_total = Money(currency_code="EUR", amount="1.00")

    out = order.to_dict()

    assert out["OrderTotal"] == {"CurrencyCode": "EUR", "Amount": "1.00"}
    assert out["AmazonOrderId"] == ORDER["AmazonOrderId"]
    assert not unread(order)

    other = parsed_page().payload.orders[1]
    other.additional_properties = {"Mine": 1}
    expected = {"Mine": 1, **ORDER, "AmazonOrderId": "902-1"}
    del expected["BrandNewKey"]
    assert other.to_dict() == expected

    untouched = parsed_page().payload.orders[1]
    assert untouched.to_dict() == {**ORDER, "AmazonOrderId": "902-1"}
    assert unread(untouched)


def test_copy_json_copies_dicts_and_lists_of_any_values():
    """Plain JSON goes through marshal; values marshal does not write (exact numbers) are copied in Python."""
    for value in (
        {"a": [1, 2.5, None, True, "x", {"b": []}]},
        {"a": [decimal.Decimal("1.10")], "b": {"c": decimal.Decimal(2)}},
        [OrderOrderStatus.PENDING, {"k": OrderOrderStatus.PENDING}],
    ):
        copied = copy_json(value)
        assert typed(copied) == typed(value)
        assert not {id(c) for c in containers(copied)} & {id(c) for c in containers(value)}
    assert copy_json("text") == "text"


def test_a_page_decoded_with_exact_numbers_reads_whole_as_from_dict_reads_it():
    """Decimal numbers (exact-number decoding, which marshal does not write) in declared fields and in
    undeclared keys: the same values and key order as from_dict's to_dict, and no dict or list shared."""
    from selling_partner_api.finances_v0.models import ListFinancialEventsResponse  # noqa: PLC0415

    charge = {"ChargeType": "Principal", "ChargeAmount": {"CurrencyCode": "USD", "CurrencyAmount": 10.1}}
    page = {
        "payload": {
            "FinancialEvents": {"ShipmentEventList": [{"ShipmentItemList": [{"ItemChargeList": [charge]}]}]},
            "Extra": [{"rate": 1.5}],
        }
    }
    source = json.loads(json.dumps(page), parse_float=decimal.Decimal)
    expected = ListFinancialEventsResponse.from_dict(copy.deepcopy(source)).to_dict()

    out = read_lazily(ListFinancialEventsResponse, source).to_dict()

    assert typed(out) == typed(expected)
    assert list(out["payload"]) == list(expected["payload"]) == ["Extra", "FinancialEvents"]
    events = out["payload"]["FinancialEvents"]["ShipmentEventList"]
    assert events[0]["ShipmentItemList"][0]["ItemChargeList"][0]["ChargeAmount"]["CurrencyAmount"] == (
        decimal.Decimal("10.1")
    )
    source_ids = {id(c) for c in containers(source)}
    assert [c for c in containers(out) if id(c) in source_ids] == []
