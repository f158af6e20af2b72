"""Static sandbox matching without sockets: value equality, specificity, descriptions and loose examples."""

from __future__ import annotations

import pytest
from seller_central.sandbox import examples
from seller_central.sandbox.examples import Constraint, Example
from seller_central.sandbox.matching import NO_JSON, Incoming, best_match, describe, parse_json


def example(status: int, *constraints: Constraint) -> Example:
    return Example(status=status, response={"status": status}, constraints=constraints)


def request(*, path=None, query=None, headers=None, body=NO_JSON) -> Incoming:
    return Incoming(path_values=path or {}, query=query or {}, headers=headers or {}, json_body=body)


def path(name, value) -> Constraint:
    return Constraint(location="path", name=name, expected=value)


def query(name, value) -> Constraint:
    return Constraint(location="query", name=name, expected=value)


def body(value) -> Constraint:
    return Constraint(location="body", name="body", expected=value)


@pytest.mark.parametrize(
    ("expected", "actual", "matches"),
    [
        ("TEST_CASE_200", "TEST_CASE_200", True),
        ("TEST_CASE_200", "test_case_200", False),
        (500.0, "500", True),
        (10, "10.0", True),
        (10, "ten", False),
        (True, "true", True),
        ("2024-03-11T13:16:24.630Z", "2024-03-11T13:16:24.630+00:00", True),
        ("2024-03-11T13:16:24Z", "2024-03-11T14:16:24+01:00", True),
        ("2024-03-11T13:16:24Z", "2024-03-11T13:16:25Z", False),
    ],
)
def test_path_value_equality(expected, actual, matches):
    """Path values compare as text, numbers as numbers and date-times as instants."""
    found = best_match([example(200, path("id", expected))], request(path={"id": actual}))
    assert (found is not None) is matches


@pytest.mark.parametrize(
    ("values", "matches"),
    [(("A", "B"), True), (("B", "A"), True), (("A",), False), (("A", "B", "C"), False)],
)
def test_query_arrays_are_multisets(values, matches):
    """Array query values match whatever their order, but not with items missing or extra."""
    found = best_match([example(200, query("ids", ["A", "B"]))], request(query={"ids": values}))
    assert (found is not None) is matches


def test_most_specific_example_wins():
    """Of several matching examples the one listing the most values answers; ties go to the first."""
    catch_all, specific, twin = (
        example(200),
        example(400, path("sku", "BadSKU")),
        example(401, path("sku", "BadSKU")),
    )
    found = best_match([catch_all, specific, twin], request(path={"sku": "BadSKU"}))
    assert found is specific
    assert best_match([catch_all, specific], request(path={"sku": "GoodSKU"})) is catch_all


def test_body_must_equal_whole_json():
    """A body value matches an equal JSON body (numbers by value) but not one with an extra field."""
    candidates = [example(200, body({"a": 1.0, "b": [1, 2]}))]
    assert best_match(candidates, request(body={"b": [1, 2], "a": 1})) is not None
    assert best_match(candidates, request(body={"a": 1, "b": [1, 2], "c": 0})) is None
    assert best_match(candidates, request(body={"a": 1, "b": [2, 1]})) is None
    assert best_match(candidates, request()) is None


def test_booleans_are_not_numbers():
    """JSON true does not equal 1 in a body."""
    assert best_match([example(200, body({"a": True}))], request(body={"a": 1})) is None


def test_parse_json():
    """Empty and non-JSON bodies read as NO_JSON."""
    assert parse_json(b"") is NO_JSON
    assert parse_json(b"<xml/>") is NO_JSON
    assert parse_json(b'{"a": 1}') == {"a": 1}


def test_describe():
    """Descriptions join name=value pairs, arrays comma-joined, long bodies cut."""
    assert describe(example(200)) == "any request"
    assert describe(example(200, path("orderId", "TEST_CASE_200"), query("ids", ["A", "B"]))) == (
        "orderId=TEST_CASE_200 & ids=A,B"
    )
    assert describe(example(200, body({"k": "x" * 500}))).endswith("...")


def test_loose_examples_are_read_as_meant():
    """A value-less body is no constraint, bare fields are the body, and a nested path value is lifted."""
    listings = examples.operation("listings_items_2021_08_01", "getListingsItem")
    assert listings is not None
    assert listings.examples[0].constraints == ()
    easy_ship = examples.operation("easy_ship_2022_03_23", "createScheduledPackage")
    assert easy_ship is not None
    assert easy_ship.examples[0].constraints[0].expected["amazonOrderId"] == "903-1713775-3598252"
    services = examples.operation("services_v1", "getFixedSlotCapacity")
    assert services is not None
    lifted = {c.name: c.location for c in services.examples[4].constraints}
    assert lifted == {"body": "body", "resourceId": "path"}


def test_unknown_operation_has_no_examples():
    """An operation without static examples reads as None."""
    assert examples.operation("fba_inventory_v1", "getInventorySummaries") is None
    assert examples.operation("no_such_package", "x") is None
