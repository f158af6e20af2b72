"""Every static sandbox response in the 66 models parses with its generated model and round-trips."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import selling_partner_api

ROOT = Path(selling_partner_api.__file__).parent
MODULES = {
    row["key"]: row["module"]
    for row in json.loads((ROOT / "_operations.json").read_text(encoding="utf-8"))["operations"]
}
NO_CONTENT = 204


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
    declared = list(type(parsed).FIELDS)
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
    """The example parses with the operation's model, declares every key, and to_dict gives it back exactly.

    Exactly, dates included: a date-time read from JSON keeps its text, so even a date-only value in a
    date-time field ("2025-01-12") is written back as it came.
    """
    module = importlib.import_module(MODULES[key])
    body = example["response"]

    parsed = module.parse_response(response_for(example), raise_on_unexpected_status=True)

    if example["status"] == NO_CONTENT or body is None:
        assert parsed is None
        return
    assert parsed is not None
    assert undeclared_keys(parsed) == []
    assert to_json(parsed) == body
