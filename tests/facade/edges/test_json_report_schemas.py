"""JSON_REPORT_SCHEMAS maps each report type only to schema files that name it, so a guessed mapping cannot
come (back) in: the pinned schema (``specs/schemas/reports``) must say which report it describes, as the
``reportType`` of a report specification (its examples, or its ``reportType`` property's examples or enum),
or in its title or description."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from seller_central.reports import JSON_REPORT_SCHEMAS

SCHEMAS = Path(__file__).resolve().parents[3] / "specs" / "schemas" / "reports"
TYPE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")  # GET_SALES_AND_TRAFFIC_REPORT, END_USER_DATA_REPORT


def report_types_named(schema: Any) -> set[str]:
    """The report types a schema file names: in a report specification, or in its title or description."""
    named: set[str] = set()
    for node in _dicts(schema):
        if isinstance(node.get("reportType"), str):  # a report specification: {"reportType": "GET_..."}
            named.add(node["reportType"])
        properties = node.get("properties")
        declared = properties.get("reportType") if isinstance(properties, dict) else None
        if isinstance(declared, dict):  # the reportType property's own schema
            values = [*declared.get("examples", []), *declared.get("enum", []), declared.get("const")]
            named.update(value for value in values if isinstance(value, str))
    text = " ".join(str(schema.get(field, "")) for field in ("title", "description"))
    return {value for value in named if TYPE.fullmatch(value)} | set(TYPE.findall(text))


def _dicts(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _dicts(child)
    elif isinstance(node, list):
        for child in node:
            yield from _dicts(child)


def named_by_file() -> dict[str, set[str]]:
    return {
        path.name: report_types_named(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(SCHEMAS.glob("*.json"))
    }


NAMED = named_by_file()


#: The one mapping the schema file cannot confirm: Amazon's report type documentation (performance reports)
#: gives GET_V2_SELLER_PERFORMANCE_REPORT as JSON with this schema, which names no report type itself.
FROM_AMAZONS_DOCS = {"GET_V2_SELLER_PERFORMANCE_REPORT": ("accountHealthReport-2020-11-18.json",)}


@pytest.mark.parametrize(("report_type", "files"), sorted(JSON_REPORT_SCHEMAS.items()))
def test_every_mapped_schema_file_exists_and_names_its_report_type(report_type, files):
    assert files
    for name in files:
        assert name in NAMED, f"{report_type}: no pinned schema file {name}"
        if FROM_AMAZONS_DOCS.get(report_type) == files:
            assert NAMED[name] == set(), f"{name} now names {sorted(NAMED[name])}: drop the exception"
            continue
        assert report_type in NAMED[name], f"{name} names {sorted(NAMED[name]) or 'no report type'}"


def test_every_schema_file_that_names_a_report_type_is_mapped_from_one_it_names():
    mapped = {name: report_type for report_type, files in JSON_REPORT_SCHEMAS.items() for name in files}
    unmapped = {name for name, named in NAMED.items() if named and name not in mapped}

    assert NAMED
    assert unmapped == set()


def test_the_reader_finds_a_report_type_only_where_a_schema_names_one():
    """The check above is only as good as this reader: a type in a report specification or the description
    counts; one that appears elsewhere (in a field's description, as another report's cross-reference) not."""
    schema = {
        "description": "Sales by ASIN (GET_SALES_AND_TRAFFIC_REPORT).",
        "examples": [{"reportSpecification": {"reportType": "GET_VENDOR_SALES_REPORT"}}],
        "properties": {
            "reportSpecification": {"properties": {"reportType": {"enum": ["GET_VENDOR_TRAFFIC_REPORT"]}}},
            "note": {
                "description": "compare with GET_BRAND_ANALYTICS_SEARCH_TERMS_REPORT",
                "enum": ["DAY_ONE"],
            },
        },
    }

    assert report_types_named(schema) == {
        "GET_SALES_AND_TRAFFIC_REPORT",
        "GET_VENDOR_SALES_REPORT",
        "GET_VENDOR_TRAFFIC_REPORT",
    }
    assert report_types_named({"description": "The root schema comprises the entire JSON document."}) == set()
