"""Every static sandbox response in the 66 models parses with its generated model and round-trips."""

from __future__ import annotations

import datetime
import importlib
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import selling_partner_api
from attrs import fields

ROOT = Path(selling_partner_api.__file__).parent
MODULES = {
    row["key"]: row["module"]
    for row in json.loads((ROOT / "_operations.json").read_text(encoding="utf-8"))["operations"]
}
NO_CONTENT = 204
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$")


def sandbox_cases() -> list[Any]:
    cases = []
    for path in sorted((ROOT / "_sandbox").glob("*.json")):
        sandbox = json.loads(path.read_text(encoding="utf-8"))
        for operation_id, operation in sandbox["operations"].items():
            key = f"{sandbox['package']}.{operation_id}"
            for index, example in enumerate(operation["examples"]):
                cases.append(pytest.param(key, example, id=f"{key}[{index}]-{example['status']}"))
    return cases


CASES = sandbox_cases()


def as_instant(value: Any) -> Any:
    """Replace ISO dates and date-times by what they denote, so equal instants compare equal."""
    if isinstance(value, dict):
        return {key: as_instant(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_instant(item) for item in value]
    if isinstance(value, str) and _DATE_LIKE.match(value):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        # An aware time is an instant; a naive one only compares with naive ones.
        return ("instant", moment.timestamp()) if moment.tzinfo else ("local", moment.isoformat())
    return value


def to_json(parsed: Any) -> Any:
    if isinstance(parsed, list):
        return [to_json(item) for item in parsed]
    return parsed.to_dict() if hasattr(parsed, "to_dict") else parsed


def undeclared_keys(parsed: Any, where: str = "") -> list[str]:
    """Keys of the data that a model with declared fields kept only as additional properties."""
    if isinstance(parsed, list):
        return [key for index, item in enumerate(parsed) for key in undeclared_keys(item, f"{where}/{index}")]
    if not hasattr(parsed, "additional_properties"):
        return []
    declared = [field.name for field in fields(type(parsed)) if field.name != "additional_properties"]
    found = [f"{where}/{key}" for key in parsed.additional_properties] if declared else []
    children = [getattr(parsed, name) for name in declared] + list(parsed.additional_properties.values())
    return found + [key for child in children for key in undeclared_keys(child, where)]


def response_for(example: dict[str, Any]) -> httpx.Response:
    """The HTTP response the sandbox would send: no body for 204 or a missing example body."""
    status, body = example["status"], example["response"]
    if status == NO_CONTENT or body is None:
        return httpx.Response(status)
    return httpx.Response(status, json=body)


def test_there_is_one_case_per_static_example():
    """The table of cases covers the ~900 static examples of the pinned models, in 66 files."""
    assert len(list((ROOT / "_sandbox").glob("*.json"))) == 66
    assert len(CASES) > 880


@pytest.mark.parametrize(("key", "example"), CASES)
def test_sandbox_example_parses_and_round_trips(key, example):
    """The example parses with the operation's model, declares every key, and to_dict gives it back."""
    module = importlib.import_module(MODULES[key])
    body = example["response"]

    parsed = module.parse_response(response_for(example), raise_on_unexpected_status=True)

    if example["status"] == NO_CONTENT or body is None:
        assert parsed is None
        return
    assert parsed is not None
    assert undeclared_keys(parsed) == []
    assert as_instant(to_json(parsed)) == as_instant(body)
