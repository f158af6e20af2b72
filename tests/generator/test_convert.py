"""The Swagger 2.0 -> OpenAPI 3.0 converter, on small hand-written models."""

from __future__ import annotations

from typing import Any

import pytest

from generator.convert import ConversionError, convert

SOURCE = "models/widgets-api-model/widgets.json"


def model(paths: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    """Return a minimal Swagger 2.0 model; ``paths`` defaults to one GET with one 200 response."""
    if paths is None:
        paths = {"/widgets": {"get": operation()}}
    return {"swagger": "2.0", "info": {"title": "Widgets", "version": "v1"}, "paths": paths, **top}


def operation(*parameters: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Return an operation with the given parameters and a plain 200 response."""
    op: dict[str, Any] = {"operationId": "getWidgets", "responses": {"200": {"description": "OK"}}}
    if parameters:
        op["parameters"] = list(parameters)
    return {**op, **extra}


def query_array(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "type": "array", "items": {"type": "string"}, **extra}


def converted_operation(document: dict[str, Any], path: str = "/widgets", method: str = "get") -> Any:
    return convert(document, source=SOURCE)["paths"][path][method]


def conversion_error(document: dict[str, Any]) -> ConversionError:
    with pytest.raises(ConversionError) as caught:
        convert(document, source=SOURCE)
    return caught.value


class TestDocument:
    def test_produces_openapi_3_with_a_server_from_host_and_base_path(self):
        """The output is OpenAPI 3.0.3 and its one server joins host and basePath."""
        document = model(host="sellingpartnerapi-na.amazon.com", basePath="/base/")

        converted = convert(document, source=SOURCE)

        assert converted["openapi"] == "3.0.3"
        assert converted["servers"] == [{"url": "https://sellingpartnerapi-na.amazon.com/base"}]

    def test_leaves_the_input_model_unchanged(self):
        """Converting does not modify the Swagger document it is given."""
        document = model(definitions={"Widget": {"type": "object", "description": "x"}})
        before = repr(document)

        convert(document, source=SOURCE)

        assert repr(document) == before

    def test_rejects_a_document_that_is_not_swagger_2(self):
        """An OpenAPI 3 (or unversioned) document is refused at /swagger."""
        document = model()
        document["swagger"] = "3.0"

        error = conversion_error(document)

        assert error.pointer == "/swagger"


class TestReferences:
    def test_definitions_move_under_components_schemas(self):
        """Definitions become components/schemas and every $ref to them is rewritten."""
        document = model(
            paths={
                "/widgets": {
                    "get": operation(
                        responses={"200": {"description": "OK", "schema": {"$ref": "#/definitions/Widget"}}}
                    )
                }
            },
            definitions={
                "Widget": {"type": "object", "properties": {"part": {"$ref": "#/definitions/Part"}}},
                "Part": {"type": "string"},
            },
        )

        converted = convert(document, source=SOURCE)

        schemas = converted["components"]["schemas"]
        assert set(schemas) == {"Widget", "Part"}
        assert schemas["Widget"]["properties"]["part"] == {"$ref": "#/components/schemas/Part"}
        response = converted["paths"]["/widgets"]["get"]["responses"]["200"]
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Widget"}

    def test_refs_inside_items_all_of_and_additional_properties_are_rewritten(self):
        """Nested sub-schemas (items, allOf, additionalProperties) get their $refs rewritten too."""
        document = model(
            definitions={
                "Part": {"type": "string"},
                "Widget": {
                    "allOf": [{"$ref": "#/definitions/Part"}],
                    "properties": {
                        "parts": {"type": "array", "items": {"$ref": "#/definitions/Part"}},
                        "byName": {"type": "object", "additionalProperties": {"$ref": "#/definitions/Part"}},
                    },
                },
            }
        )

        widget = convert(document, source=SOURCE)["components"]["schemas"]["Widget"]

        part = {"$ref": "#/components/schemas/Part"}
        assert widget["allOf"] == [part]
        assert widget["properties"]["parts"]["items"] == part
        assert widget["properties"]["byName"]["additionalProperties"] == part

    def test_siblings_of_a_ref_are_dropped(self):
        """A $ref's sibling keys (Amazon adds descriptions there) do not survive as an inline schema."""
        document = model(
            definitions={
                "Part": {"type": "string"},
                "Widget": {
                    "type": "object",
                    "properties": {"part": {"$ref": "#/definitions/Part", "description": "The part."}},
                },
            }
        )

        widget = convert(document, source=SOURCE)["components"]["schemas"]["Widget"]

        assert widget["properties"]["part"] == {"$ref": "#/components/schemas/Part"}

    def test_a_dangling_ref_fails_naming_file_and_pointer(self):
        """A $ref to a definition that does not exist is an error at the $ref, not a dropped schema."""
        document = model(
            definitions={"Widget": {"type": "object", "properties": {"part": {"$ref": "#/definitions/Nope"}}}}
        )

        error = conversion_error(document)

        assert error.source == SOURCE
        assert error.pointer == "/definitions/Widget/properties/part/$ref"
        assert "#/definitions/Nope" in str(error)
        assert str(error).startswith(f"{SOURCE}: /definitions/Widget/properties/part/$ref: ")

    def test_a_ref_to_another_file_fails(self):
        """Only local references are supported; a reference into another file is refused."""
        document = model(definitions={"Widget": {"$ref": "common.json#/definitions/Widget"}})

        error = conversion_error(document)

        assert error.pointer == "/definitions/Widget/$ref"
        assert "unsupported $ref" in error.problem


class TestParameters:
    def test_path_level_parameters_are_merged_into_each_operation(self):
        """A parameter declared on the path item appears in every operation of that path."""
        shared = {"name": "widgetId", "in": "path", "required": True, "type": "string"}
        document = model(
            paths={
                "/widgets/{widgetId}": {
                    "parameters": [shared],
                    "get": operation(),
                    "delete": operation(operationId="deleteWidget"),
                }
            }
        )

        converted = convert(document, source=SOURCE)["paths"]["/widgets/{widgetId}"]

        assert "parameters" not in converted
        for method in ("get", "delete"):
            assert [p["name"] for p in converted[method]["parameters"]] == ["widgetId"]

    def test_the_operations_own_parameter_wins_over_the_path_level_one(self):
        """When both levels declare the same name and location, the operation's declaration is used."""
        shared = {"name": "limit", "in": "query", "type": "integer", "description": "shared"}
        own = {"name": "limit", "in": "query", "type": "integer", "maximum": 10, "description": "own"}
        document = model(paths={"/widgets": {"parameters": [shared], "get": operation(own)}})

        parameters = converted_operation(document)["parameters"]

        assert len(parameters) == 1
        assert parameters[0]["description"] == "own"
        assert parameters[0]["schema"] == {"type": "integer", "maximum": 10}

    def test_a_referenced_top_level_parameter_is_inlined(self):
        """A ``#/parameters/...`` reference is resolved into the operation, with its schema."""
        document = model(
            paths={"/widgets": {"get": operation({"$ref": "#/parameters/Limit"})}},
            parameters={"Limit": {"name": "limit", "in": "query", "type": "integer"}},
        )

        parameters = converted_operation(document)["parameters"]

        assert parameters == [
            {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}}
        ]

    def test_an_unresolvable_parameter_reference_fails(self):
        """A parameter reference to a missing top-level parameter names the operation's parameter."""
        document = model(paths={"/widgets": {"get": operation({"$ref": "#/parameters/Missing"})}})

        error = conversion_error(document)

        assert error.pointer == "/paths/~1widgets/get/parameters/0"

    def test_path_parameters_are_always_required(self):
        """OpenAPI 3 requires path parameters to say required: true, whatever Swagger said."""
        document = model(
            paths={"/widgets/{id}": {"get": operation({"name": "id", "in": "path", "type": "string"})}}
        )

        parameter = converted_operation(document, "/widgets/{id}")["parameters"][0]

        assert parameter["required"] is True

    def test_a_body_parameter_becomes_the_request_body(self):
        """The body parameter turns into requestBody with the operation's media type and its schema."""
        body = {
            "name": "body",
            "in": "body",
            "required": True,
            "description": "The widget.",
            "schema": {"$ref": "#/definitions/Widget"},
        }
        document = model(
            paths={"/widgets": {"post": operation(body, consumes=["application/vnd.widget+json"])}},
            definitions={"Widget": {"type": "object"}},
        )

        converted = converted_operation(document, method="post")

        assert "parameters" not in converted
        assert converted["requestBody"] == {
            "required": True,
            "description": "The widget.",
            "content": {"application/vnd.widget+json": {"schema": {"$ref": "#/components/schemas/Widget"}}},
        }

    def test_a_body_uses_the_models_media_type_when_the_operation_gives_none(self):
        """Without an operation-level ``consumes``, the model-level one is used."""
        body = {"name": "body", "in": "body", "schema": {"type": "object"}}
        document = model(paths={"/widgets": {"post": operation(body)}}, consumes=["text/plain"])

        converted = converted_operation(document, method="post")

        assert list(converted["requestBody"]["content"]) == ["text/plain"]
        assert converted["requestBody"]["required"] is False

    def test_a_csv_array_is_form_style_without_explode(self):
        """collectionFormat csv becomes style form, explode false (one comma-joined key)."""
        document = model(paths={"/widgets": {"get": operation(query_array("ids", collectionFormat="csv"))}})

        parameter = converted_operation(document)["parameters"][0]

        assert (parameter["style"], parameter["explode"]) == ("form", False)
        assert parameter["schema"] == {"type": "array", "items": {"type": "string"}}

    def test_an_array_without_collection_format_is_csv(self):
        """Swagger 2.0's default collectionFormat is csv, so a bare array is also form, explode false."""
        document = model(paths={"/widgets": {"get": operation(query_array("ids"))}})

        parameter = converted_operation(document)["parameters"][0]

        assert (parameter["style"], parameter["explode"]) == ("form", False)

    def test_a_multi_array_is_form_style_with_explode(self):
        """collectionFormat multi becomes style form, explode true (one key per value)."""
        document = model(paths={"/widgets": {"get": operation(query_array("ids", collectionFormat="multi"))}})

        parameter = converted_operation(document)["parameters"][0]

        assert (parameter["style"], parameter["explode"]) == ("form", True)

    def test_a_collection_format_on_a_scalar_is_dropped(self):
        """A string parameter carrying collectionFormat (customerFeedback does this) keeps no style."""
        scalar = {"name": "id", "in": "query", "type": "string", "collectionFormat": "csv"}
        document = model(paths={"/widgets": {"get": operation(scalar)}})

        parameter = converted_operation(document)["parameters"][0]

        assert "style" not in parameter
        assert parameter["schema"] == {"type": "string"}

    @pytest.mark.parametrize("collection", ["pipes", "tsv", "ssv"])
    def test_an_unsupported_collection_format_fails(self, collection):
        """Collection formats the models do not use are refused at the parameter's collectionFormat."""
        document = model(
            paths={"/widgets": {"get": operation(query_array("ids", collectionFormat=collection))}}
        )

        error = conversion_error(document)

        assert error.source == SOURCE
        assert error.pointer == "/paths/~1widgets/get/parameters/0/collectionFormat"
        assert collection in error.problem

    def test_form_data_parameters_fail(self):
        """A formData parameter is outside the subset and fails at its ``in``."""
        form = {"name": "file", "in": "formData", "type": "string"}
        document = model(paths={"/widgets": {"post": operation(form)}})

        error = conversion_error(document)

        assert error.pointer == "/paths/~1widgets/post/parameters/0/in"
        assert "formData" in error.problem

    def test_a_file_parameter_fails(self):
        """A parameter of type file is refused at its type."""
        upload = {"name": "file", "in": "query", "type": "file"}
        document = model(paths={"/widgets": {"post": operation(upload)}})

        error = conversion_error(document)

        assert error.pointer == "/paths/~1widgets/post/parameters/0/type"

    def test_an_unknown_parameter_key_fails(self):
        """A parameter key the converter does not know is refused, never dropped silently."""
        odd = {"name": "id", "in": "query", "type": "string", "allowEmptyValue": True}
        document = model(paths={"/widgets": {"get": operation(odd)}})

        error = conversion_error(document)

        assert error.pointer == "/paths/~1widgets/get/parameters/0/allowEmptyValue"
        assert "allowEmptyValue" in str(error)


class TestResponses:
    def test_a_response_with_a_schema_gets_json_content(self):
        """A schema becomes content under the operation's produced media type."""
        response = {"description": "OK", "schema": {"type": "object"}}
        document = model(paths={"/widgets": {"get": operation(responses={"200": response})}})

        converted = converted_operation(document)["responses"]["200"]

        assert converted == {
            "description": "OK",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }

    def test_a_response_without_a_schema_has_no_content(self):
        """A response that declares no schema (cancel feed, 204s) gets no content at all."""
        document = model(
            paths={"/widgets": {"delete": operation(responses={"204": {"description": "Gone"}})}}
        )

        converted = converted_operation(document, method="delete")["responses"]["204"]

        assert converted == {"description": "Gone"}

    def test_response_headers_get_a_schema(self):
        """Swagger's flat header (type, format) becomes an OpenAPI 3 header with a schema."""
        headers = {"x-amzn-RequestId": {"type": "string", "description": "Request id."}}
        document = model(
            paths={
                "/widgets": {"get": operation(responses={"200": {"description": "OK", "headers": headers}})}
            }
        )

        converted = converted_operation(document)["responses"]["200"]["headers"]

        assert converted == {"x-amzn-RequestId": {"schema": {"type": "string"}, "description": "Request id."}}

    def test_vendor_keys_among_responses_are_skipped(self):
        """An ``x-*`` key beside the status codes is not taken for a response."""
        responses = {"200": {"description": "OK"}, "x-note": "vendor"}
        document = model(paths={"/widgets": {"get": operation(responses=responses)}})

        converted = converted_operation(document)["responses"]

        assert list(converted) == ["200"]

    def test_an_unknown_response_key_fails(self):
        """A response key outside the subset is refused at that key."""
        responses = {"200": {"description": "OK", "links": {}}}
        document = model(paths={"/widgets": {"get": operation(responses=responses)}})

        error = conversion_error(document)

        assert error.pointer == "/paths/~1widgets/get/responses/200/links"


class TestPathItems:
    def test_vendor_keys_beside_the_methods_are_skipped(self):
        """``x-*`` keys in a path item (35 in the models) are neither operations nor errors."""
        document = model(paths={"/widgets": {"x-amzn-api-sandbox-only": True, "get": operation()}})

        converted = convert(document, source=SOURCE)["paths"]["/widgets"]

        assert list(converted) == ["get"]

    def test_vendor_extensions_are_dropped_from_schemas_and_operations(self):
        """``x-*`` keys do not reach the OpenAPI output (the generator reads them from Swagger)."""
        document = model(
            paths={"/widgets": {"get": operation(**{"x-amzn-api-sandbox": {"static": []}})}},
            definitions={"Widget": {"type": "string", "enum": ["A"], "x-docgen-enum-table-extension": []}},
        )

        converted = convert(document, source=SOURCE)

        assert "x-amzn-api-sandbox" not in converted["paths"]["/widgets"]["get"]
        assert converted["components"]["schemas"]["Widget"] == {"type": "string", "enum": ["A"]}

    def test_an_unknown_path_item_key_fails(self):
        """A non-method, non-vendor key in a path item is refused, with the path escaped in the pointer."""
        document = model(paths={"/widgets/{id}": {"summary": "Widgets", "get": operation()}})

        error = conversion_error(document)

        assert error.pointer == "/paths/~1widgets~1{id}/summary"

    def test_an_unknown_schema_key_fails(self):
        """A schema keyword the converter does not know (discriminator) is refused at that keyword."""
        document = model(definitions={"Widget": {"type": "object", "discriminator": "kind"}})

        error = conversion_error(document)

        assert error.pointer == "/definitions/Widget/discriminator"

    def test_a_file_schema_fails(self):
        """A schema of type file is refused at its type."""
        document = model(definitions={"Upload": {"type": "file"}})

        error = conversion_error(document)

        assert error.pointer == "/definitions/Upload/type"

    def test_an_operation_without_an_operation_id_fails(self):
        """Every operation must have an operationId: the generated module is named after it."""
        document = model(paths={"/widgets": {"get": {"responses": {"200": {"description": "OK"}}}}})

        error = conversion_error(document)

        assert error.pointer == "/paths/~1widgets/get"
        assert "operationId" in error.problem
