"""Naming the facade actions a change touches, from whatever action catalog can be imported."""

from __future__ import annotations

import sys
import types

import attrs
from seller_central.specdiff.catalog import actions_by_operation, operation_actions


@attrs.frozen
class FakeAction:
    name: str
    operation: str | None


def test_actions_are_grouped_by_operation_and_sorted():
    """Several actions on one operation are listed together; actions with no operation are left out."""
    actions = [
        FakeAction("list_orders", "orders_v0.getOrders"),
        FakeAction("iter_orders", "orders_v0.getOrders"),
    ]

    assert actions_by_operation([*actions, FakeAction("raw_request", None)]) == {
        "orders_v0.getOrders": ["iter_orders", "list_orders"]
    }


def test_the_registry_of_the_actions_package_is_read(monkeypatch):
    """A ``registry`` mapping of name to action on seller_central.actions is what the catalog provides."""
    package = types.ModuleType("seller_central.actions")
    package.registry = {"get_order": FakeAction("get_order", "orders_v0.getOrder")}
    monkeypatch.setitem(sys.modules, "seller_central.actions", package)

    assert operation_actions() == {"orders_v0.getOrder": ["get_order"]}


def test_a_catalog_that_fails_to_import_gives_no_names(monkeypatch):
    """A half-written facade must not stop the changelog: it just names no actions."""
    monkeypatch.setitem(sys.modules, "seller_central.actions", None)  # makes the import raise ImportError

    assert operation_actions() == {}
