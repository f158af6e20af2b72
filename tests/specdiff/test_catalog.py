"""Naming the facade actions a change touches, from whatever action catalog can be imported."""

from __future__ import annotations

import json
import subprocess
import sys

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


def test_a_fresh_process_names_the_actions_of_every_area():
    """The catalog is read whole, even where no action area was imported before (the specdiff command)."""
    code = "import json; from seller_central.specdiff.catalog import operation_actions; print(json.dumps(operation_actions()))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603 (our own interpreter, fixed code)

    actions = json.loads(done.stdout)
    assert "list_orders" in actions["orders_v0.getOrders"]
    assert actions["feeds_2021_06_30.createFeed"] == ["create_feed", "submit_feed"]
    assert actions["merchant_fulfillment_v0.createShipment"] == ["create_shipment"]


def test_a_catalog_that_fails_to_import_gives_no_names(monkeypatch):
    """A half-written facade must not stop the changelog: it just names no actions."""
    monkeypatch.setitem(sys.modules, "seller_central.actions", None)  # makes the import raise ImportError

    assert operation_actions() == {}
