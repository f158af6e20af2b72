"""The pagination table the generator writes: what it reads from a model, what from the facts, what it refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.errors import GeneratorError
from generator.pipeline import generate
from tests.generator.test_pipeline import write_specs

LISTS = "models/lists-api-model/lists_2024-01-01.json"
KEY = "lists_2024_01_01.listThings"


def model(
    *,
    token_description: str = "A token.",  # noqa: S107 (a description, not a secret)
    response: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A one-operation model: GET /things with a page size, a filter and a nextToken."""
    response = response or {
        "type": "object",
        "properties": {
            "things": {"type": "array", "items": {"type": "string"}},
            "errors": {"type": "array", "items": {"type": "string"}},
            "pagination": {"$ref": "#/definitions/Pagination"},
        },
    }
    return {
        "swagger": "2.0",
        "info": {"title": "Lists API", "version": "2024-01-01"},
        "paths": {
            "/lists/2024-01-01/things": {
                "get": {
                    "operationId": "listThings",
                    "description": "Lists things.",
                    "parameters": [
                        {"name": "pageSize", "in": "query", "type": "integer"},
                        {"name": "status", "in": "query", "type": "string", "required": True},
                        {
                            "name": "nextToken",
                            "in": "query",
                            "type": "string",
                            "description": token_description,
                        },
                    ],
                    "responses": {"200": {"description": "OK", "schema": response}},
                }
            }
        },
        "definitions": {
            "Pagination": {"type": "object", "properties": {"nextToken": {"type": "string"}}},
        },
    }


def pagination_row(tmp_path, spec: dict[str, Any], facts: dict[str, Any] | None = None) -> dict[str, Any]:
    target = generate(write_specs(tmp_path, {LISTS: spec}, facts=facts), workers=1)
    rows = json.loads((target / "_operations.json").read_text(encoding="utf-8"))["operations"]
    (row,) = rows
    return row["pagination"]  # type: ignore[no-any-return]


def test_the_model_gives_token_argument_place_and_items(tmp_path):
    """Token parameter, its argument, the next token's path (JSON and typed) and the one array beside it."""
    row = pagination_row(tmp_path, model())

    assert row == {
        "request_token": "nextToken",
        "request_location": "query",
        "argument": "next_token",
        "response_token": "pagination.nextToken",
        "token_attribute": "pagination.next_token",
        "items": "things",  # errors is not an items list
        "items_attribute": "things",
        "rule": "same",
    }


def test_two_arrays_beside_the_token_give_no_items(tmp_path):
    response = {
        "type": "object",
        "properties": {
            "things": {"type": "array", "items": {"type": "string"}},
            "others": {"type": "array", "items": {"type": "string"}},
            "nextToken": {"type": "string"},
        },
    }

    row = pagination_row(tmp_path, model(response=response))

    assert row == {  # no "items": which of the two lists would it be?
        "request_token": "nextToken",
        "request_location": "query",
        "argument": "next_token",
        "response_token": "nextToken",
        "token_attribute": "next_token",
        "rule": "same",
    }


def test_as_the_only_parameter_in_the_model_makes_the_token_go_alone(tmp_path):
    """getReports and getFeeds say so in their token's description; the generator reads it."""
    spec = model(token_description="Include this token as the only parameter.")

    assert pagination_row(tmp_path, spec)["rule"] == "token-only"


def test_facts_keep_and_set_what_a_later_page_sends(tmp_path):
    facts = {"pagination": {KEY: {"keep": ["pageSize"], "set": {"status": "NEXT"}, "note": "Why."}}}

    row = pagination_row(tmp_path, model(), facts)

    assert (row["rule"], row["keep"], row["set"], row["note"]) == (
        "token-only",
        ["page_size"],
        {"status": "NEXT"},
        "Why.",
    )


def test_facts_can_mark_an_operation_not_iterable(tmp_path):
    row = pagination_row(tmp_path, model(), {"pagination": {KEY: {"iterable": False, "note": "No."}}})

    assert row["rule"] == "not-iterable"


@pytest.mark.parametrize(
    ("fact", "problem"),
    [
        (
            {"lists_2024_01_01.listThingz": {"note": "x"}},
            "pagination: lists_2024_01_01.listThingz names no operation",
        ),
        ({KEY: {"keep": ["pageSise"]}}, "has no parameter 'pageSise'"),
        ({KEY: {"set": {"Status": "X"}}}, "has no parameter 'Status'"),
        ({KEY: {"token_to": "lists_2024_01_01.gone"}}, "token_to names no operation"),
    ],
)
def test_a_pagination_fact_that_names_nothing_is_an_error(tmp_path, fact, problem):
    paths = write_specs(tmp_path, {LISTS: model()}, facts={"pagination": fact})

    with pytest.raises(GeneratorError) as caught:
        generate(paths, workers=1)

    assert caught.value.where == str(paths.facts)
    assert problem in caught.value.problem


def test_the_describe_file_lists_every_parameter(tmp_path):
    target = generate(write_specs(tmp_path, {LISTS: model()}), workers=1)

    described = json.loads((target / "_describe" / "lists_2024_01_01.json").read_text(encoding="utf-8"))

    assert described["operations"]["listThings"] == {
        "summary": "Lists things.",
        "body": False,
        "parameters": [
            {
                "name": "pageSize",
                "in": "query",
                "python_name": "page_size",
                "type": "integer",
                "required": False,
            },
            {"name": "status", "in": "query", "python_name": "status", "type": "string", "required": True},
            {
                "name": "nextToken",
                "in": "query",
                "python_name": "next_token",
                "type": "string",
                "required": False,
            },
        ],
    }
