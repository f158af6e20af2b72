"""JSON schemas -> OpenAPI components -> models: the wrapper's reading of each feature, and the pipeline."""

from __future__ import annotations

import importlib
import json
import sys

import pytest

from generator.errors import GeneratorError
from generator.pipeline import generate
from generator.schemas import wrap
from tests.generator.test_pipeline import WIDGETS, swagger, write_specs

NOTIFICATION = "schemas/notifications/WidgetChangeNotification.json"
REPORT = "schemas/reports/widgetReport.json"


def components(schema):
    return wrap(schema, source="x.json", stem="Root").document["components"]["schemas"]


class TestWrap:
    def test_definitions_become_components_and_refs_follow(self):
        schema = {
            "type": "object",
            "properties": {"money": {"$ref": "#/definitions/Money", "description": "ignored sibling"}},
            "definitions": {"Money": {"type": "object", "properties": {"amount": {"type": "number"}}}},
        }
        wrapped = wrap(schema, source="x.json", stem="Root")
        schemas = wrapped.document["components"]["schemas"]
        assert wrapped.root == "Root"
        assert schemas["Root"]["properties"]["money"] == {"$ref": "#/components/schemas/Money"}
        assert schemas["Money"]["properties"]["amount"] == {"type": "number"}

    def test_a_root_ref_makes_its_definition_the_root(self):
        schema = {"$ref": "#/definitions/N", "definitions": {"N": {"type": "object", "properties": {}}}}
        assert wrap(schema, source="x.json", stem="Root").root == "N"

    def test_a_misspelt_root_hash_ref_is_read_as_ref(self):
        schema = {"#ref": "#/definitions/N", "definitions": {"N": {"type": "object", "properties": {}}}}
        assert wrap(schema, source="x.json", stem="Root").root == "N"

    def test_nullable_types_single_anyof_and_tuple_items(self):
        schema = {
            "type": "object",
            "properties": {
                "when": {"type": ["string", "null"], "format": "date-time"},
                "list": {"type": "array", "items": {"anyOf": [{"type": "object", "properties": {}}]}},
                "tuple": {"type": "array", "additionalItems": True, "items": [{"type": "integer"}]},
                "any": {"type": "array"},
                "stray": {
                    "type": "array",
                    "items": {"type": "string"},
                    "properties": {"x": {"type": "object"}},
                },
            },
        }
        props = components(schema)["Root"]["properties"]
        assert props["when"] == {"type": "string", "format": "date-time", "nullable": True}
        assert props["list"]["items"] == {"type": "object", "properties": {}}
        assert props["tuple"] == {"type": "array", "items": {"type": "integer"}}
        assert props["any"] == {"type": "array", "items": {}}
        assert props["stray"] == {"type": "array", "items": {"type": "string"}}

    def test_documentation_keywords_are_dropped(self):
        schema = {
            "$id": "#/root",
            "title": "The root schema",
            "type": "object",
            "default": {},
            "examples": [{}],
            "properties": {"a": {"type": "string", "title": "The a schema", "default": "", "x-doc": 1}},
        }
        assert components(schema)["Root"] == {"type": "object", "properties": {"a": {"type": "string"}}}

    def test_a_root_named_like_a_definition_takes_root(self):
        schema = {
            "type": "object",
            "properties": {"m": {"$ref": "#/definitions/Metrics"}},
            "definitions": {"Metrics": {"type": "object", "properties": {}}},
        }
        assert wrap(schema, source="x.json", stem="metrics").root == "metricsRoot"

    @pytest.mark.parametrize(
        ("schema", "pointer"),
        [
            ({"type": "object", "properties": {"a": {"oneOf": []}}}, "/properties/a/oneOf"),
            ({"type": "object", "properties": {"a": {"$ref": "#/definitions/Gone"}}}, "/properties/a/$ref"),
            ({"type": "object", "properties": {"a": {"$ref": "other.json#/x"}}}, "/properties/a/$ref"),
            ({"type": "object", "properties": {"a": {"type": ["string", "integer"]}}}, "/properties/a/type"),
            ({"type": "array", "items": {"type": "string"}}, "/"),
        ],
    )
    def test_what_it_cannot_read_is_an_error_naming_file_and_pointer(self, schema, pointer):
        with pytest.raises(GeneratorError) as caught:
            wrap(schema, source="x.json", stem="Root")
        assert caught.value.where == "x.json"
        assert caught.value.problem.startswith(pointer)


def notification_schema(kind="WIDGET_CHANGE", version="1.0"):
    return {
        "$schema": "http://json-schema.org/draft-07/schema",
        "type": "object",
        "examples": [{"NotificationType": kind, "PayloadVersion": version}],
        "properties": {
            "NotificationType": {"type": "string"},
            "PayloadVersion": {"type": "string"},
            "Payload": {
                "type": "object",
                "properties": {
                    "WidgetId": {"type": "string"},
                    "At": {"type": "string", "format": "date-time"},
                },
            },
        },
    }


REPORT_SCHEMA = {
    "type": "object",
    "properties": {"rows": {"type": "array", "items": {"$ref": "#/definitions/Row"}}},
    "definitions": {"Row": {"type": "object", "properties": {"sku": {"type": "string"}}}},
}


