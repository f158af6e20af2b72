"""Shared fixtures of the API changelog tests: the two model snapshots, their changelog, a model writer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from seller_central.specdiff import Changelog, diff_models

from tests.snapshots import snapshots_root

SNAPSHOTS = snapshots_root()
OLD = SNAPSHOTS / "2025-11-17-078c96a"
NEW = SNAPSHOTS / "2026-08-05-34dc93f"

# A fixed catalog, so the tests do not depend on which actions the facade declares today.
ACTIONS = {
    "orders_v0.getOrders": ["list_orders"],
    "orders_v0.getOrder": ["get_order"],
    "orders_2026_01_01.searchOrders": ["search_orders"],
    "orders_2026_01_01.getOrder": ["get_order_details"],
    "messaging_v1.CreateAmazonMotors": ["send_motors_message"],
}


@pytest.fixture(scope="session")
def old_root() -> Path:
    """The 2025-11-17 snapshot of Amazon's models."""
    if not (OLD / "models").is_dir():
        pytest.skip(f"the model snapshot {OLD} is not available")
    return OLD


@pytest.fixture(scope="session")
def new_root() -> Path:
    """The 2026-08-05 snapshot of Amazon's models (the one the repository pins)."""
    if not (NEW / "models").is_dir():
        pytest.skip(f"the model snapshot {NEW} is not available")
    return NEW


@pytest.fixture(scope="session")
def actions() -> dict[str, list[str]]:
    """The fixed action catalog the snapshot tests pass in."""
    return ACTIONS


@pytest.fixture(scope="session")
def changelog(old_root, new_root) -> Changelog:
    """The changelog from the 2025-11-17 snapshot to the 2026-08-05 one (computed once per worker)."""
    return diff_models(old_root, new_root, actions=ACTIONS)


def _swagger(paths: dict, definitions: dict | None = None) -> dict:
    return {
        "swagger": "2.0",
        "info": {"title": "Test API", "version": "v0"},
        "paths": paths,
        "definitions": definitions or {},
    }


@pytest.fixture
def write_model():
    """Return ``write(root, paths, definitions=None, file=...)``: write one Swagger model under ``root``."""

    def write(root: Path, paths: dict, definitions: dict | None = None, *, file: str = "") -> Path:
        path = root / (file or "models/test-api-model/testV0.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(_swagger(paths, definitions)), encoding="utf-8")
        return root

    return write
