"""Our templates on small hand-written models: rendered, imported beside the real runtime, and exercised."""

from __future__ import annotations

import importlib
import itertools
import sys
from types import ModuleType
from typing import Any

import httpx
import pytest
import selling_partner_api
from openapi_python_client.strings import PythonIdentifier
from seller_central.specdiff.facts import iter_operations
from selling_partner_api.errors import UnexpectedStatus

from generator.convert import convert
from generator.errors import GeneratorError
from generator.normalise import normalise
from generator.render import ModelContext, Renderer, SwaggerOperation

FILE = "models/widgets-api-model/widgets.json"
_numbers = itertools.count()


def widgets(
    *parameters: dict[str, Any], responses: dict[str, Any] | None = None, **top: Any
) -> dict[str, Any]:
    """A model with one operation, listWidgets, on /widgets/{shelf}, plus the given parameters."""
    shelf = {"name": "shelf", "in": "path", "required": True, "type": "integer"}
    ok = {"description": "OK", "schema": {"$ref": "#/definitions/Widget"}}
    return {
        "swagger": "2.0",
        "info": {"title": "Widgets", "version": "v1"},
        "paths": {
            "/widgets/{shelf}": {
                "get": {
                    "operationId": "listWidgets",
                    "parameters": [shelf, *parameters],
                    "responses": responses or {"200": ok},
                }
            }
        },
        "definitions": {
            "Widget": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "size": {"type": "string", "enum": ["2D_BARCODE", "4x6", "A4"]},
                    "madeAt": {"type": "string", "format": "date-time"},
                },
            },
            **top.pop("definitions", {}),
        },
        **top,
    }


def render_files(model: dict[str, Any], package: str) -> dict[str, str]:
    operations = {
        str(PythonIdentifier(op.operation_id, prefix="field_")): SwaggerOperation(
            operation_id=op.operation_id,
            method=op.method,
            path=op.path,
            parameters={(p["name"], p["in"]): p for p in op.parameters},
        )
        for op in iter_operations(FILE, model)
    }
    context = ModelContext(
        package=package, file=FILE, commit="0" * 40, title="Widgets", version="v1", operations=operations
    )
    return Renderer().package(normalise(convert(model, source=FILE)), context)


@pytest.fixture
def render(tmp_path, monkeypatch):
    """Render a model as ``selling_partner_api.<fresh name>`` in a temporary folder and import it."""
    packages: list[str] = []

    def run(model: dict[str, Any]) -> ModuleType:
        package = f"rendered_{next(_numbers)}"
        packages.append(package)
        for relative, text in render_files(model, package).items():
            path = tmp_path / package / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(selling_partner_api, "__path__", [*selling_partner_api.__path__, str(tmp_path)])
        importlib.invalidate_caches()
        return importlib.import_module(f"selling_partner_api.{package}")

    yield run
    for name in [name for name in sys.modules if name.split(".")[1:2] and name.split(".")[1] in packages]:
        del sys.modules[name]


