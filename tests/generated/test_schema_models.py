"""Models generated from Amazon's JSON schemas: every report schema (and every notification schema's root)
reads a synthesised instance into typed models and writes it back unchanged; the registries are lazy."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
import selling_partner_api
from selling_partner_api.schemas.notifications import NOTIFICATION_MODELS, NOTIFICATION_SCHEMAS
from selling_partner_api.schemas.reports import REPORT_MODELS
from selling_partner_api.types import Model

from tests.schema_instances import instance, load_schema, stems


def models_in(value):
    if isinstance(value, Model):
        yield value
        for name in value.FIELDS:
            yield from models_in(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from models_in(item)


def test_the_report_registry_covers_every_report_schema():
    assert sorted(REPORT_MODELS) == stems("reports")


@pytest.mark.parametrize("stem", stems("reports"))
def test_every_report_schema_reads_a_synthesised_instance_and_writes_it_back(stem):
    data = instance(load_schema("reports", stem))
    model = REPORT_MODELS[stem].from_dict(data)
    assert model.to_dict() == data
    models = list(models_in(model))
    assert len(models) > 1  # the root and the models of its nested objects, not dicts
    assert [m for m in models if m.additional_properties] == []


@pytest.mark.parametrize("stem", stems("reports"))
def test_every_report_schema_example_round_trips(stem):
    for example in load_schema("reports", stem).get("examples", []):
        assert REPORT_MODELS[stem].from_dict(example).to_dict() == example


@pytest.mark.parametrize("key", sorted(NOTIFICATION_SCHEMAS))
def test_every_notification_root_model_reads_a_synthesised_notification(key):
    data = instance(load_schema("notifications", NOTIFICATION_SCHEMAS[key]))
    assert NOTIFICATION_MODELS[key].from_dict(data).to_dict() == data


def test_every_module_of_the_schema_packages_imports():
    """Each generated schema module (packages, registries, every model and enum) imports, and ROOT resolves."""
    root = Path(selling_partner_api.__file__).parent
    names = []
    for path in sorted((root / "schemas").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        names.append(".".join(("selling_partner_api", *(parts[:-1] if parts[-1] == "__init__" else parts))))
    assert len(names) > 400
    for name in names:
        importlib.import_module(name)
    for stem, cls in REPORT_MODELS.items():
        package = importlib.import_module(cls.__module__.rsplit(".models.", 1)[0])
        assert package.ROOT is cls, stem


def test_loading_a_registry_loads_no_model():
    code = (
        "import sys, selling_partner_api.schemas.reports as r, selling_partner_api.schemas.notifications;"
        "print(sum('.models.' in m for m in sys.modules));"
        "r.REPORT_MODELS['vendorSalesReport'];"
        "print(sum('.models.' in m for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    before, after = done.stdout.split()
    assert before == "0"
    assert int(after) > 0
