"""Actions name their operation once, as a generated module the type checker follows (issue 13).

An action declares ``@action(..., operation=<generated operation module>)``; a single-operation body returns a
``Call`` without an operation, which the declaration completes; a flow names each step's module. The send path
uses the module a call carries instead of importing it again by key.
"""

from __future__ import annotations

import ast
import types
from pathlib import Path

import attrs
import httpx
import pytest
from seller_central import _send, actions, operations
from seller_central.calls import Call, Context
from selling_partner_api.orders_v0.api import get_order, get_orders

from tests.facade.actions.conftest import oauth_connection

ACTIONS_DIR = Path(actions.__file__).parent
KEYS = frozenset(operation.key for operation in operations.all_operations())


def _key_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in KEYS
    ]


def test_no_action_module_writes_an_operation_key_as_a_string():
    """Every ``actions/*.py`` refers to operations by module; no ``<package>.<operationId>`` text is left."""
    modules = sorted(ACTIONS_DIR.glob("*.py"))
    assert len(modules) > 8  # the scan reads the real action areas
    found = [f"{path.name}:{line}: {key}" for path in modules for line, key in _key_literals(path)]
    assert found == []


def test_the_scan_sees_a_key_written_as_a_string(tmp_path):
    """The scan above would catch a key string (so its empty result means something)."""
    sample = tmp_path / "sample.py"
    sample.write_text('CALL = dict(operation="orders_v0.getOrder")\n', encoding="utf-8")
    assert _key_literals(sample) == [(1, "orders_v0.getOrder")]


def test_each_declared_operation_is_the_generated_module_of_its_key():
    """``Action.operation`` stays the key (catalog, CLI, specdiff), read from the module it declares."""
    declared = [action for action in actions.catalog() if action.operation is not None]
    assert len(declared) > 30
    for action in declared:
        assert isinstance(action.module, types.ModuleType), action.name
        assert action.operation == action.module.OPERATION
        assert action.module is operations.module(action.operation)
    raw = actions.get("raw_request")
    assert raw.operation is None
    assert raw.module is None


def test_a_call_takes_its_key_from_the_module_it_carries():
    call = Call(op=get_order, arguments={"order_id": "1"})
    assert call.operation == "orders_v0.getOrder"
    assert call.op is get_order
    assert Call(operation="orders_v0.getOrder").op is None  # api.call(key): the key alone still works


def test_a_call_refuses_a_key_that_is_not_its_modules():
    with pytest.raises(ValueError, match=r"orders_v0\.getOrders"):
        Call(op=get_order, operation="orders_v0.getOrders")


def test_a_call_without_an_operation_is_completed_once():
    bare: Call[object] = Call(arguments={"order_id": "1"})
    assert bare.operation == ""
    done = bare.completed(get_order)
    assert (done.operation, done.op, done.arguments) == ("orders_v0.getOrder", get_order, {"order_id": "1"})
    assert Call(op=get_orders).completed(get_order).operation == "orders_v0.getOrders"


def test_completing_a_call_keeps_every_other_field():
    def extract(model: object) -> object:
        return model

    given = {
        "arguments": {"order_id": "1"},
        "data_elements": ("buyerInfo",),
        "timeout": 3.5,
        "debug": True,
        "extract": extract,
        "exact_numbers": True,
        "rdt": "Atz.sprdt|example",
    }
    # Every field but the two that name the operation has a non-default value here: a field added to Call
    # and not carried over by completed() fails this test.
    assert {field.name for field in attrs.fields(Call)} == {"op", "operation", *given}
    done = Call(**given).completed(get_order)
    assert {name: getattr(done, name) for name in given} == given
    assert (done.op, done.operation) == (get_order, "orders_v0.getOrder")


def test_a_call_that_names_no_operation_is_never_sent():
    context = Context(connection=oauth_connection())
    with pytest.raises(TypeError, match="names no operation"):
        _send.prepare_call(context, Call(arguments={"order_id": "1"}))


def test_single_operation_actions_return_calls_naming_the_declared_module():
    """The body names no operation; the call the action returns carries the declared module."""
    context = Context(connection=oauth_connection())
    built = actions.get("get_order").build(context, {"order_id": "902-3159896-1390916"})
    assert built.op is actions.get("get_order").module
    assert built.operation == "orders_v0.getOrder"
    pages = actions.get("list_orders").build(
        context, {"marketplace_ids": ["ATVPDKIKX0DER"], "created_after": "2024-01-01T00:00:00Z"}
    )
    assert pages.first.op is get_orders


def test_the_send_path_uses_the_carried_module_without_importing_by_key(monkeypatch):
    """prepare_call and finish_call read the call's module; the key lookup is only for key-only calls."""

    def no_lookup(key: str) -> types.ModuleType:
        raise AssertionError(f"looked {key} up by key")

    monkeypatch.setattr(operations, "module", no_lookup)
    context = Context(connection=oauth_connection())
    call = Call(op=get_order, arguments={"order_id": "902-3159896-1390916"}, extract=lambda parsed: parsed)
    kwargs = _send.prepare_call(context, call)
    assert kwargs["url"].endswith("/orders/v0/orders/902-3159896-1390916")
    request = httpx.Request("GET", kwargs["url"])
    response = httpx.Response(
        200, json={"payload": {"AmazonOrderId": "902-3159896-1390916"}}, request=request
    )
    parsed = _send.finish_call(call, response)
    assert parsed.payload.amazon_order_id == "902-3159896-1390916"
    with pytest.raises(AssertionError, match="by key"):
        _send.prepare_call(context, Call(operation="orders_v0.getOrder", arguments={"order_id": "1"}))
