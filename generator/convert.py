"""Convert the Swagger 2.0 subset that Amazon's SP-API models use into OpenAPI 3.0.3.

openapi-python-client reads OpenAPI 3 only, and no offline Python converter exists, so this module does
the conversion for exactly the features the 66 models use. Anything outside that subset (``formData``
parameters, ``type: file``, security definitions, an unknown key) raises :class:`ConversionError` naming
the file and the JSON pointer, rather than being dropped or guessed at.

What the conversion does:

- ``definitions``, top-level ``parameters`` and ``responses`` move under ``components``; every ``$ref``
  is rewritten to match.
- Path-level parameters are merged into each operation (an operation's own parameter wins).
- A ``body`` parameter becomes a ``requestBody``; other parameters get a ``schema`` and, for arrays, the
  ``style``/``explode`` pair that matches ``collectionFormat`` (``csv`` by default in Swagger 2.0,
  ``multi`` for repeated keys).
- Responses get ``content`` only when they declare a schema; response headers get a ``schema``.
- ``x-*`` vendor extensions are dropped from the output (the generator reads the ones it needs, such as
  the static sandbox, from the Swagger model itself).
"""

from __future__ import annotations

from typing import Any

from seller_central.specdiff.facts import HTTP_METHODS

__all__ = ["ConversionError", "convert"]

JSON = dict[str, Any]


# Keys a schema object may carry in these models, beyond vendor extensions.
_SCHEMA_KEYS = {
    "type", "format", "description", "title", "properties", "required", "items", "enum", "default",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
    "minItems", "maxItems", "uniqueItems", "multipleOf", "additionalProperties", "allOf", "example",
    "$ref", "minProperties", "maxProperties", "readOnly",
}  # fmt: skip
# Schema keywords whose value is a single schema, a list of schemas or a map of schemas.
_SUBSCHEMA_ONE = ("items",)
_SUBSCHEMA_LIST = ("allOf",)
_SUBSCHEMA_MAP = ("properties",)
# Keys copied from a non-body Swagger parameter into its OpenAPI 3 schema.
_PARAM_SCHEMA_KEYS = {
    "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
    "multipleOf",
}  # fmt: skip
_PARAM_KEYS = _PARAM_SCHEMA_KEYS | {"name", "in", "description", "required", "collectionFormat", "schema"}
_OPERATION_KEYS = {
    "operationId", "summary", "description", "tags", "parameters", "responses", "deprecated",
    "consumes", "produces",
}  # fmt: skip
_RESPONSE_KEYS = {"description", "schema", "headers", "examples"}
_ROOT_KEYS = {
    "swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths", "definitions",
    "parameters", "responses", "tags",
}  # fmt: skip
_COLLECTION_STYLES = {
    # collectionFormat -> (style, explode) for query parameters
    "csv": ("form", False),
    "multi": ("form", True),
}