def operation(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.api.list_widgets")


def sent(package: ModuleType, **arguments: Any) -> httpx.Request:
    """The request listWidgets would send with these arguments."""
    kwargs = operation(package).request_kwargs(**arguments)
    return httpx.Client(base_url="https://sp.example").build_request(**kwargs)


def array(name: str, items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "type": "array", "items": items, **extra}


class TestRequests:
    def test_a_csv_integer_array_is_one_comma_joined_key(self, render):
        """Integers in a csv array are written as text and joined with commas under one key."""
        package = render(widgets(array("ids", {"type": "integer"})))

        request = sent(package, shelf=7, ids=[1, 2, 3])

        assert request.url.raw_path == b"/widgets/7?ids=1%2C2%2C3"

    def test_a_csv_enum_array_joins_the_values(self, render):
        """Enum members and plain strings mix in a csv array and travel as their values."""
        package = render(widgets(array("kinds", {"type": "string", "enum": ["BIG", "SMALL"]})))
        kinds = importlib.import_module(f"{package.__name__}.models").ListWidgetsKindsItem

        request = sent(package, shelf=1, kinds=[kinds.BIG, "NEW"])

        assert request.url.params["kinds"] == "BIG,NEW"

    def test_a_multi_integer_array_repeats_the_key(self, render):
        """collectionFormat multi sends one key per value."""
        package = render(widgets(array("ids", {"type": "integer"}, collectionFormat="multi")))

        request = sent(package, shelf=1, ids=[4, 5])

        assert request.url.params.get_list("ids") == ["4", "5"]

    def test_unset_optional_parameters_are_left_out(self, render):
        """Optional query and header parameters not given do not appear at all."""
        limit = {"name": "limit", "in": "query", "type": "integer"}
        trace = {"name": "x-trace", "in": "header", "type": "string"}
        package = render(widgets(limit, trace))

        request = sent(package, shelf=1)

        assert request.url.query == b""
        assert "x-trace" not in request.headers

    def test_header_and_boolean_values_are_written_as_text(self, render):
        """A header parameter is sent as text; a boolean query value as true/false."""
        retries = {"name": "x-retries", "in": "header", "required": True, "type": "integer"}
        draft = {"name": "draft", "in": "query", "type": "boolean"}
        package = render(widgets(retries, draft))

        request = sent(package, shelf=1, x_retries=3, draft=True)

        assert request.headers["x-retries"] == "3"
        assert request.url.params["draft"] == "true"

    def test_the_required_arguments_come_first(self, render):
        """Required parameters lead the signature and have no default; optional ones default to UNSET."""
        limit = {"name": "limit", "in": "query", "type": "integer"}
        marketplace = {"name": "marketplaceId", "in": "query", "required": True, "type": "string"}
        package = render(widgets(limit, marketplace))

        parameters = operation(package).request_kwargs.__code__.co_varnames[:3]

        assert parameters == ("shelf", "marketplace_id", "limit")
        with pytest.raises(TypeError):
            operation(package).request_kwargs(shelf=1)


class TestResponses:
    def test_a_response_model_reads_tolerantly_and_round_trips(self, render):
        """Unknown enum value, missing required key and a bad date all read and write back unchanged."""
        package = render(widgets())
        data = {"size": "8x10", "madeAt": "yesterday", "extra": 1}

        parsed = operation(package).parse_response(httpx.Response(200, json=data))

        assert parsed.size == "8x10"
        assert parsed.to_dict() == data

    def test_digit_leading_enum_values_get_spelled_out_member_names(self, render):
        """2D_BARCODE and 4x6 become TWO_D_BARCODE and FOUR_X6 in the rendered enum."""
        package = render(widgets())
        size = importlib.import_module(f"{package.__name__}.models").WidgetSize

        assert {member.name: member.value for member in size} == {
            "TWO_D_BARCODE": "2D_BARCODE",
            "FOUR_X6": "4x6",
            "A4": "A4",
        }

    def test_an_array_response_parses_to_a_list_of_models(self, render):
        """A response whose schema is an array of models parses item by item."""
        listed = {"description": "OK", "schema": {"type": "array", "items": {"$ref": "#/definitions/Widget"}}}
        package = render(widgets(responses={"200": listed}))

        parsed = operation(package).parse_response(httpx.Response(200, json=[{"name": "a"}, {"name": "b"}]))

        assert [widget.name for widget in parsed] == ["a", "b"]

    def test_a_response_without_schema_parses_to_none(self, render):
        """A documented status with no schema parses to None, whatever the body."""
        package = render(widgets(responses={"200": {"description": "Cancelled."}}))

        assert operation(package).parse_response(httpx.Response(200, text="ignored")) is None

    def test_an_undocumented_status_is_none_or_raises_when_asked(self, render):
        """An undocumented status parses to None, or raises UnexpectedStatus on request."""
        package = render(widgets())
        teapot = httpx.Response(418, text="teapot")

        assert operation(package).parse_response(teapot) is None
        with pytest.raises(UnexpectedStatus, match="418"):
            operation(package).parse_response(teapot, raise_on_unexpected_status=True)


class TestLoudFailures:
    def test_a_status_range_is_refused(self):
        """A ``2XX`` response key cannot be expressed by parse_response, so rendering fails."""
        model = widgets(responses={"2XX": {"description": "OK"}})

        with pytest.raises(GeneratorError, match="status ranges are not supported"):
            render_files(model, "ranges")

    def test_an_integer_enum_is_refused(self):
        """Only string enums are supported; an integer enum stops rendering, naming the model file."""
        model = widgets(definitions={"Level": {"type": "integer", "enum": [1, 2]}})
        model["definitions"]["Widget"]["properties"]["level"] = {"$ref": "#/definitions/Level"}

        with pytest.raises(GeneratorError, match="unsupported enum Level") as caught:
            render_files(model, "levels")

        assert caught.value.where == FILE

    def test_a_schema_the_parser_would_drop_is_an_error(self):
        """A problem the parser reports (a path placeholder with no parameter) is fatal, naming the model."""
        model = widgets()
        model["paths"]["/widgets/{shelf}"]["get"]["parameters"] = []

        with pytest.raises(GeneratorError, match="reported 1 problem") as caught:
            render_files(model, "dropped")

        assert caught.value.where == FILE
