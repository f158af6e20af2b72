"""Nothing in the pinned models is dropped: every operation, response and schema has its generated code."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import selling_partner_api
from openapi_python_client.strings import ClassName
from seller_central.specdiff.facts import OperationFacts, iter_operations, resolve

from generator.patches import apply_patches, load_patches
from generator.specs import Lock

ROOT = Path(selling_partner_api.__file__).parent
SPECS = Path(__file__).resolve().parents[2] / "specs"
TABLE = json.loads((ROOT / "_operations.json").read_text(encoding="utf-8"))["operations"]
ROWS = {row["key"]: row for row in TABLE}
PACKAGES = sorted({row["package"] for row in TABLE})


@pytest.fixture(scope="module")
def pinned() -> dict[str, tuple[dict[str, Any], list[OperationFacts]]]:
    """Each package's patched Swagger model and its operations, as the generator saw them."""
    lock = Lock.read(SPECS / "lock.json")
    patches = load_patches(SPECS / "patches")
    out = {}
    for file in sorted(lock.models):  # the API models; lock.files also pins JSON and GraphQL schemas
        model = json.loads((SPECS / file).read_text(encoding="utf-8"))
        patched, _ = apply_patches(patches, file, model)
        operations = list(iter_operations(file, patched))
        out[operations[0].package] = (patched, operations)
    return out


def test_each_package_file_holds_exactly_its_rows_of_the_table():
    """The facade's operations.get reads one package's file, named by the key's first part."""
    split = {}
    for path in sorted((ROOT / "_operations").glob("*.json")):
        rows = json.loads(path.read_text(encoding="utf-8"))["operations"]
        assert {row["package"] for row in rows} == {path.stem}
        split.update({row["key"]: row for row in rows})
    assert split == ROWS
    assert all(key.partition(".")[0] == row["package"] for key, row in ROWS.items())


def test_the_table_has_all_370_operations_once():
    """_operations.json lists 370 operations with unique keys, across the 66 packages."""
    assert len(TABLE) == 370
    assert len(ROWS) == 370
    assert len(PACKAGES) == 66


def test_every_pinned_operation_has_its_row(pinned):
    """Each operation of each pinned model appears in the table with its method and path, and nothing else."""
    expected = {
        (op.key, op.method, op.path, op.deprecated) for _, operations in pinned.values() for op in operations
    }
    listed = {(row["key"], row["method"], row["path"], row["deprecated"]) for row in TABLE}

    assert listed == expected


def test_both_link_carrier_account_operations_exist():
    """shippingV2's PUT and POST on one path, one operationId upstream, are two operations here."""
    put = ROWS["shipping_v2.linkCarrierAccountPut"]
    post = ROWS["shipping_v2.linkCarrierAccount"]

    assert (put["method"], post["method"]) == ("PUT", "POST")
    assert put["path"] == post["path"] == "/shipping/v2/carrierAccounts/{carrierId}"
    assert put["module"] != post["module"]


@pytest.mark.parametrize("key", sorted(ROWS))
def test_every_row_names_a_module_that_matches_it(key):
    """Each row's module imports and declares the same operation key, method and path."""
    row = ROWS[key]

    module = importlib.import_module(row["module"])

    assert (key, row["method"], row["path"]) == (module.OPERATION, module.METHOD, module.PATH)
    assert callable(module.parse_response)
    assert callable(module.request_kwargs)


def empty_body(model: dict[str, Any], response: dict[str, Any]) -> Any:
    """The smallest JSON value of a response's schema ({} or []), or None when it has no schema."""
    if "schema" not in response:
        return None
    return [] if resolve(model, response["schema"]).get("type") == "array" else {}


@pytest.mark.parametrize("package", PACKAGES)
def test_no_documented_response_is_dropped(package, pinned):
    """Every status with a schema parses to a value; every status without one parses to None."""
    model, operations = pinned[package]
    dropped = []
    for op in operations:
        module = importlib.import_module(ROWS[op.key]["module"])
        for status, response in op.responses.items():
            body = empty_body(model, response)
            sent = httpx.Response(int(status)) if body is None else httpx.Response(int(status), json=body)
            parsed = module.parse_response(sent, raise_on_unexpected_status=True)
            if (parsed is None) != (body is None):
                dropped.append(f"{op.key} {status}")

    assert dropped == []


def is_alias(schema: dict[str, Any]) -> bool:
    """True for ``allOf: [{$ref}]`` and nothing else: the parser reuses the referenced class."""
    return set(schema) <= {"allOf", "description"} and len(schema.get("allOf", [])) == 1


def needs_class(schema: dict[str, Any]) -> bool:
    """True for definitions that become a class: objects and enums (not plain arrays or scalars)."""
    if is_alias(schema):
        return False
    return schema.get("type") == "object" or bool({"properties", "allOf", "enum"} & set(schema))


@pytest.mark.parametrize("package", PACKAGES)
def test_no_schema_is_dropped(package, pinned):
    """Every object or enum definition of the model has a generated class of its name."""
    model, _ = pinned[package]
    models = importlib.import_module(f"selling_partner_api.{package}.models")

    missing = [
        name
        for name, schema in model.get("definitions", {}).items()
        if needs_class(schema) and ClassName(name, "field_") not in models.__all__
    ]

    assert missing == []
