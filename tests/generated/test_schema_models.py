"""Models generated from Amazon's JSON schemas: every report schema (and every notification schema's root)
reads a synthesised instance into typed models and writes it back unchanged; the registries are lazy."""

from __future__ import annotations

import subprocess
import sys

import pytest
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