def schema_specs(tmp_path, facts=None, patches=None, notification=None):
    paths = write_specs(
        tmp_path,
        {
            WIDGETS: swagger("widgets", "getWidget"),
            NOTIFICATION: notification or notification_schema(),
            REPORT: REPORT_SCHEMA,
        },
        patches=patches,
    )
    default = {NOTIFICATION: {"notification_type": "WIDGET_CHANGE", "payload_version": "1.0"}}
    (paths.specs / "schema-facts.json").write_text(json.dumps({"notifications": facts or default}))
    return paths


def load(root, name):
    sys.path.insert(0, str(root))
    try:
        for module in [
            m for m in sys.modules if m == "selling_partner_api" or m.startswith("selling_partner_api.")
        ]:
            del sys.modules[module]
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(root))


class TestPipeline:
    @pytest.fixture(autouse=True)
    def _restore_modules(self):
        saved = {k: v for k, v in sys.modules.items() if k.startswith("selling_partner_api")}
        yield
        for module in [m for m in sys.modules if m.startswith("selling_partner_api")]:
            del sys.modules[module]
        sys.modules.update(saved)

    def test_generates_a_subpackage_per_schema_and_the_registries(self, tmp_path):
        paths = schema_specs(tmp_path)
        target = generate(paths, workers=1)
        base = target / "schemas"
        assert (base / "notifications" / "widget_change_notification" / "models" / "__init__.py").is_file()
        assert (base / "reports" / "widget_report" / "models" / "row.py").is_file()
        registry = load(target.parent, "selling_partner_api.schemas.notifications")
        payload = registry.NOTIFICATION_PAYLOADS[("WIDGET_CHANGE", "1.0")]
        parsed = payload.from_dict({"WidgetId": "w1", "At": "2024-01-02T03:04:05Z", "extra": 1})
        assert parsed.widget_id == "w1"
        assert parsed.additional_properties == {"extra": 1}
        assert registry.NOTIFICATION_SCHEMAS[("WIDGET_CHANGE", "1.0")] == "WidgetChangeNotification"
        reports = load(target.parent, "selling_partner_api.schemas.reports")
        report = reports.REPORT_MODELS["widgetReport"].from_dict({"rows": [{"sku": "A"}]})
        assert report.rows[0].sku == "A"
        assert type(report.rows[0]).__name__ == "Row"

    def test_the_schema_names_its_own_type_and_version_without_facts(self, tmp_path):
        target = generate(schema_specs(tmp_path, facts={"_none": {}}), workers=1)
        registry = load(target.parent, "selling_partner_api.schemas.notifications")
        assert list(registry.NOTIFICATION_SCHEMAS) == [("WIDGET_CHANGE", "1.0")]

    def test_a_notification_schema_that_names_no_type_needs_facts(self, tmp_path):
        silent = notification_schema()
        del silent["examples"]
        paths = schema_specs(tmp_path, facts={"_none": {}}, notification=silent)
        with pytest.raises(GeneratorError) as caught:
            generate(paths, workers=1)
        assert caught.value.where == str(paths.schema_facts)
        assert NOTIFICATION in caught.value.problem
        facts = {NOTIFICATION: {"notification_type": "WIDGET_CHANGE", "payload_version": "1.0"}}
        generate(schema_specs(tmp_path / "b", facts=facts, notification=silent), workers=1)

    def test_facts_the_schema_contradicts_are_an_error(self, tmp_path):
        facts = {NOTIFICATION: {"notification_type": "GADGET_CHANGE", "payload_version": "1.0"}}
        with pytest.raises(GeneratorError) as caught:
            generate(schema_specs(tmp_path, facts=facts), workers=1)
        assert "GADGET_CHANGE" in caught.value.problem
        assert "WIDGET_CHANGE" in caught.value.problem

    def test_facts_naming_no_pinned_schema_are_an_error(self, tmp_path):
        facts = {
            NOTIFICATION: {"notification_type": "WIDGET_CHANGE", "payload_version": "1.0"},
            "schemas/notifications/Gone.json": {"notification_type": "GONE", "payload_version": "1.0"},
        }
        with pytest.raises(GeneratorError) as caught:
            generate(schema_specs(tmp_path, facts=facts), workers=1)
        assert "Gone.json" in caught.value.problem

    def test_a_patch_fixes_a_broken_schema(self, tmp_path):
        broken = notification_schema()
        broken["properties"]["Payload"]["properties"]["WidgetId"] = {"type": "strin"}
        patch = {
            "file": NOTIFICATION,
            "reason": "a typo in a type",
            "operations": [
                {
                    "op": "replace",
                    "path": "/properties/Payload/properties/WidgetId/type",
                    "expect": "strin",
                    "value": "string",
                }
            ],
        }
        with pytest.raises(GeneratorError):
            generate(schema_specs(tmp_path / "a", notification=broken), workers=1)
        target = generate(
            schema_specs(tmp_path / "b", notification=broken, patches={"1.json": patch}), workers=1
        )
        assert (target / "schemas" / "notifications" / "widget_change_notification").is_dir()