class ConversionError(ValueError):
    """Raised when a model uses a Swagger feature outside the subset this converter supports."""

    def __init__(self, source: str, pointer: str, problem: str) -> None:
        self.source = source
        self.pointer = pointer
        self.problem = problem
        super().__init__(f"{source}: {pointer or '/'}: {problem}")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Converter:
    def __init__(self, source: str, model: JSON) -> None:
        self.source = source
        self.model = model

    def fail(self, pointer: str, problem: str) -> ConversionError:
        return ConversionError(self.source, pointer, problem)

    def check_keys(self, obj: JSON, allowed: set[str], pointer: str) -> None:
        for key in obj:
            if key not in allowed and not key.startswith("x-"):
                raise self.fail(f"{pointer}/{_escape(key)}", f"unsupported key {key!r}")

    # -- references ----------------------------------------------------------------------------------

    def ref(self, value: str, pointer: str) -> str:
        for section, new in (
            ("definitions", "#/components/schemas/"),
            ("parameters", "#/components/parameters/"),
            ("responses", "#/components/responses/"),
        ):
            old = f"#/{section}/"
            if value.startswith(old):
                # A dangling reference would otherwise surface later as a vague parser warning.
                if value[len(old) :] not in self.model.get(section, {}):
                    raise self.fail(pointer, f"$ref {value!r} names no entry of {section!r}")
                return new + value[len(old) :]
        raise self.fail(pointer, f"unsupported $ref {value!r} (only local definitions are supported)")

    # -- schemas ---------------------------------------------------------------------------------------

    def schema(self, schema: Any, pointer: str) -> JSON:
        if not isinstance(schema, dict):
            raise self.fail(pointer, "a schema must be an object")
        if "$ref" in schema:
            # OpenAPI 3.0 ignores siblings of $ref; the models add descriptions there (1,438 times), which
            # a generator must not mistake for an inline schema.
            return {"$ref": self.ref(schema["$ref"], f"{pointer}/$ref")}
        self.check_keys(schema, _SCHEMA_KEYS, pointer)
        if schema.get("type") == "file":
            raise self.fail(f"{pointer}/type", "type 'file' is not supported")
        out: JSON = {}
        for key, value in schema.items():
            if key.startswith("x-"):
                continue
            if key in _SUBSCHEMA_ONE:
                out[key] = self.schema(value, f"{pointer}/{key}")
            elif key in _SUBSCHEMA_LIST:
                out[key] = [self.schema(v, f"{pointer}/{key}/{i}") for i, v in enumerate(value)]
            elif key in _SUBSCHEMA_MAP:
                out[key] = {
                    name: self.schema(sub, f"{pointer}/{key}/{_escape(name)}") for name, sub in value.items()
                }
            elif key == "additionalProperties" and isinstance(value, dict):
                out[key] = self.schema(value, f"{pointer}/{key}")
            else:
                out[key] = value
        return out

    # -- parameters ------------------------------------------------------------------------------------

    def resolve_parameter(self, param: JSON, pointer: str) -> JSON:
        if "$ref" in param:
            ref = param["$ref"]
            prefix = "#/parameters/"
            if not ref.startswith(prefix) or ref[len(prefix) :] not in self.model.get("parameters", {}):
                raise self.fail(pointer, f"unresolvable parameter reference {ref!r}")
            return dict(self.model["parameters"][ref[len(prefix) :]])
        return param

    def parameter(self, param: JSON, pointer: str) -> JSON:
        self.check_keys(param, _PARAM_KEYS, pointer)
        location = param.get("in")
        if location not in ("query", "path", "header"):
            raise self.fail(f"{pointer}/in", f"unsupported parameter location {location!r}")
        if param.get("type") == "file":
            raise self.fail(f"{pointer}/type", "type 'file' is not supported")
        out: JSON = {"name": param["name"], "in": location}
        if "description" in param:
            out["description"] = param["description"]
        out["required"] = True if location == "path" else bool(param.get("required", False))
        schema = {key: value for key, value in param.items() if key in _PARAM_SCHEMA_KEYS}
        out["schema"] = self.schema(schema, pointer)
        if param.get("type") == "array":
            collection = param.get("collectionFormat", "csv")
            if location == "query":
                if collection not in _COLLECTION_STYLES:
                    raise self.fail(
                        f"{pointer}/collectionFormat", f"unsupported collectionFormat {collection!r}"
                    )
                out["style"], out["explode"] = _COLLECTION_STYLES[collection]
            elif collection != "csv":
                raise self.fail(f"{pointer}/collectionFormat", f"{collection!r} is only supported in query")
            else:
                out["style"], out["explode"] = "simple", False
        # A collectionFormat on a scalar parameter (customerFeedback, shippingV2) means nothing; drop it.
        return out

    def body(self, param: JSON, consumes: list[str], pointer: str) -> JSON:
        self.check_keys(param, {"name", "in", "description", "required", "schema"}, pointer)
        if "schema" not in param:
            raise self.fail(pointer, "a body parameter needs a schema")
        media = consumes[0] if consumes else "application/json"
        out: JSON = {
            "required": bool(param.get("required", False)),
            "content": {media: {"schema": self.schema(param["schema"], f"{pointer}/schema")}},
        }
        if "description" in param:
            out["description"] = param["description"]
        return out

    # -- responses -------------------------------------------------------------------------------------

    def response(self, response: JSON, produces: list[str], pointer: str) -> JSON:
        if "$ref" in response:
            return {"$ref": self.ref(response["$ref"], f"{pointer}/$ref")}
        self.check_keys(response, _RESPONSE_KEYS, pointer)
        out: JSON = {"description": response.get("description", "")}
        headers = response.get("headers")
        if headers:
            out["headers"] = {}
            for name, header in headers.items():
                header_pointer = f"{pointer}/headers/{_escape(name)}"
                self.check_keys(header, {"type", "format", "description"}, header_pointer)
                converted: JSON = {"schema": {k: v for k, v in header.items() if k in ("type", "format")}}
                if "description" in header:
                    converted["description"] = header["description"]
                out["headers"][name] = converted
        if "schema" in response:
            media = produces[0] if produces else "application/json"
            out["content"] = {media: {"schema": self.schema(response["schema"], f"{pointer}/schema")}}
        return out

    # -- operations ------------------------------------------------------------------------------------

    def operation(self, operation: JSON, shared_params: list[JSON], pointer: str) -> JSON:
        self.check_keys(operation, _OPERATION_KEYS, pointer)
        if "operationId" not in operation:
            raise self.fail(pointer, "an operation needs an operationId")
        consumes = operation.get("consumes", self.model.get("consumes", []))
        produces = operation.get("produces", self.model.get("produces", []))
        out: JSON = {"operationId": operation["operationId"]}
        for key in ("summary", "description", "tags", "deprecated"):
            if key in operation:
                out[key] = operation[key]

        merged: dict[tuple[str, str], tuple[JSON, str]] = {}
        for index, param in enumerate(shared_params):
            resolved = self.resolve_parameter(param, f"{pointer}/../parameters/{index}")
            merged[(resolved["name"], resolved["in"])] = (resolved, f"{pointer}/../parameters/{index}")
        for index, param in enumerate(operation.get("parameters", [])):
            resolved = self.resolve_parameter(param, f"{pointer}/parameters/{index}")
            merged[(resolved["name"], resolved["in"])] = (resolved, f"{pointer}/parameters/{index}")

        parameters: list[JSON] = []
        for (_, location), (param, param_pointer) in merged.items():
            if location == "body":
                if "requestBody" in out:
                    raise self.fail(param_pointer, "more than one body parameter")
                out["requestBody"] = self.body(param, consumes, param_pointer)
            else:
                parameters.append(self.parameter(param, param_pointer))
        if parameters:
            out["parameters"] = parameters

        responses = operation.get("responses")
        if not responses:
            raise self.fail(pointer, "an operation needs responses")
        out["responses"] = {
            str(code): self.response(response, produces, f"{pointer}/responses/{code}")
            for code, response in responses.items()
            if not str(code).startswith("x-")
        }
        return out

    # -- document --------------------------------------------------------------------------------------

    def convert(self) -> JSON:
        model = self.model
        if model.get("swagger") != "2.0":
            raise self.fail("/swagger", f"expected Swagger 2.0, found {model.get('swagger')!r}")
        self.check_keys(model, _ROOT_KEYS, "")
        host = model.get("host", "localhost")
        base_path = model.get("basePath", "").rstrip("/")
        out: JSON = {
            "openapi": "3.0.3",
            "info": {k: v for k, v in model["info"].items() if not k.startswith("x-")},
            "servers": [{"url": f"https://{host}{base_path}"}],
            "paths": {},
        }
        for path, item in model["paths"].items():
            item_pointer = f"/paths/{_escape(path)}"
            shared = item.get("parameters", [])
            converted: JSON = {}
            for key, operation in item.items():
                if key.startswith("x-") or key == "parameters":
                    continue  # vendor keys beside the methods (35 path items) are not operations
                if key not in HTTP_METHODS:
                    raise self.fail(f"{item_pointer}/{key}", f"unsupported path item key {key!r}")
                converted[key] = self.operation(operation, shared, f"{item_pointer}/{key}")
            out["paths"][path] = converted

        components: JSON = {}
        definitions = model.get("definitions", {})
        if definitions:
            components["schemas"] = {
                name: self.schema(schema, f"/definitions/{_escape(name)}")
                for name, schema in definitions.items()
            }
        if model.get("responses"):
            components["responses"] = {
                name: self.response(response, model.get("produces", []), f"/responses/{_escape(name)}")
                for name, response in model["responses"].items()
            }
        # Top-level parameters are inlined where they are used; nothing else refers to them.
        if components:
            out["components"] = components
        return out


def convert(model: JSON, *, source: str = "<model>") -> JSON:
    """Return the OpenAPI 3.0.3 form of one Swagger 2.0 SP-API model.

    Args:
        model: The parsed Swagger 2.0 document (left unchanged).
        source: The model's file name, used in error messages.

    Raises:
        ConversionError: The model uses a feature outside the supported subset.
    """
    return _Converter(source, model).convert()
